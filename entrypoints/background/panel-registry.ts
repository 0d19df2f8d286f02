/**
 * Which panel documents the worker listens to. The content script of a tab's top frame registers the token
 * it pinned in its panel's URL fragment (panel.register); a panel page's message or state port is then
 * taken only when the sending document's URL carries that tab's registered token. A copy of panel.html the
 * page managed to load (its own fragment, so no token or a forged one), or our page opened anywhere else,
 * is refused. The registry lives in storage.session, written before the reply, so a stopped and restarted
 * worker refuses and accepts exactly the same senders.
 */

/** A panel message from a tab with no registration yet waits this long (ms) for it: see registeredPanel. */
const REGISTRATION_WAIT_MS = 1000;
const REGISTRATION_POLL_MS = 50;
import { browser } from 'wxt/browser';
import type { Message, Reply } from '../../lib/protocol';
import { panelParams } from '../../lib/panel-params';
import { fromPanelPage, fromThisExtension, type Sender } from '../../platform/messaging';
import { panelTokens, type PanelRegistration } from '../../platform/storage';
import { countRefusal, getInteraction, updateInteraction } from './store';
import type { Interaction } from '../../lib/interaction';
import type { SecurityEventKind } from '../../lib/api/contract';

/** A security event the panel saw (or a call held mid-verification), kept on its interaction; the result record carries it. */
export interface SecurityEvent {
  kind: SecurityEventKind;
  at: number;
}
/** An interaction with the security events its panel reported (at most MAX_SECURITY_EVENTS, newest last). */
export type GuardedInteraction = Interaction & { securityEvents?: SecurityEvent[] };
const MAX_SECURITY_EVENTS = 20;

/** `ix` with one more security event (the oldest dropped past MAX_SECURITY_EVENTS). */
export function withSecurityEvent<T extends Interaction>(ix: T, kind: SecurityEventKind, at: number): T {
  const events = [...((ix as GuardedInteraction).securityEvents ?? []), { kind, at }].slice(-MAX_SECURITY_EVENTS);
  return { ...ix, securityEvents: events };
}

/**
 * The registrations this worker knows storage holds, tab → token: only the worker writes them, so one it wrote,
 * or read with no write of its own under way, is what storage holds. A panel message with its tab's known token
 * is answered without a storage read (a round trip to the browser process, 1-18 ms on a busy machine, on every
 * agent action and every hello); anything else asks storage, which stays the truth. A restarted worker starts
 * knowing nothing.
 */
const known = new Map<number, string>();
/** Bumped as each write or removal starts: a read that overlapped one is not remembered. */
let changes = 0;

/** Forget what is known (tests; a restarted worker starts so). */
export function forgetRegistrations(): void {
  known.clear();
}

/** Our content script in the top frame of a web page's tab (the only context that hosts a panel). */
function fromTopContentScript(sender: Sender): boolean {
  const protocol = sender.url ? new URL(sender.url).protocol : '';
  return fromThisExtension(sender) && !fromPanelPage(sender) && typeof sender.tab?.id === 'number' && (sender.frameId ?? 0) === 0 && (protocol === 'https:' || protocol === 'http:');
}

/** panel.register: remember the tab's panel token (the newest registration of a tab wins: a reload makes a new host). */
export async function onPanelRegister(msg: Message<'panel.register'>, sender: Sender): Promise<Reply<'panel.register'> | undefined> {
  if (!fromTopContentScript(sender)) return void (await countRefusal('bad-sender'));
  const tabId = sender.tab?.id as number;
  changes++;
  known.delete(tabId);
  await panelTokens.set(tabId, { token: msg.token, at: Date.now() });
  known.set(tabId, msg.token);
  return { ok: true };
}

/** The sender is our panel page, in a tab whose content script registered the token its URL carries. */
export async function registeredPanel(sender: Sender): Promise<boolean> {
  const tabId = sender.tab?.id;
  if (!fromPanelPage(sender) || typeof tabId !== 'number' || !sender.url) return false;
  const token = panelParams(new URL(sender.url).hash).token;
  if (!token) return false;
  // The content script does not wait for its registration before loading the panel (that would slow every
  // tab's first panel), so the panel's first message can overtake it: a tab with none yet gets a moment.
  // A registered tab is answered at once; the token must match either way.
  if (known.get(tabId) === token) return true;
  const read = async (): Promise<PanelRegistration | undefined> => {
    const before = changes;
    const got = await panelTokens.get(tabId);
    if (got && before === changes) known.set(tabId, got.token);
    return got;
  };
  let registered = await read();
  for (let waited = 0; !registered && waited < REGISTRATION_WAIT_MS; waited += REGISTRATION_POLL_MS) {
    await new Promise((r) => setTimeout(r, REGISTRATION_POLL_MS));
    registered = await read();
  }
  return registered?.token === token;
}

/** Wrap the worker's dispatcher: a panel page that is not a registered panel is refused (and counted) before parsing. */
export function refuseUnregisteredPanels<R>(dispatch: (raw: unknown, sender: Sender) => Promise<R | undefined>): (raw: unknown, sender: Sender) => Promise<R | undefined> {
  return async (raw, sender) => {
    if (fromPanelPage(sender) && !(await registeredPanel(sender))) return void (await countRefusal('unregistered-panel'));
    return dispatch(raw, sender);
  };
}

/** panel.security: append the event to the interaction, for the panel of that interaction's own tab only. */
export async function onPanelSecurity(msg: Message<'panel.security'>, sender: Sender): Promise<Reply<'panel.security'> | undefined> {
  const ix = await getInteraction(msg.interactionId);
  if (!ix || ix.tabId !== sender.tab?.id) return void (await countRefusal('bad-sender'));
  await updateInteraction(ix.id, (cur) => (cur ? withSecurityEvent(cur, msg.kind, Date.now()) : cur));
  return { ok: true };
}

/** tabs.onRemoved: the tab's registration goes with it. */
export function forgetPanel(tabId: number): Promise<void> {
  changes++;
  known.delete(tabId);
  return panelTokens.remove(tabId);
}

/** The worker's listeners for panel registration (called once, synchronously, at the worker's start). */
export function watchPanelTabs(): void {
  browser.tabs.onRemoved.addListener((tabId) => void forgetPanel(tabId));
}
