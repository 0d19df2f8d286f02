/**
 * The worker's message dispatcher: a message from our panel page is parsed against the panel's schemas,
 * anything else against the content script's; then one handler per type checks the sender, updates the
 * stored interaction and performs the step the flow asks for (runner.ts). Replies are plain data.
 */
import { browser } from 'wxt/browser';
import { FROM_CONTENT, FROM_PANEL, parseMessage, type Message, type Reply, type TypesFrom, type TypesTo } from '../../lib/protocol';
import { dispatcher, fromPanelPage, fromSidePanelPage, type Handler, type Handlers, type Sender } from '../../platform/messaging';
import { effectiveAdapterById } from '../../lib/adapters/effective';
import { normaliseAni, type CountryCode } from '../../lib/phone';
import { startFlow, outcomeOf, apiCallFor, type FlowEvent } from '../../lib/flow';
import { getInteraction, updateInteraction, countRefusal } from './store';
import { interactionsStore } from '../../platform/storage';
import type { Interaction } from '../../lib/interaction';
import { clientOptionsFrom } from './api-options';
import { loadSettings } from './settings-store';
import { showOutcomeBadge } from './badge';
import { flowConfigFrom, panelLayoutFrom } from './flow-config';
import { abandonOthersInTab, type ShownInteraction } from './tabs';
import { applyEvent, runPendingStep, submitVerify, recoverInterruptedVerify, type Claimed } from './runner';
import { adapterSenderOk, adaptersFor, mountInTopFrame, onCallEnded, onContentConfig, onSelectorHealth, subFrameMayReport } from './calls';
import { signInFromPanel } from './sign-in';
import { holdIfVerifying, keepCurrentCall, switchToIncoming } from './incoming';
import { onPanelRegister, onPanelSecurity } from './panel-registry';
import { onSideCurrent, portOwns } from './side-panel';
import type { Policy } from '../../lib/policy/schema';
import { onGuardsEvent, onGuardsState } from './guards';
import { noteGenesysSignIn } from './genesys-hint';
import { STEP_UP_ACTIONS as STEP_UP, recoverInterruptedCheck } from './stepup';
import { mayHintGenesysSignIn } from '../../lib/genesys/sign-in-hint';

// side.current names a window, not an interaction: its handler checks the side panel itself (side-panel.ts).
type PanelType = Exclude<TypesFrom<'panel'>, 'side.current'>;

/** A panel handler runs only for the panel of the interaction's own tab (or the side panel on the active tab's call, side-panel.ts); any other sender is refused. */
function forPanel<K extends PanelType>(fn: (msg: Message<K>, ix: Interaction) => Promise<Reply<K>>): Handler<K> {
  return async (msg, sender) => {
    const ix = await getInteraction(msg.interactionId);
    if (!ix || !(await portOwns(sender, ix))) return void (await countRefusal('bad-sender'));
    return fn(msg, ix);
  };
}

/** A flow event from the panel: apply it, then run whatever API call the new step needs. */
function panelEvent<K extends PanelType>(event: (msg: Message<K>) => FlowEvent): Handler<K> {
  return forPanel<K>(async (msg, ix) => {
    await applyEvent(ix.id, event(msg));
    void runPendingStep(ix.id);
    return { ok: true } as Reply<K>;
  });
}

/** call.detected: only from a content script on a page the named (effective) adapter may run on. */
async function onCallDetectedMessage(msg: Message<'call.detected'>, sender: Sender): Promise<Reply<'call.detected'> | undefined> {
  // The read of every interaction a new call waits for (incoming.ts) goes out beside the settings' reads.
  const interactions = interactionsStore.all();
  interactions.catch(() => undefined); // a refused sender never awaits it
  // Effective adapters: built-in minus disabledAdapters plus valid custom ones (lib/adapters/effective.ts).
  const { settings } = await loadSettings();
  const adapters = adaptersFor(settings);
  if (!adapterSenderOk(sender, effectiveAdapterById(adapters, msg.adapterId))) return void (await countRefusal('bad-sender'));
  // A foreign frame (another tenant's softphone, a frame on a page that is no CRM) never reports a call.
  if (!(await subFrameMayReport(sender, msg.adapterId, adapters))) return void (await countRefusal('bad-sender'));
  const reply = await onCallDetected(msg, sender, settings, {}, interactions);
  // Not for a held incoming call: the reply then names the current one.
  // Only where it can apply, and not awaited: the reply (which points the panel at the call) must not wait
  // for it; the hint reaches the panel with the next state push.
  if (reply.ok && reply.interactionId === msg.interactionId && mayHintGenesysSignIn(msg.adapterId, settings.genesys)) {
    void noteGenesysSignIn(reply.interactionId, settings);
  }
  // A sub-frame (embedded softphone) found the call: the panel goes in the tab's top frame.
  if (reply.ok && (sender.frameId ?? 0) !== 0) void mountInTopFrame(sender.tab?.id as number, reply.interactionId);
  return reply;
}

/** One handler per message type the worker receives. */
export const BACKGROUND_HANDLERS: Handlers<TypesTo<'background'>> = {
  'call.detected': onCallDetectedMessage,
  'call.ended': onCallEnded,
  'content.config': (_msg, sender) => onContentConfig(sender),
  'selector.health': onSelectorHealth,
  'panel.hello': forPanel(async (_msg, ix) => {
    // The call reached the agent: from now on leaving it unfinished is recorded as abandoned (tabs.ts).
    if (!(ix as ShownInteraction).shownAt) await updateInteraction(ix.id, (cur) => (cur ? ({ ...cur, shownAt: Date.now() } as ShownInteraction) : cur));
    await recoverInterruptedVerify(ix);
    await recoverInterruptedCheck(ix, (await loadSettings()).settings.apiTimeoutMs + 2000);
    void runPendingStep(ix.id); // resumes a step a stopped worker left in flight
    return { ok: true, interaction: (await getInteraction(ix.id)) ?? ix };
  }),
  'panel.retry': panelEvent(() => ({ type: 'retry' })),
  'panel.select': panelEvent((msg) => ({ type: 'select', customerId: msg.customerId })),
  'panel.search': panelEvent((msg) => ({ type: 'search', method: msg.method, value: msg.value })),
  'panel.optOut': panelEvent((msg) => ({ type: 'optOut', reason: msg.reason })),
  'panel.representative': panelEvent((msg) => ({ type: 'representative', on: msg.on })),
  'panel.verify': forPanel(async (msg, ix) => {
    await submitVerify(ix.id, msg.marks ? { marks: msg.marks } : { answers: msg.answers ?? [] });
    return { ok: true };
  }),
  'panel.openRecord': forPanel(async (_msg, ix) => openRecord(ix)),
  'panel.signIn': forPanel(async (_msg, ix) => signInFromPanel(ix)),
  'panel.engage': panelEvent(() => ({ type: 'engage' })),
  'panel.keepCall': forPanel(async (_msg, ix) => keepCurrentCall(ix)),
  'panel.switchCall': forPanel(async (_msg, ix) => switchToIncoming(ix, async (msg, sender, opts) => onCallDetected(msg, sender, (await loadSettings()).settings, opts), mountInTopFrame)),
  'panel.register': onPanelRegister,
  'panel.security': onPanelSecurity,
  'guards.state': onGuardsState,
  'guards.event': onGuardsEvent,
  'panel.stepUpOffer': forPanel(STEP_UP['panel.stepUpOffer']),
  'panel.stepUpSend': forPanel(STEP_UP['panel.stepUpSend']),
  'panel.stepUpCheck': forPanel(STEP_UP['panel.stepUpCheck']),
  'panel.stepUpResend': forPanel(STEP_UP['panel.stepUpResend']),
  'panel.stepUpOther': forPanel(STEP_UP['panel.stepUpOther']),
  'panel.stepUpPoll': forPanel(STEP_UP['panel.stepUpPoll']),
  'side.current': onSideCurrent,
};

/** Entry point for every runtime message; undefined means "refused" (and counted). */
export const handleMessage = dispatcher<TypesTo<'background'>>({
  parse: (raw, sender) => (fromPanelPage(sender) || fromSidePanelPage(sender) ? parseMessage(FROM_PANEL, raw) : parseMessage(FROM_CONTENT, raw)),
  handlers: BACKGROUND_HANDLERS,
  refuse: countRefusal,
});

/** What follows a new call's first answer in a tab, one tab's at a time: the earlier calls abandoned, the badge again. */
const tabWork = new Map<number, Promise<void>>();
function afterCallStarted(tabId: number, saved: Interaction): Promise<void> {
  const run = async (): Promise<void> => {
    const now = await getInteraction(saved.id);
    if (!now) return; // gone meanwhile (evicted, its tab closed): it ends nothing
    await abandonOthersInTab(tabId, now);
    // Again, as stored now: the first badge may have landed after the answer's.
    await showOutcomeBadge(now);
  };
  const next = (tabWork.get(tabId) ?? Promise.resolve()).then(run, run).catch(() => undefined);
  tabWork.set(tabId, next);
  void next.then(() => { if (tabWork.get(tabId) === next) tabWork.delete(tabId); });
  return next;
}

/** Open the customer's CRM record (adapter's template) in a new tab next to the call. */
async function openRecord(ix: Interaction): Promise<Reply<'panel.openRecord'>> {
  const template = effectiveAdapterById(adaptersFor((await loadSettings()).settings), ix.adapterId)?.recordUrl;
  const customer = ix.flow.customer;
  if (!template || !customer || outcomeOf(ix.flow) !== 'verified') return { ok: false };
  const url = template.replace('{origin}', ix.crmOrigin).replace('{customerId}', encodeURIComponent(customer.customerId));
  if (new URL(url).origin !== ix.crmOrigin) return { ok: false };
  await browser.tabs.create({ url, openerTabId: ix.tabId });
  return { ok: true, url };
}

async function onCallDetected(msg: Message<'call.detected'>, sender: Sender, settings: Policy, opts: { confirmed?: true } = {}, interactions?: Promise<Interaction[]>): Promise<Reply<'call.detected'>> {
  const ani = msg.rawAni === null ? null : normaliseAni(msg.rawAni, settings.defaultRegion as CountryCode);
  const tabId = sender.tab?.id as number;
  // Mid-verification, a new call waits for the agent (incoming.ts): the panel stays with the current call.
  const held = opts.confirmed ? undefined : await holdIfVerifying(msg, sender, ani, interactions);
  if (held) return { ok: true, interactionId: held.id, panel: panelLayoutFrom(settings) };
  let started: Claimed | undefined;
  const saved = await updateInteraction(msg.interactionId, (cur) => {
    const sameCall = cur && (cur.ani?.kind === 'number' ? ani?.kind !== 'number' || ani.e164 === cur.ani.e164 : ani === null);
    if (cur && sameCall) return cur.tabId === tabId ? cur : { ...cur, tabId, frameId: sender.frameId ?? 0 };
    const now = Date.now();
    const flow = startFlow(ani, flowConfigFrom(settings), {
      ...(msg.customerId ? { customerId: msg.customerId } : {}),
      ...(msg.aniTrust ? { aniTrust: msg.aniTrust } : {}),
    });
    // Written with the claim on its first API call: one write, then the look-up goes out (runner.ts).
    started = {
      id: msg.interactionId, tabId, frameId: sender.frameId ?? 0, adapterId: msg.adapterId,
      crmOrigin: new URL(sender.url as string).origin, startedAt: cur?.startedAt ?? now, updatedAt: now, ani, flow, pendingSince: now,
    };
    return apiCallFor(flow) ? started : (({ pendingSince: _none, ...unclaimed }) => unclaimed)(started);
  });
  if (!saved) return { ok: false, error: 'not stored' };
  void showOutcomeBadge(saved); // one browser call, no storage read: the badge shows the new call at once
  // Earlier calls of the tab are recorded as abandoned once the first answer is shown: their read of every
  // stored interaction would otherwise hold up the look-up (a stopped worker redoes the recording at the
  // tab's next call or when it closes).
  void runPendingStep(saved.id, started && saved.pendingSince === started.pendingSince ? (saved as Claimed) : undefined, {
    opts: clientOptionsFrom(settings),
    afterFirst: () => void afterCallStarted(tabId, saved),
  });
  return { ok: true, interactionId: saved.id, panel: panelLayoutFrom(settings) };
}
