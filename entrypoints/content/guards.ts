/**
 * CRM guards in the top frame (issue 24). The worker says which guards the page has and the level the tab's
 * current interaction reached (guards.state, asked again on each guards.push nudge); until a guard's level
 * is reached its actions are stopped in the capture phase (click, Enter/Space, submit) with a notice, and
 * its fields are masked by a style sheet of ours in the document and in every shadow root the detector
 * finds (guard-mask.ts; blurred, not selectable; copy, cut and drag from them are stopped). Events are matched against the
 * event's composed path when they happen, so SPA navigation needs nothing; a selector the browser refuses
 * or that matches nothing never throws into the page and is reported as selector health.
 */
import type { GuardRule } from '../../lib/policy/guards';
import { fieldGuardOf, guardOnPath, heldRules, maskCss, validSelector, type GuardState } from '../../lib/guards/decide';
import { isGuardLevel } from '../../lib/guards/level';
import type { ContentMessage, Reply } from '../../lib/protocol';
import { createGuardNotice } from './guard-notice';
import { createGuardMask } from './guard-mask';

export interface GuardOptions {
  doc: Document;
  signal: AbortSignal;
  post: <M extends ContentMessage>(message: M) => Promise<Reply<M['type']> | undefined>;
  /** Show and expand the panel of this interaction (the agent chose "Verify now"). */
  verifyNow: (interactionId: string | null) => void;
  /** How long after the first state a guard may match nothing before selector health hears of it. */
  healthMs?: number;
}

export interface Guards {
  /** Ask the worker for the state again (the guards.push nudge). */
  refresh(): void;
  /** A shadow root the detector found: it gets its own mask style. */
  addRoot(root: ShadowRoot): void;
  /** A shadow root the detector forgot (its host left the page): holding it would keep its tree alive. */
  removeRoot(root: ShadowRoot): void;
}

const isState = (s: unknown): s is GuardState =>
  typeof s === 'object' && s !== null && isGuardLevel((s as GuardState).level) && Array.isArray((s as GuardState).rules) && Array.isArray((s as GuardState).overridden);

/** Start the guards; everything (listeners, styles, notice) goes when `signal` aborts. */
export function startGuards(opts: GuardOptions): Guards {
  const { doc, signal } = opts;
  const win = doc.defaultView as Window;
  let state: GuardState | null = null;
  let held: GuardRule[] = [];
  let healthArmed = false;
  const mask = createGuardMask(doc, signal);
  const probe = doc.createElement('div');
  const isValid = (selector: string): boolean => validSelector(probe, selector);
  const notice = createGuardNotice(doc, signal, {
    verifyNow: () => opts.verifyNow(state?.interactionId ?? null),
    override: async (rule, reason) => {
      if (!state?.interactionId) return false;
      const reply = await opts.post({ type: 'guards.event', interactionId: state.interactionId, kind: 'override', label: rule.label, reason });
      if (reply?.ok) refresh();
      return reply?.ok === true;
    },
  });

  function apply(next: GuardState): void {
    state = next;
    held = heldRules(next.rules, next.level, new Set(next.overridden));
    mask.set(maskCss(held, isValid));
  }

  function refresh(): void {
    void opts.post({ type: 'guards.state' }).then((reply) => {
      if (signal.aborted || !reply?.ok || !isState(reply.state)) return;
      apply(reply.state);
      // Once per page, when a call is in the tab: between calls a record page may well lack the guarded parts.
      if (!healthArmed && reply.state.interactionId !== null && reply.state.rules.length > 0) {
        healthArmed = true;
        setTimeout(checkHealth, opts.healthMs ?? 5000);
      }
    });
  }

  /** Selector health: per adapter, when none of its guards matches anything (or a selector is refused). */
  function checkHealth(): void {
    if (signal.aborted || !state) return;
    const byAdapter = new Map<string, GuardRule[]>();
    for (const r of state.rules) byAdapter.set(r.adapter, [...(byAdapter.get(r.adapter) ?? []), r]);
    for (const [adapterId, rules] of byAdapter) {
      if (rules.some((r) => !isValid(r.selector))) void opts.post({ type: 'selector.health', adapterId, reason: 'guard-invalid' });
      // One scan per root for all of the adapter's selectors (the document is the costly one).
      else if (![...mask.roots].some((root) => root.querySelector(rules.map((r) => r.selector).join(', ')) !== null)) {
        void opts.post({ type: 'selector.health', adapterId, reason: 'guard-unmatched' });
      }
    }
  }

  const stop = (e: Event, rule: GuardRule): void => {
    e.preventDefault();
    e.stopImmediatePropagation();
    // A script's event is held too, but neither counted nor answered with the notice (which takes focus).
    if (!e.isTrusted) return;
    if (state?.interactionId) void opts.post({ type: 'guards.event', interactionId: state.interactionId, kind: 'blocked', label: rule.label });
    notice.show(rule, state?.allowOverride === true && state.interactionId !== null);
  };
  const onAction = (e: Event): void => {
    if (held.length === 0) return;
    if (e instanceof KeyboardEvent && e.key !== 'Enter' && e.key !== ' ') return;
    // A submit's path is the form's; the button that submitted it counts too.
    const submitter = e.type === 'submit' ? (e as SubmitEvent).submitter : null;
    const rule = guardOnPath(submitter ? [submitter, ...e.composedPath()] : e.composedPath(), held);
    if (rule) stop(e, rule);
  };
  const onCopy = (e: Event): void => {
    if (held.length === 0) return;
    const sel = doc.getSelection();
    const anchor = sel && sel.rangeCount > 0 ? sel.getRangeAt(0).commonAncestorContainer : null;
    const inField = fieldGuardOf(e.composedPath(), held) ?? (anchor ? fieldGuardOf(pathOf(anchor), held) : null) ?? selectionCovers(sel);
    if (inField) { e.preventDefault(); e.stopImmediatePropagation(); }
  };
  /** A selection spanning a masked field (e.g. Select All) holds its text: refuse the copy too. */
  const selectionCovers = (sel: Selection | null): GuardRule | null => {
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    return held.find((r) => r.kind === 'field' && isValid(r.selector) && [...doc.querySelectorAll(r.selector)].some((n) => range.intersectsNode(n))) ?? null;
  };
  const capture = { capture: true, signal };
  for (const type of ['click', 'auxclick', 'keydown', 'submit']) win.addEventListener(type, onAction, capture);
  for (const type of ['copy', 'cut', 'dragstart']) win.addEventListener(type, onCopy, capture);

  refresh();
  return {
    refresh,
    addRoot: mask.add,
    removeRoot: mask.remove,
  };
}

/** A node and its ancestors across shadow boundaries, innermost first. */
function pathOf(node: Node): Node[] {
  const out: Node[] = [];
  for (let n: Node | null = node; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null) out.push(n);
  return out;
}
