/**
 * The notification channel against a loopback Genesys (test/fixtures/genesys-service.ts): PKCE sign-in at the
 * region's login with lib/auth, the Platform API calls that open and subscribe a channel, then documented
 * frames over a real WebSocket, parsed for the signed-in agent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, fetch as undiciFetch } from 'undici';
import WebSocket from 'ws';
import { startGenesysService, type GenesysService } from '../../../fixtures/genesys-service.ts';
import { genesysOAuth, openCallsChannel } from '../../../../lib/genesys/platform-api.ts';
import { callsTopic, parseFrame, type ChannelEvent } from '../../../../lib/genesys/notifications.ts';
import { signIn, type AuthStore } from '../../../../lib/auth/session.ts';

const REGION = 'mypurecloud.com';
const CONV = '3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70';
let svc: GenesysService;
let agent: Agent;
/** Every host name resolves to the loopback service (as Chromium's --host-resolver-rules do in the e2e). */
const lookup = (_h: string, o: unknown, cb?: (e: null, a: string | { address: string; family: number }[], f?: number) => void): void => {
  const done = (typeof o === 'function' ? o : cb) as (e: null, a: string | { address: string; family: number }[], f?: number) => void;
  if (typeof o === 'object' && o && (o as { all?: boolean }).all) done(null, [{ address: '127.0.0.1', family: 4 }]);
  else done(null, '127.0.0.1', 4);
};
const loopFetch = ((url: string, init?: RequestInit) => {
  const u = new URL(url);
  u.port = String(svc.port);
  return undiciFetch(u, { ...(init as object), dispatcher: agent });
}) as unknown as typeof fetch;

beforeAll(async () => {
  svc = await startGenesysService(REGION);
  agent = new Agent({ connect: { rejectUnauthorized: false, lookup: lookup as never } });
});
afterAll(async () => {
  await svc.close();
  await agent.close();
});

function memoryStore(): AuthStore {
  const m = new Map<string, unknown>();
  return { get: async (k) => m.get(k), set: async (k, v) => void m.set(k, v), remove: async (k) => void m.delete(k) };
}

/** A silent PKCE sign-in at the fake login: the browser's redirect, followed by hand. */
async function token(): Promise<string> {
  const r = await signIn({
    config: genesysOAuth({ region: REGION, clientId: 'genesys-e2e-client' }), store: memoryStore(), timeoutMs: 5000, fetch: loopFetch,
    redirectUri: 'https://extension.chromiumapp.org/',
    launch: async (url) => (await loopFetch(url, { redirect: 'manual' })).headers.get('location') ?? '',
  }, false);
  if (!r.ok) throw new Error(r.error.detail);
  return r.value.accessToken;
}

describe('notification channel over loopback', () => {
  it('signs in, opens a channel on the agent\'s calls topic, and turns its frames into calls', async () => {
    const opened = await openCallsChannel(REGION, await token(), { fetch: loopFetch, timeoutMs: 5000 });
    if (!opened.ok) throw new Error(opened.detail);
    expect(opened.value.userId).toBe(svc.userId);
    expect(opened.value.connectUri).toMatch(/^wss:\/\/streaming\.mypurecloud\.com\/channels\//);
    expect(svc.counts.subscriptions).toEqual([[callsTopic(svc.userId)]]);

    const u = new URL(opened.value.connectUri);
    u.port = String(svc.port);
    const ws = new WebSocket(u, { rejectUnauthorized: false, lookup: lookup as never, headers: { host: 'streaming.mypurecloud.com' } });
    const events: ChannelEvent[] = [];
    ws.on('message', (d) => events.push(parseFrame(String(d), opened.value.userId)));
    await svc.connected();
    svc.heartbeat();
    svc.notify({ id: CONV, participants: [
      { purpose: 'customer', address: 'tel:+14155550123', state: 'connected', direction: 'inbound' },
      { purpose: 'agent', user: { id: svc.userId }, state: 'alerting', direction: 'inbound' },
    ] });
    svc.notify({ id: CONV, participants: [{ purpose: 'agent', user: { id: 'someone-else' }, state: 'alerting', direction: 'inbound' }] }, 'someone-else');
    await expect.poll(() => events.length).toBe(3);
    ws.close();
    expect(events).toEqual([
      { kind: 'heartbeat' },
      { kind: 'call', call: { conversationId: CONV, rawAni: '+14155550123', state: 'alerting' } },
      { kind: 'ignored' },
    ]);
  });

  it('a token the API does not know: 401, nothing opened', async () => {
    const r = await openCallsChannel(REGION, 'forged', { fetch: loopFetch, timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: false, status: 401 });
  });
});
