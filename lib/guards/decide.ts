/**
 * Guard decisions, pure: which rules a page gets, which of them still hold at a level, the guard an event's
 * path runs into, and the CSS that masks held fields. The content script passes the DOM in; selectors the
 * browser refuses never throw out of here (an admin's typo must not break the CRM page).
 */
import type { GuardRule } from '../policy/guards';
import { meets, type GuardLevel } from './level';

/** What the worker tells a tab's content script: the level and the guards of the page's adapters. */
export interface GuardState {
  /** The tab's current interaction, null when no call was seen in it. */
  interactionId: string | null;
  level: GuardLevel;
  rules: GuardRule[];
  allowOverride: boolean;
  /** Labels the agent already overrode on this interaction (they stay open for the call). */
  overridden: string[];
}

/** The rules of the adapters whose hosts the page is on, without repeats of the same selector and kind. */
export function rulesForAdapters(rules: readonly GuardRule[], adapterIds: readonly string[]): GuardRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = `${r.kind}\u0000${r.selector}\u0000${r.require}`;
    if (!adapterIds.includes(r.adapter) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The rules still holding at `level`, less the ones the agent overrode for this interaction (by label). */
export function heldRules(rules: readonly GuardRule[], level: GuardLevel, overridden: ReadonlySet<string> = new Set()): GuardRule[] {
  return rules.filter((r) => !meets(level, r.require) && !overridden.has(r.label));
}

/** `el.matches(selector)`, false for a selector the browser refuses. */
export function safeMatches(el: { matches(selector: string): boolean }, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/** Whether a selector parses; `probe` is any element (its `matches` throws on a bad selector). */
export function validSelector(probe: { matches(selector: string): boolean }, selector: string): boolean {
  try {
    probe.matches(selector);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first held action guard an event's composed path (innermost first) runs into: the element itself or
 * an ancestor (a click on a button's icon, a submit of a form inside a guarded container).
 */
export function guardOnPath(path: readonly unknown[], held: readonly GuardRule[]): GuardRule | null {
  const actions = held.filter((r) => r.kind === 'action');
  if (actions.length === 0) return null;
  for (const node of path) {
    if (!node || typeof (node as Element).matches !== 'function' || (node as Node).nodeType !== 1) continue;
    const hit = actions.find((r) => safeMatches(node as Element, r.selector));
    if (hit) return hit;
  }
  return null;
}

/** The held field guard an element is inside (for copy and cut), or null. */
export function fieldGuardOf(path: readonly unknown[], held: readonly GuardRule[]): GuardRule | null {
  const fields = held.filter((r) => r.kind === 'field');
  if (fields.length === 0) return null;
  for (const node of path) {
    if (!node || (node as Node).nodeType !== 1) continue;
    const hit = fields.find((r) => safeMatches(node as Element, r.selector));
    if (hit) return hit;
  }
  return null;
}

/**
 * The style text masking held fields (blurred, not selectable) and marking held actions; selectors the
 * browser refuses are left out so one bad rule does not void the whole sheet.
 */
export function maskCss(held: readonly GuardRule[], isValid: (selector: string) => boolean): string {
  const valid = held.filter((r) => isValid(r.selector));
  const fields = valid.filter((r) => r.kind === 'field').map((r) => r.selector);
  const actions = valid.filter((r) => r.kind === 'action').map((r) => r.selector);
  const out: string[] = [];
  if (fields.length > 0) {
    out.push(`:is(${fields.join(', ')}) { filter: blur(6px) !important; user-select: none !important; -webkit-user-select: none !important; }`);
  }
  if (actions.length > 0) out.push(`:is(${actions.join(', ')}) { cursor: not-allowed !important; }`);
  return out.join('\n');
}
