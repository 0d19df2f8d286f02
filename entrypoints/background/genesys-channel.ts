/**
 * Genesys Cloud calls from the Platform API notification channel, a worker-side event source: with policy
 * `genesys` set and the agent signed in to Genesys (the stored token, a refresh, or a silent PKCE sign-in
 * against `login.<region>`, which succeeds while the browser holds a Genesys session), the worker opens a
 * channel subscribed to the agent's calls topic. A ringing or connected inbound call then takes the same
 * path as a content script's call.detected (genesys-call.ts), for the tab showing Genesys Cloud or a
 * Salesforce tab. Signed out, nothing changes: the content scripts' DOM detection goes on, and the status
 * (storage.session) lets the options page, and the panel of a call the page found (genesys-hint.ts), say
 * how to sign in. An open WebSocket keeps an MV3 worker alive
 * (Chrome 116+); a minute alarm reopens the channel after the worker was stopped anyway.
 */
import { browser } from 'wxt/browser';
import { accessToken, type AuthEnv } from '../../lib/auth/session';
import { TOKENS_KEY } from '../../lib/auth/keys';
import { genesysOAuth, openCallsChannel, type GenesysConfig } from '../../lib/genesys/platform-api';
import { parseFrame } from '../../lib/genesys/notifications';
import { loadSettings } from './settings-store';
import { endGenesysCall, reportGenesysCall } from './genesys-call';
import { keepAwake } from './keep-awake';
import { GENESYS_KEY_PREFIX as PREFIX, GENESYS_STATUS_KEY } from '../../lib/genesys/keys';
import type { AuthStore } from '../../lib/auth/session';
import { authStore, STORAGE, watchAreas, watchEntry } from '../../platform/storage';

export const GENESYS_ALARM = 'genesys-channel';

/** The Genesys tokens' store: storage.session under `genesys:` keys, apart from the verification API's. */
export const genesysStore: AuthStore = {
  get: (key) => authStore.get(`${PREFIX}${key}`),
  set: (key, value) => authStore.set(`${PREFIX}${key}`, value),
  remove: (key) => authStore.remove(`${PREFIX}${key}`),
};

/** off: no `genesys` policy; signed-out: no token (DOM detection only); connected: calls come from the channel. */
export interface GenesysStatus { state: 'off' | 'signed-out' | 'connected' | 'error'; detail?: string }

/** Record the channel's status for the options page. */
async function setGenesysStatus(status: GenesysStatus): Promise<void> {
  await authStore.set(GENESYS_STATUS_KEY, { ...status, at: Date.now() });
}
const RETRY_MS = 5000;

let socket: WebSocket | null = null;
let socketKey = '';
let running: Promise<void> | null = null;
let again = false;

/** The auth environment of the Genesys login (tokens under their own keys, apart from the API's). */
export function genesysAuthEnv(cfg: GenesysConfig, timeoutMs: number): AuthEnv {
  return {
    config: genesysOAuth(cfg), store: genesysStore, timeoutMs, redirectUri: browser.identity.getRedirectURL(),
    launch: async (url, interactive) => {
      const redirect = await browser.identity.launchWebAuthFlow({ url, interactive });
      if (!redirect) throw new Error('Sign-in ended without an answer');
      return redirect;
    },
  };
}

function close(): void {
  const ws = socket;
  socket = null;
  socketKey = '';
  ws?.close();
}

/**
 * Open the channel if the settings ask for one and it is not open; one attempt at a time. A call during
 * an attempt runs one more after it: the attempt may have read the settings or tokens before the change.
 */
export function ensureGenesysChannel(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = openIfNeeded().finally(() => {
    running = null;
    if (again) {
      again = false;
      void ensureGenesysChannel();
    }
  });
  return running;
}

async function openIfNeeded(): Promise<void> {
  const { settings } = await loadSettings();
  const cfg: GenesysConfig | null = settings.genesys.region && settings.genesys.clientId ? settings.genesys : null;
  const key = cfg ? JSON.stringify(cfg) : '';
  if (!cfg) {
    close();
    return setGenesysStatus({ state: 'off' });
  }
  if (socket && socketKey === key && socket.readyState <= WebSocket.OPEN) return;
  close();
  const env = genesysAuthEnv(cfg, settings.apiTimeoutMs);
  const token = await accessToken(env);
  if (!token.ok) return setGenesysStatus({ state: 'signed-out', detail: token.error.detail });
  const channel = await openCallsChannel(cfg.region, token.value, { fetch: (...a) => fetch(...a), timeoutMs: settings.apiTimeoutMs });
  if (!channel.ok) {
    // A refused token (revoked, or another org's) is dropped: the next attempt signs in again.
    if (channel.status === 401) await genesysStore.remove(TOKENS_KEY);
    return setGenesysStatus({ state: channel.status === 401 ? 'signed-out' : 'error', detail: channel.detail });
  }
  const { userId, connectUri } = channel.value;
  const ws = new WebSocket(connectUri);
  socket = ws;
  socketKey = key;
  // Firefox would suspend the event page, and close the channel with it, after 30 s without events.
  ws.addEventListener('close', keepAwake(), { once: true });
  ws.addEventListener('open', () => void setGenesysStatus({ state: 'connected' }));
  ws.addEventListener('message', (ev: MessageEvent) => {
    if (typeof ev.data !== 'string') return;
    const event = parseFrame(ev.data, userId);
    if (event.kind === 'call') void reportGenesysCall(event.call, cfg.region);
    else if (event.kind === 'ended') void endGenesysCall(event.conversationId);
  });
  ws.addEventListener('close', () => {
    if (socket !== ws) return;
    socket = null;
    void setGenesysStatus({ state: 'error', detail: 'Notification channel closed; reopening' });
    setTimeout(() => void ensureGenesysChannel(), RETRY_MS);
  });
}

/** Register the channel's listeners (at the worker's top level) and open it. */
export function startGenesysChannel(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === GENESYS_ALARM) void ensureGenesysChannel();
  });
  // The policy or the agent's options changed: open, close or reopen (another region or client).
  watchAreas(['managed'], () => void ensureGenesysChannel());
  watchEntry(STORAGE.options, () => void ensureGenesysChannel());
  void browser.alarms.create(GENESYS_ALARM, { periodInMinutes: 1 });
  void ensureGenesysChannel();
}
