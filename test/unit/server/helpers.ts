/** Shared set-up for the server tests: an in-memory database seeded with the demo customers. */
import fs from 'node:fs';
import { afterEach } from 'vitest';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../../server/app.ts';
import { openDb, type Db } from '../../../server/db.ts';
import { seedFromFile } from '../../../server/seed.ts';

export const DEMO_SEED = path.resolve(import.meta.dirname, '../../../server/demo-customers.json');

/** A migrated in-memory database holding the demo customers. */
export function demoDb(): Db {
  const db = openDb(':memory:');
  seedFromFile(db, DEMO_SEED);
  return db;
}

/** A ready app on a fresh demo database; close both with `app.close(); db.close()`. */
export async function demoApp(opts: Partial<AppOptions> = {}): Promise<{ app: FastifyInstance; db: Db }> {
  const db = opts.db ?? demoDb();
  const app = buildApp({ ...opts, db });
  await app.ready();
  return { app, db };
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

/** Apps, databases and temp dirs a test opened, closed and removed after each test. */
export function closeAfterEach(): { open: { app: FastifyInstance; db: Db }[]; dirs: string[] } {
  const open: { app: FastifyInstance; db: Db }[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const { app, db } of open.splice(0)) {
      await app.close();
      if (db.open) db.close();
    }
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return { open, dirs };
}
