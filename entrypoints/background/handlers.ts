/**
 * The worker's message dispatcher: a message from our panel page is parsed against the panel's schemas,
 * anything else against the content script's; then one handler per type checks the sender, updates the
 * stored interaction and performs the step the flow asks for (runner.ts). Replies are plain data.
 */
import { browser } from 'wxt/browser';
import { FROM_CONTENT, FROM_PANEL, parseMessage, type Message, type Reply, type TypesFrom, type TypesTo } from '../../lib/protocol';
import { dispatcher, fromPanelPage, fromSidePanelPage, type Handler, type Handlers, type Sender } from '../../platform/messaging';
import { effectiveAdapterById } from '../../lib/adapters/effective';
import { outcomeOf, type FlowEvent } from '../../lib/flow';
import { allInteractions, getInteraction, countRefusal, writesStarted } from './store';
import { onCallDetected, type Snapshot } from './call-start';
import { onPanelHello } from './hello';
import type { Interaction } from '../../lib/interaction';
import { loadSettings } from './settings-store';
import { applyEvent, runPendingStep, submitVerify } from './runner';
import { adapterSenderOk, adaptersFor, mountInTopFrame, onCallEnded, onContentConfig, onSelectorHealth, subFrameMayReport } from './calls';
import { signInFromPanel } from './sign-in';
import { keepCurrentCall, switchToIncoming } from './incoming';
import { onPanelRegister, onPanelSecurity } from './panel-registry';
import { onSideCurrent, portOwns } from './side-panel';
import { onGuardsEvent, onGuardsState } from './guards';
import { noteGenesysSignIn } from './genesys-hint';
import { STEP_UP_ACTIONS as STEP_UP } from './stepup';
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
  const snapshot: Snapshot = { writes: writesStarted(), read: allInteractions() };
  snapshot.read.catch(() => undefined); // a refused sender never awaits it
  // Effective adapters: built-in minus disabledAdapters plus valid custom ones (lib/adapters/effective.ts).
  const { settings } = await loadSettings();
  const adapters = adaptersFor(settings);
  if (!adapterSenderOk(sender, effectiveAdapterById(adapters, msg.adapterId))) return void (await countRefusal('bad-sender'));
  // A foreign frame (another tenant's softphone, a frame on a page that is no CRM) never reports a call.
  if (!(await subFrameMayReport(sender, msg.adapterId, adapters))) return void (await countRefusal('bad-sender'));
  const reply = await onCallDetected(msg, sender, settings, {}, snapshot);
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
  'panel.hello': forPanel(async (_msg, ix) => onPanelHello(ix)),
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
