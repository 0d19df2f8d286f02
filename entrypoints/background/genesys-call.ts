/**
 * A call the Genesys notification channel announced, taken down the content scripts' path: the worker
 * picks the tab the agent works in (Genesys Cloud itself, else Salesforce with the embedded softphone),
 * asks its top frame for its URL as the sub-frame check does (no `tabs` permission needed), hands a
 * call.detected for that frame to the same handler, and mounts the panel there. Only tabs whose top frame
 * runs our content script on a matching host can be chosen, so a call never opens a panel elsewhere.
 */
import { browser, type Browser } from 'wxt/browser';
import type { GenesysCall } from '../../lib/genesys/notifications';
import { genesysCloud, genesysEmbedded } from '../../lib/adapters/genesys';
import { matchesAny } from '../../lib/match-pattern';
import { parseMessage, FROM_CONTENT } from '../../lib/protocol';
import { sendToFrame, type Sender } from '../../platform/messaging';
import { BACKGROUND_HANDLERS } from './handlers';
import { mountInTopFrame } from './calls';
import { getInteraction } from './store';

type Tab = Browser.tabs.Tab;
interface Target { tab: Tab; url: string; adapterId: string }

/** The adapter a top-frame URL belongs to: the Genesys agent UI of this region, or a Lightning page. */
function adapterFor(url: string, region: string): string | null {
  const u = new URL(url);
  if (u.hostname === `apps.${region}` && !u.pathname.startsWith('/crm/')) return genesysCloud.id;
  const lightning = genesysEmbedded.matches.filter((m) => /force\.com|salesforce\.com/.test(m));
  return matchesAny(lightning, url) ? genesysEmbedded.id : null;
}

/** The tab to show the call in: the active one if it qualifies, else the one used last; Genesys before Salesforce. */
async function targetTab(region: string): Promise<Target | null> {
  const tabs = (await browser.tabs.query({})).filter((t) => t.id !== undefined && !t.incognito);
  const found = await Promise.all(tabs.map(async (tab): Promise<Target | null> => {
    const url = (await sendToFrame(tab.id as number, 0, { type: 'frame.top' }))?.url;
    const adapterId = typeof url === 'string' ? adapterFor(url, region) : null;
    return adapterId ? { tab, url: url as string, adapterId } : null;
  }));
  const rank = (t: Target): number[] => [t.tab.active ? 1 : 0, t.adapterId === genesysCloud.id ? 1 : 0, t.tab.lastAccessed ?? 0];
  const order = (a: number[], b: number[]): number => a.reduce((d, x, i) => d || (b[i] ?? 0) - x, 0);
  return found.filter((t): t is Target => t !== null).sort((a, b) => order(rank(a), rank(b)))[0] ?? null;
}

const senderOf = (tab: Tab, url: string): Sender => ({ id: browser.runtime.id, tab, frameId: 0, url });

/** What was last reported per conversation: the channel repeats a call on every participant change. */
const reported = new Map<string, string>();

/** Report an inbound call of the signed-in agent in the tab they work in, and open the panel there. */
export async function reportGenesysCall(call: GenesysCall, region: string): Promise<void> {
  if (reported.get(call.conversationId) === call.state) return;
  reported.set(call.conversationId, call.state);
  if (reported.size > 50) reported.delete(reported.keys().next().value as string);
  const target = await targetTab(region);
  if (!target) return;
  const parsed = parseMessage(FROM_CONTENT, {
    type: 'call.detected', adapterId: target.adapterId, interactionId: call.conversationId, rawAni: call.rawAni, pageUrl: target.url,
  });
  if (!parsed.ok || parsed.message.type !== 'call.detected') return;
  const reply = await BACKGROUND_HANDLERS['call.detected'](parsed.message, senderOf(target.tab, target.url));
  if (reply?.ok) await mountInTopFrame(target.tab.id as number, reply.interactionId);
}

/** The agent's leg ended: as a content script's call.ended, for the interaction's own tab. */
export async function endGenesysCall(conversationId: string): Promise<void> {
  reported.delete(conversationId);
  const ix = await getInteraction(conversationId);
  if (!ix) return;
  const tab = await browser.tabs.get(ix.tabId).catch(() => null);
  if (!tab) return;
  await BACKGROUND_HANDLERS['call.ended']({ type: 'call.ended', interactionId: conversationId }, senderOf(tab, tab.url ?? ''));
}
