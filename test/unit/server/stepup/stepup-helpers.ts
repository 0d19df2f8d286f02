/** Shared by the step-up tests: Ada's demo device credential and reading a code from the outbox (her phone). */
import type { FastifyInstance } from 'fastify';
import { send } from '../helpers.ts';

export const ADA_DEVICE = 'Device ada-phone.demo-device-secret-ada-phone-0001';
export const ADA_PHONE = '+14155550100';

/** The newest code the outbox holds for `to` (what the customer reads on their phone). */
export async function codeFromOutbox(app: FastifyInstance, to = ADA_PHONE): Promise<string> {
  const res = await send(app, 'GET', `/dev/outbox?to=${encodeURIComponent(to)}`);
  const body = res.json() as { messages: { body: string }[] };
  const match = /code is ([0-9 ]+)\./.exec(body.messages[0]?.body ?? '');
  if (!match) throw new Error(`no code in the outbox: ${res.body}`);
  return (match[1] as string).replace(/ /g, '');
}
