/** Shared set-up for the server tests: a fresh database (of the current backend) seeded with the demo customers. */
import { afterEach } from 'vitest';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../../server/app.ts';
import { openDb, type Db } from '../../../server/db/open.ts';
import { seedFromFile } from '../../../server/seed/seed.ts';
import { currentBackend, freshDb, freshTarget } from './backends.ts';

export { forEachBackend, currentBackend } from './backends.ts';

export const DEMO_SEED = path.resolve(import.meta.dirname, '../../../server/seed/demo-customers.json');

/** A migrated database of the current backend holding the demo customers. */
export async function demoDb(): Promise<Db> {
  const db = await freshDb(currentBackend());
  await seedFromFile(db, DEMO_SEED);
  return db;
}

/** A ready app on a fresh demo database; close both with `await app.close(); await db.close()`. */
export async function demoApp(opts: Partial<AppOptions> = {}): Promise<{ app: FastifyInstance; db: Db }> {
  const db = opts.db ?? (await demoDb());
  const app = buildApp({ ...opts, db });
  await app.ready();
  return { app, db };
}

/** Two handles (replicas) on one fresh store of the current backend, seeded with the demo customers. */
export async function replicaDbs(): Promise<[Db, Db]> {
  const target = await freshTarget(currentBackend());
  const a = await openDb(target);
  await seedFromFile(a, DEMO_SEED);
  return [a, await openDb(target)];
}

/** POST a JSON body to /v1/identify. */
export function identify(app: FastifyInstance, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/v1/identify', payload: body as object, headers });
}

/** Send a JSON request with any method. */
export function send(app: FastifyInstance, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
}

/** POST /v1/challenge. */
export function challenge(app: FastifyInstance, body: unknown, headers: Record<string, string> = {}) {
  return send(app, 'POST', '/v1/challenge', body, headers);
}

/** POST /v1/verify. */
export function verify(app: FastifyInstance, body: unknown, headers: Record<string, string> = {}) {
  return send(app, 'POST', '/v1/verify', body, headers);
}

/** The demo answers of Ada Lovelace (C-1001). */
export const ADA = { customerId: 'C-1001', dob: '1985-12-10', postcode: '94107', pin: '1815' };

/** A clock tests can move: `clock.now()` for the app, `clock.advance(ms)` to move time. */
export function testClock(start = Date.parse('2025-03-01T09:00:00Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms), set: (ms: number) => void (t = ms) };
}

/** Apps and databases a test opened, closed after each test. */
export function closeAfterEach(): { open: { app: FastifyInstance; db: Db }[] } {
  const open: { app: FastifyInstance; db: Db }[] = [];
  afterEach(async () => {
    for (const { app, db } of open.splice(0)) {
      await app.close();
      await db.close();
    }
  });
  return { open };
}
