/**
 * The Genesys Cloud Platform API calls the notification channel needs, with the agent's access token:
 * who the agent is (`GET /api/v2/users/me`), a channel (`POST /api/v2/notifications/channels` → `id`,
 * `connectUri`) and its subscription to the agent's calls topic (`PUT .../subscriptions`). Hosts follow
 * the region's domain (`login.`, `api.`, `apps.` + e.g. `mypurecloud.com`). Pure: fetch is passed in.
 */
import type * as gc from 'purecloud-platform-client-v2';
import type { OAuthConfig } from '../auth/oauth';
import { callsTopic } from './notifications';

/** The Genesys settings: the region's domain and the OAuth client (PKCE) the admin created for us. */
export interface GenesysConfig { region: string; clientId: string }

/** The OAuth configuration of the region's login service (PKCE, public client). */
export function genesysOAuth(cfg: GenesysConfig): OAuthConfig {
  return { type: 'oauth2-pkce', authorizeUrl: `https://login.${cfg.region}/oauth/authorize`, tokenUrl: `https://login.${cfg.region}/oauth/token`, clientId: cfg.clientId, scopes: [] };
}

/** The channel to connect to, for the agent it belongs to. */
export interface OpenChannel { userId: string; channelId: string; connectUri: string }

export type ChannelResult = { ok: true; value: OpenChannel } | { ok: false; status: number; detail: string };

/** Create a notification channel subscribed to the agent's calls topic. */
export async function openCallsChannel(region: string, token: string, opts: { fetch: typeof fetch; timeoutMs: number }): Promise<ChannelResult> {
  const api = `https://api.${region}/api/v2`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ ok: true; value: T } | { ok: false; status: number; detail: string }> => {
    let res: Response;
    try {
      res = await opts.fetch(`${api}${path}`, {
        method, signal: AbortSignal.timeout(opts.timeoutMs),
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      return { ok: false, status: 0, detail: `${method} ${path}: ${String((err as Error)?.message ?? err).slice(0, 120)}` };
    }
    if (!res.ok) return { ok: false, status: res.status, detail: `${method} ${path}: HTTP ${res.status}` };
    return { ok: true, value: (await res.json().catch(() => ({}))) as T };
  };
  const me = await call<gc.Models.UserMe>('GET', '/users/me');
  if (!me.ok) return me;
  const channel = await call<gc.Models.Channel>('POST', '/notifications/channels');
  if (!channel.ok) return channel;
  const userId = me.value.id;
  const { id: channelId, connectUri } = channel.value;
  if (typeof userId !== 'string' || typeof channelId !== 'string' || typeof connectUri !== 'string' || !/^wss:\/\//.test(connectUri)) {
    return { ok: false, status: 200, detail: 'Unexpected answer: no user id, channel id or wss connectUri' };
  }
  const topics: gc.Models.ChannelTopic[] = [{ id: callsTopic(userId) }];
  const sub = await call<gc.Models.ChannelTopicEntityListing>('PUT', `/notifications/channels/${encodeURIComponent(channelId)}/subscriptions`, topics);
  if (!sub.ok) return sub;
  return { ok: true, value: { userId, channelId, connectUri } };
}
