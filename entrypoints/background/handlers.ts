/**
 * Background message handling: check the sender, parse with the protocol schemas, update the stored
 * interaction, then perform the step the flow asks for (runner.ts). Replies are plain data.
 */
import { browser, type Browser } from 'wxt/browser';
import { FROM_CONTENT, FROM_PANEL, parseMessage, type CallDetected, type CallDetectedReply, type PanelMessage } from '../../lib/protocol';
import { effectiveAdapterById } from '../../lib/adapters/effective';
import { normaliseAni, type CountryCode } from '../../lib/phone';
import { startFlow, outcomeOf } from '../../lib/flow';
import { getInteraction, updateInteraction, countRefusal } from './store';
import type { Interaction } from '../../lib/interaction';
import { loadSettings } from './settings-store';
import { showOutcomeBadge } from './badge';
import { flowConfigFrom, panelLayoutFrom } from './flow-config';
import { abandonOthersInTab } from './tabs';
import { applyEvent, runPendingStep, submitVerify, recoverInterruptedVerify } from './runner';
import { adapterSenderOk, adaptersFor, mountInTopFrame, onContentMessage } from './calls';
import { signInFromPanel } from './sign-in';
import type { Settings } from '../../lib/policy/settings';

type Sender = Browser.runtime.MessageSender;

/**
 * Sender is our own panel page. panel.html is also a `use_dynamic_url` resource (custom CRM hosts): there
 * runtime.getURL returns the per-session dynamic URL, while the loaded frame reports the static one.
 */
function panelSenderOk(sender: Sender): boolean {
  const url = sender.url;
  if (sender.id !== browser.runtime.id || !url) return false;
  return [browser.runtime.getURL('/panel.html'), `${browser.runtime.getURL('/')}panel.html`].some((prefix) => url.startsWith(prefix));
}

/** Entry point for every runtime message; undefined means "refused". */
export async function handleMessage(raw: unknown, sender: Sender): Promise<unknown> {
  const fromPanel = panelSenderOk(sender);
  const parsed = fromPanel ? parseMessage(FROM_PANEL, raw) : parseMessage(FROM_CONTENT, raw);
  if (!parsed.ok) return void (await countRefusal(parsed.refusal));
  const msg = parsed.message;
  if (msg.type === 'call.detected') {
    // Effective adapters: built-in minus disabledAdapters plus valid custom ones (lib/adapters/effective.ts).
    const { settings } = await loadSettings();
    if (fromPanel || !adapterSenderOk(sender, effectiveAdapterById(adaptersFor(settings), msg.adapterId))) return void (await countRefusal('bad-sender'));
    const reply = await onCallDetected(msg, sender, settings);
    // A sub-frame (embedded softphone) found the call: the panel goes in the tab's top frame.
    if (reply.ok && (sender.frameId ?? 0) !== 0) void mountInTopFrame(sender.tab?.id as number, reply.interactionId);
    return reply;
  }
  if (!fromPanel) return onContentMessage(msg as Parameters<typeof onContentMessage>[0], sender); // parsed with FROM_CONTENT
  const ix = await getInteraction((msg as PanelMessage).interactionId);
  if (!ix || ix.tabId !== sender.tab?.id) return void (await countRefusal('bad-sender'));
  return onPanelMessage(msg as PanelMessage, ix);
}

async function onPanelMessage(msg: PanelMessage, ix: Interaction): Promise<unknown> {
  switch (msg.type) {
    case 'panel.hello':
      await recoverInterruptedVerify(ix);
      void runPendingStep(ix.id); // resumes a step a stopped worker left in flight
      return { ok: true, interaction: (await getInteraction(ix.id)) ?? ix };
    case 'panel.retry':
      await applyEvent(ix.id, { type: 'retry' });
      break;
    case 'panel.select':
      await applyEvent(ix.id, { type: 'select', customerId: msg.customerId });
      break;
    case 'panel.search':
      await applyEvent(ix.id, { type: 'search', method: msg.method, value: msg.value });
      break;
    case 'panel.optOut':
      await applyEvent(ix.id, { type: 'optOut', reason: msg.reason });
      break;
    case 'panel.representative':
      await applyEvent(ix.id, { type: 'representative', on: msg.on });
      break;
    case 'panel.verify':
      await submitVerify(ix.id, msg.marks ? { marks: msg.marks } : { answers: msg.answers ?? [] });
      return { ok: true };
    case 'panel.openRecord':
      return openRecord(ix);
    case 'panel.signIn':
      return signInFromPanel(ix);
  }
  void runPendingStep(ix.id);
  return { ok: true };
}

/** Open the customer's CRM record (adapter's template) in a new tab next to the call. */
async function openRecord(ix: Interaction): Promise<unknown> {
  const template = effectiveAdapterById(adaptersFor((await loadSettings()).settings), ix.adapterId)?.recordUrl;
  const customer = ix.flow.customer;
  if (!template || !customer || outcomeOf(ix.flow) !== 'verified') return { ok: false };
  const url = template.replace('{origin}', ix.crmOrigin).replace('{customerId}', encodeURIComponent(customer.customerId));
  if (new URL(url).origin !== ix.crmOrigin) return { ok: false };
  await browser.tabs.create({ url, openerTabId: ix.tabId });
  return { ok: true, url };
}

async function onCallDetected(msg: CallDetected, sender: Sender, settings: Settings): Promise<CallDetectedReply> {
  const ani = msg.rawAni === null ? null : normaliseAni(msg.rawAni, settings.defaultRegion as CountryCode);
  const tabId = sender.tab?.id as number;
  const saved = await updateInteraction(msg.interactionId, (cur) => {
    const sameCall = cur && (cur.ani?.kind === 'number' ? ani?.kind !== 'number' || ani.e164 === cur.ani.e164 : ani === null);
    if (cur && sameCall) return cur.tabId === tabId ? cur : { ...cur, tabId, frameId: sender.frameId ?? 0 };
    const now = Date.now();
    return {
      id: msg.interactionId, tabId, frameId: sender.frameId ?? 0, adapterId: msg.adapterId,
      crmOrigin: new URL(sender.url as string).origin, startedAt: cur?.startedAt ?? now, updatedAt: now, ani,
      flow: startFlow(ani, flowConfigFrom(settings), {
        ...(msg.customerId ? { customerId: msg.customerId } : {}),
        ...(msg.aniTrust ? { aniTrust: msg.aniTrust } : {}),
      }),
    };
  });
  if (!saved) return { ok: false, error: 'not stored' };
  await abandonOthersInTab(tabId, saved.id);
  await showOutcomeBadge(saved);
  void runPendingStep(saved.id);
  return { ok: true, interactionId: saved.id, panel: panelLayoutFrom(settings) };
}
