/**
 * The small explanation shown when a held CRM action is stopped: what waits for what, a one-key "Verify now"
 * (the button takes focus, so Enter or Space presses it; V works too) and, when the policy allows it, an
 * override with a typed reason. In a closed shadow root so the page can neither restyle nor read it; only
 * trusted (user) events act on it.
 */
import type { GuardRule } from '../../lib/policy/guards';

export interface NoticeActions {
  verifyNow(): void;
  /** Resolves whether the worker recorded the override (false: refused, e.g. a reason with an account number). */
  override(rule: GuardRule, reason: string): Promise<boolean>;
}

const CSS = `:host { all: initial; }
.box { position: fixed; left: 8px; top: 8px; z-index: 2147483646; max-width: 420px;
  background: #fff; color: #1b1b1b; border: 2px solid #8a2a0a; border-radius: 6px; padding: 12px 14px;
  font: 14px/1.4 system-ui, sans-serif; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
.row { display: flex; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
button { font: inherit; padding: 4px 10px; cursor: pointer; }
input { font: inherit; flex: 1; min-width: 180px; }
.err { color: #8a2a0a; }`;

const WHY: Record<GuardRule['require'], string> = { verified: 'the caller is verified', 'step-up': 'the caller passed a step-up' };

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, props: Record<string, string>, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(props)) node.setAttribute(k, v);
  node.append(...kids);
  return node;
}

/** Create the notice host (not attached until shown); `show` replaces any notice on screen. */
export function createGuardNotice(doc: Document, signal: AbortSignal, actions: NoticeActions): { show(rule: GuardRule, allowOverride: boolean): void; hide(): void } {
  const host = el(doc, 'div', { 'data-caller-verify-guard': '' });
  const root = host.attachShadow({ mode: 'closed' });
  const hide = (): void => host.remove();
  signal.addEventListener('abort', hide, { once: true });
  const trusted = (fn: () => void) => (e: Event) => { if (e.isTrusted) fn(); };

  function show(rule: GuardRule, allowOverride: boolean): void {
    const verify = el(doc, 'button', { type: 'button', 'data-guard': 'verify-now' }, 'Verify now (V)');
    verify.addEventListener('click', trusted(() => { hide(); actions.verifyNow(); }));
    const close = el(doc, 'button', { type: 'button', 'data-guard': 'close' }, 'Close');
    close.addEventListener('click', trusted(hide));
    const box = el(doc, 'div', { class: 'box', role: 'alertdialog', 'aria-label': 'Held by Caller Verify' },
      el(doc, 'strong', {}, `“${rule.label}” waits until ${WHY[rule.require]}.`), el(doc, 'div', { class: 'row' }, verify, close));
    if (allowOverride) {
      const reason = el(doc, 'input', { type: 'text', 'aria-label': 'Reason for the override', placeholder: 'Reason (recorded)', maxlength: '200' });
      const go = el(doc, 'button', { type: 'button', 'data-guard': 'override' }, 'Override');
      const err = el(doc, 'div', { class: 'err', role: 'status' });
      go.addEventListener('click', trusted(() => {
        const text = reason.value.trim();
        if (text.length < 3) return void (err.textContent = 'Type a reason (at least 3 characters).');
        void actions.override(rule, text).then((ok) => (ok ? hide() : void (err.textContent = 'Override refused: no numbers or dates in the reason.')));
      }));
      box.append(el(doc, 'div', { class: 'row' }, reason, go), err);
    }
    box.addEventListener('keydown', (e) => {
      if (!e.isTrusted || e.target !== verify) return;
      if (e.key === 'v' || e.key === 'V') { e.preventDefault(); hide(); actions.verifyNow(); }
      if (e.key === 'Escape') hide();
    });
    root.replaceChildren(el(doc, 'style', {}, CSS), box);
    if (!host.isConnected) (doc.body ?? doc.documentElement).append(host);
    verify.focus();
  }
  return { show, hide };
}
