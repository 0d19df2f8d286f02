import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { fieldGuardOf, guardOnPath, heldRules, maskCss, rulesForAdapters, safeMatches, validSelector } from '../../../../lib/guards/decide.ts';
import type { GuardRule } from '../../../../lib/policy/guards.ts';

const rule = (over: Partial<GuardRule>): GuardRule => ({ adapter: 'a', selector: '#x', label: 'X', kind: 'action', require: 'verified', ...over });
const PHONE = rule({ selector: 'button[name="Change_Phone"]', label: 'Change phone number' });
const MFA = rule({ selector: '.mfa', label: 'Reset MFA', require: 'step-up' });
const FIELD = rule({ selector: '[data-f="Phone"]', label: 'Phone', kind: 'field' });
const BAD = rule({ selector: 'button[[', label: 'Broken' });

function page() {
  const { document } = parseHTML(`<!doctype html><html><body>
    <form id="f"><div data-f="Phone"><span id="digits">+1 415</span></div>
    <button name="Change_Phone"><svg id="icon"></svg></button><button class="mfa" id="mfa">MFA</button><button id="other">Other</button></form></body></html>`);
  return document as unknown as Document;
}
/** innermost-first path of an element, as composedPath() gives it */
const path = (el: Element | null): unknown[] => { const out: unknown[] = []; for (let n: Node | null = el; n; n = n.parentNode) out.push(n); return out; };

describe('rulesForAdapters', () => {
  it('keeps the rules of the page\'s adapters, once per selector, kind and requirement', () => {
    const rules = [rule({ adapter: 'a' }), rule({ adapter: 'b' }), rule({ adapter: 'c', selector: '#y' }), rule({ adapter: 'b', kind: 'field' })];
    expect(rulesForAdapters(rules, ['a', 'b'])).toEqual([rules[0], rules[3]]);
    expect(rulesForAdapters(rules, [])).toEqual([]);
    expect(rulesForAdapters(rules, ['c'])).toEqual([rules[2]]);
  });
});

describe('heldRules', () => {
  const all = [PHONE, MFA, FIELD];
  it('holds everything for an identified-only caller', () => expect(heldRules(all, 'identified')).toEqual(all));
  it('holds only step-up guards once verified, nothing after a step-up', () => {
    expect(heldRules(all, 'verified')).toEqual([MFA]);
    expect(heldRules(all, 'step-up')).toEqual([]);
  });
  it('opens a guard the agent overrode (by label), only that one', () => expect(heldRules(all, 'none', new Set(['Phone']))).toEqual([PHONE, MFA]));
});

describe('guardOnPath', () => {
  const doc = page();
  it('finds the guard of the clicked element or an ancestor (an icon inside the button)', () => {
    expect(guardOnPath(path(doc.getElementById('icon')), [PHONE, MFA])).toBe(PHONE);
    expect(guardOnPath(path(doc.getElementById('mfa')), [PHONE, MFA])).toBe(MFA);
  });
  it('lets anything else through, and ignores field guards and non-elements', () => {
    expect(guardOnPath(path(doc.getElementById('other')), [PHONE, MFA, FIELD])).toBeNull();
    expect(guardOnPath(path(doc.getElementById('digits')), [FIELD])).toBeNull();
    expect(guardOnPath([null, {}, 'x', doc], [PHONE])).toBeNull();
    expect(guardOnPath(path(doc.getElementById('icon')), [])).toBeNull();
  });
  it('a selector the browser refuses never throws and never matches', () => {
    expect(() => guardOnPath(path(doc.getElementById('icon')), [BAD, PHONE])).not.toThrow();
    expect(guardOnPath(path(doc.getElementById('icon')), [BAD, PHONE])).toBe(PHONE);
    expect(guardOnPath(path(doc.getElementById('icon')), [BAD])).toBeNull();
  });
  it('a submit of a guarded form is caught through the form itself', () => {
    const form = rule({ selector: 'form#f', label: 'Form' });
    expect(guardOnPath(path(doc.getElementById('f')), [form])).toBe(form);
  });
});

describe('fieldGuardOf', () => {
  const doc = page();
  it('finds the field guard around a copied node, only field guards', () => {
    expect(fieldGuardOf(path(doc.getElementById('digits')), [PHONE, FIELD])).toBe(FIELD);
    expect(fieldGuardOf(path(doc.getElementById('other')), [PHONE, FIELD])).toBeNull();
    expect(fieldGuardOf(path(doc.getElementById('digits')), [PHONE])).toBeNull();
  });
});

describe('safeMatches and validSelector', () => {
  const el = page().getElementById('mfa') as Element;
  it('answer false instead of throwing', () => {
    expect(safeMatches(el, '.mfa')).toBe(true);
    expect(safeMatches(el, 'button[[')).toBe(false);
    expect(validSelector(el, '.nothing-here')).toBe(true);
    expect(validSelector(el, 'button[[')).toBe(false);
  });
});

describe('maskCss', () => {
  const valid = (s: string): boolean => !s.includes('[[');
  it('blurs and unselects fields, marks actions, nothing when nothing is held', () => {
    const css = maskCss([PHONE, FIELD], valid);
    expect(css).toContain(':is([data-f="Phone"]) { filter: blur(6px) !important; user-select: none !important;');
    expect(css).toContain(':is(button[name="Change_Phone"]) { cursor: not-allowed !important; }');
    expect(maskCss([], valid)).toBe('');
  });
  it('leaves refused selectors out so the rest of the sheet still applies', () => {
    const css = maskCss([BAD, FIELD, rule({ kind: 'field', selector: 'x[[', label: 'Y' })], valid);
    expect(css).not.toContain('[[');
    expect(css).toContain('[data-f="Phone"]');
  });
});
