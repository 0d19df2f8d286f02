/** Replays the Genesys Cloud data actions of docs/genesys/*.json against the API (app.inject). */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../../server/db/open.ts';
import { inputsOf, jsonPath, renderVelocity, schemaProblems, translate, type DataAction } from './genesys-template.ts';
import { demoApp, send, forEachBackend } from '../helpers.ts';

forEachBackend(() => {

  const DIR = path.resolve(import.meta.dirname, '../../../../docs/genesys');
  const DOC = path.resolve(import.meta.dirname, '../../../../docs/genesys-data-actions.md');
  const load = (name: string) => JSON.parse(fs.readFileSync(path.join(DIR, name), 'utf8')) as DataAction;
  const ACTIONS = {
    identify: load('identify-by-ani.json'),
    challenge: load('start-challenge.json'),
    verify: load('verify.json'),
    result: load('write-ivr-result.json'),
  };
  const TOKEN = 'genesys-token-0123456789';

  let app: FastifyInstance;
  let db: Db;
  beforeEach(async () => {
    ({ app, db } = await demoApp({ tokens: [{ token: TOKEN, scopes: ['ivr'] }] })); // the IVR's own scope
  });
  afterEach(async () => {
    await app.close();
    await db.close();
  });

  /** Run a data action as Genesys would: render, send, check the response status and translate it. */
  async function run(action: DataAction, input: Record<string, string | number>, status = 200) {
    const { request } = action.config;
    const url = new URL(renderVelocity(request.requestUrlTemplate, input));
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), renderVelocity(v, input, { apiToken: TOKEN })]));
    const payload = renderVelocity(request.requestTemplate, input);
    JSON.parse(payload); // the rendered template must be JSON
    const res = await app.inject({ method: request.requestType as 'POST', url: url.pathname, headers, payload });
    expect(res.statusCode, `${action.name}: ${res.body}`).toBe(status);
    const { output, missing } = translate(action, res.json());
    expect(missing, `${action.name}: translation map paths missing from the response`).toEqual([]);
    expect(schemaProblems(action.contract.output.successSchema, output)).toEqual([]);
    return { output: output as Record<string, unknown>, body: res.json() as unknown };
  }

  describe('Genesys data actions (docs/genesys)', () => {
    it.each(Object.entries(ACTIONS))('%s is an importable custom REST action whose inputs match its contract', (_name, action) => {
      expect(action).toMatchObject({ integrationType: 'custom-rest-actions', actionType: 'custom', secure: false });
      expect(action.config.request.headers.Authorization).toBe('Bearer ${credentials.apiToken}');
      const declared = Object.keys(action.contract.input.inputSchema.properties ?? {});
      const used = [...inputsOf(action.config.request.requestTemplate), ...inputsOf(action.config.request.requestUrlTemplate)];
      expect(new Set(used)).toEqual(new Set(declared));
      expect(action.contract.input.inputSchema.required?.every((k) => declared.includes(k))).toBe(true);
    });

    it('identifies by ANI, challenges, verifies and writes the IVR result', async () => {
      const conversationId = '5d4f9a1e-2b3c-4d5e-8f90-123456789abc';
      const who = await run(ACTIONS.identify, { conversationId, ani: 'tel:+14155550100' });
      expect(who.output).toEqual({ customerId: 'C-1001', displayName: 'Ada Lovelace', candidateCount: 1, attemptsRemaining: 3 });

      const ch = await run(ACTIONS.challenge, { conversationId, customerId: String(who.output.customerId) });
      expect(ch.output).toMatchObject({ requiredIds: ['dob'], additionalIds: ['postcode', 'pin_last4'], additionalNeeded: 1 });

      const v = await run(ACTIONS.verify, { conversationId, challengeId: String(ch.output.challengeId), dobDigits: '10121985', pinLast4: '1815' });
      expect(v.output).toEqual({ outcome: 'verified', attemptsRemaining: 3, lockedUntil: '' });

      const input = { conversationId, startedAt: '2025-03-01T09:00:00.000Z', endedAt: '2025-03-01T09:02:00.000Z', outcome: 'verified', customerId: 'C-1001', verifyAttempts: 1 };
      const stored = await run(ACTIONS.result, input, 200); // completes the status recorded by the verify
      expect(stored.output).toMatchObject({ status: 'verified', verifiedBy: 'ivr' });
      await run(ACTIONS.result, input, 200); // a Genesys retry is idempotent
      expect(await db.get('SELECT COUNT(*) AS n FROM interactions')).toEqual({ n: 1 });
      const status = await send(app, 'GET', `/v1/interactions/${conversationId}`, undefined, { authorization: `Bearer ${TOKEN}` });
      expect(status.json()).toMatchObject({ status: 'verified', customerId: 'C-1001', verifiedBy: 'ivr', method: 'ani' });
    });

    it('maps an unknown number to candidateCount 0 and writes a not_identified result without a customer', async () => {
      const conversationId = 'conv-unknown';
      const who = await run(ACTIONS.identify, { conversationId, ani: '+44 20 7946 0999' });
      expect(who.output).toEqual({ customerId: '', displayName: '', candidateCount: 0, attemptsRemaining: 3 });
      const input = { conversationId, startedAt: '2025-03-01T09:00:00Z', endedAt: '2025-03-01T09:01:00Z', outcome: 'not_identified', customerId: '', verifyAttempts: 0 };
      expect((await run(ACTIONS.result, input, 201)).output).toMatchObject({ status: 'not_identified' });
    });

    it('reports failed attempts and the lock end from the verify action', async () => {
      const conversationId = 'conv-lock';
      let last: Record<string, unknown> = {};
      for (let i = 0; i < 3; i++) {
        const ch = await run(ACTIONS.challenge, { conversationId, customerId: 'C-1001' });
        last = (await run(ACTIONS.verify, { conversationId, challengeId: String(ch.output.challengeId), dobDigits: '01011990', pinLast4: '0000' })).output;
      }
      expect(last).toEqual({ outcome: 'failed', attemptsRemaining: 0, lockedUntil: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    });

    it('escapes input values so they cannot break the JSON body', () => {
      const body = renderVelocity(ACTIONS.identify.config.request.requestTemplate, { conversationId: 'c"1', ani: '\\"}, "method": "lastName' });
      expect(JSON.parse(body)).toEqual({ interactionId: 'c"1', method: 'ani', value: '\\"}, "method": "lastName' });
      expect(jsonPath({ a: [{ b: 1 }, { b: 2 }] }, '$.a[*].b')).toEqual({ found: true, value: [1, 2] });
      expect(jsonPath({ a: [] }, '$.a[0].b')).toEqual({ found: false });
    });

    it('documents each action with the same JSON as docs/genesys/*.json', () => {
      const doc = fs.readFileSync(DOC, 'utf8');
      const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? '') as DataAction);
      for (const action of Object.values(ACTIONS)) expect(blocks).toContainEqual(action);
    });
  });
});
