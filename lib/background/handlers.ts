/**
 * Background message handling: check the sender, parse with the protocol schemas, update the stored
 * interaction, then perform the step the flow asks for. Replies are plain data for the caller.
 */
import { browser, type Browser } from 'wxt/browser';
import { FROM_CONTENT, FROM_PANEL, parseMessage, type CallDetected, type CallDetectedReply } from '../protocol';
import { adapterById } from '../adapters';
import { matchesAny } from '../match-pattern';
import { normaliseAni, type CountryCode } from '../phone';
import { startFlow, nextFlow, needsApiCall, type FlowEvent } from '../flow';
import { identify } from '../api-client';
import { getInteraction, updateInteraction, countRefusal, type Interaction } from './store';
import { loadSettings } from './settings-store';
import { showOutcomeBadge } from './badge';

type Sender = Browser.runtime.MessageSender;

/** Sender is a content script of ours in a tab whose URL the adapter is allowed to run on. */
function contentSenderOk(sender: Sender, msg: CallDetected): boolean {
  const adapter = adapterById(msg.adapterId);
  return sender.id === browser.runtime.id && sender.tab?.id !== undefined && !!sender.url && !!adapter && matchesAny(adapter.matches, sender.url);
}

/** Sender is our own panel page. */
function panelSenderOk(sender: Sender): boolean {
  return sender.id === browser.runtime.id && !!sender.url && sender.url.startsWith(browser.runtime.getURL('/panel.html'));
}

/** Entry point for every runtime message; undefined means "refused". */
export async function handleMessage(raw: unknown, sender: Sender): Promise<unknown> {
  const fromPanel = panelSenderOk(sender);
  const parsed = fromPanel ? parseMessage(FROM_PANEL, raw) : parseMessage(FROM_CONTENT, raw);
  if (!parsed.ok) return void (await countRefusal(parsed.refusal));
  const msg = parsed.message;
  if (msg.type === 'call.detected') {
    if (fromPanel || !contentSenderOk(sender, msg)) return void (await countRefusal('bad-sender'));
    return onCallDetected(msg, sender);
  }
  const ix = await getInteraction(msg.interactionId);
  if (!ix || ix.tabId !== sender.tab?.id) return void (await countRefusal('bad-sender'));
  if (msg.type === 'panel.retry') {
    await applyEvent(ix.id, { type: 'retry' });
    void runPendingStep(ix.id);
    return { ok: true };
  }
  void runPendingStep(ix.id); // resumes a step a stopped worker left in flight
  return { ok: true, interaction: ix };
}

async function onCallDetected(msg: CallDetected, sender: Sender): Promise<CallDetectedReply> {
  const { settings } = await loadSettings();
  const ani = msg.rawAni === null ? null : normaliseAni(msg.rawAni, settings.defaultRegion as CountryCode);
  const tabId = sender.tab?.id as number;
  const saved = await updateInteraction(msg.interactionId, (cur) => {
    const sameCall = cur && (cur.ani?.kind === 'number' ? ani?.kind !== 'number' || ani.e164 === cur.ani.e164 : ani === null);
    if (cur && sameCall) return cur.tabId === tabId ? cur : { ...cur, tabId, frameId: sender.frameId ?? 0 };
    const now = Date.now();
    return {
      id: msg.interactionId, tabId, frameId: sender.frameId ?? 0, adapterId: msg.adapterId,
      crmOrigin: new URL(sender.url as string).origin, startedAt: cur?.startedAt ?? now, updatedAt: now,
      ani, flow: startFlow(ani),
    };
  });
  if (!saved) return { ok: false, error: 'not stored' };
  await showOutcomeBadge(saved);
  void runPendingStep(saved.id);
  return { ok: true, interactionId: saved.id };
}

async function applyEvent(id: string, event: FlowEvent): Promise<Interaction | undefined> {
  const saved = await updateInteraction(id, (cur) => {
    if (!cur) return undefined;
    const { pendingSince: _done, ...rest } = cur;
    return { ...rest, flow: nextFlow(cur.flow, event) };
  });
  if (saved) await showOutcomeBadge(saved);
  return saved;
}

/** Perform the API call the current step needs, once, and store its result. */
export async function runPendingStep(id: string): Promise<void> {
  const { settings } = await loadSettings();
  const staleBefore = Date.now() - settings.apiTimeoutMs - 2000;
  let claimed = false;
  const ix = await updateInteraction(id, (cur) => {
    if (!cur || !needsApiCall(cur.flow) || (cur.pendingSince ?? 0) > staleBefore) return undefined;
    claimed = true;
    return { ...cur, pendingSince: Date.now() };
  });
  if (!ix || !claimed || !needsApiCall(ix.flow)) return;
  const res = await identify(
    { baseUrl: settings.apiBaseUrl, timeoutMs: settings.apiTimeoutMs },
    { interactionId: ix.id, method: ix.flow.method, value: ix.flow.value },
  );
  await applyEvent(id, res.ok ? { type: 'identify.result', candidates: res.data.candidates } : { type: 'identify.failed', error: res.error });
}
