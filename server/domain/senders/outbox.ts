/**
 * The default sender: messages are written to the database (stepup_outbox) instead of a phone network,
 * so the demo and the tests can read "the customer's phone" (GET /dev/outbox, demo mode only). A real
 * deployment sets a provider (twilio-verify.ts). A step-up's messages are deleted when it ends, so a
 * code does not stay readable after it stopped being useful.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/sql.ts';
import type { SendRequest, StepUpSender } from './types.ts';

/** The text the customer receives. */
function messageText(req: SendRequest): string {
  if (req.code === undefined) return 'Caller Verify: a request to confirm it is you is waiting in your app.';
  const spoken = req.channel === 'voice' ? req.code.split('').join(' ') : req.code;
  return `Caller Verify: your code is ${spoken}. Read it out only to the agent on the call you made.`;
}

/** Messages of the outbox, newest first (demo mode), optionally only those to `destination`. */
export function listOutbox(db: Queryable, destination?: string): Promise<{ id: string; channel: string; to: string; body: string; createdAt: string }[]> {
  const where = destination === undefined ? '' : ' WHERE destination = ?';
  return db
    .all<{ message_id: string; channel: string; destination: string; body: string; created_at: number | string }>(
      `SELECT * FROM stepup_outbox${where} ORDER BY created_at DESC, message_id LIMIT 50`,
      destination === undefined ? [] : [destination],
    )
    .then((rows) => rows.map((r) => ({ id: r.message_id, channel: r.channel, to: r.destination, body: r.body, createdAt: new Date(Number(r.created_at)).toISOString() })));
}

/** Forget a step-up's messages (it ended). */
export async function clearOutbox(db: Queryable, stepUpId: string): Promise<void> {
  await db.run('DELETE FROM stepup_outbox WHERE step_up_id = ?', [stepUpId]);
}

/** The outbox sender on a clock (epoch ms). */
export function outboxSender(now: () => number): StepUpSender {
  return {
    name: 'outbox',
    ownsCode: false,
    channels: ['sms', 'voice', 'email'],
    async send(req, db) {
      await db.run(
        'INSERT INTO stepup_outbox (message_id, step_up_id, channel, destination, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [randomUUID(), req.stepUpId, req.channel, req.destination, messageText(req), now()],
      );
      return {};
    },
  };
}
