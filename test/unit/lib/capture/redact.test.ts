/** Redaction rules: digits, prose and content-like values never survive; structure does. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isStructuralToken, keepsAttribute, maskDigits, redactAttribute, redactUrl, textKind } from '../../../../lib/capture/redact.ts';

describe('maskDigits', () => {
  it('leaves no digit, whatever the input', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      expect(maskDigits(s)).not.toMatch(/\d/);
    }));
    expect(maskDigits('CALL-2026-0123')).toBe('CALL-#-#');
  });
});

describe('textKind', () => {
  it('tells number-like text from other text', () => {
    expect(textKind('+44 20 7946 0123')).toBe('number');
    expect(textKind('2026-12-06')).toBe('number');
    expect(textKind('Ada Lovelace')).toBe('text');
    expect(textKind('Call 1')).toBe('text');
  });
});

describe('redactAttribute', () => {
  it('keeps structure: test ids, states, API names, lower-case class names', () => {
    expect(redactAttribute('data-testid', 'call-card')).toBe('call-card');
    expect(redactAttribute('data-state', 'connected')).toBe('connected');
    expect(redactAttribute('data-target-selection-name', 'sfdc:RecordField.VoiceCall.FromPhoneNumber')).toBe('sfdc:RecordField.VoiceCall.FromPhoneNumber');
    expect(redactAttribute('class', 'call-card css-9k8j7h')).toBe('call-card css-#k#j#h');
    expect(redactAttribute('aria-hidden', 'true')).toBe('true');
  });

  it('masks prose, names, emails, dates and numbers', () => {
    expect(redactAttribute('aria-label', 'Call from Ada Lovelace')).toBe('…');
    expect(redactAttribute('title', 'ada')).toBe('…');
    expect(redactAttribute('data-customer-name', 'Ada Lovelace')).toBe('…');
    expect(redactAttribute('data-customer-name', 'Lovelace')).toBe('…');
    expect(redactAttribute('data-email', 'ada.lovelace@example.com')).toBe('…');
    expect(redactAttribute('data-dob', '2026-12-06')).toBe('#-#-#');
    expect(redactAttribute('href', 'tel:+442079460123')).toBe('tel:…');
    expect(redactAttribute('href', 'https://crm.example.test/customers/Ada-Lovelace')).toBe('https://crm.example.test/…');
  });

  it('never lets a digit through, for any attribute and value', () => {
    fc.assert(fc.property(fc.constantFrom('id', 'class', 'data-x', 'aria-label', 'href', 'data-testid', 'name'), fc.string(), (name, value) => {
      expect(redactAttribute(name, value)).not.toMatch(/\d/);
    }));
  });
});

describe('attributes and tokens', () => {
  it('records structural attributes only', () => {
    for (const n of ['id', 'class', 'data-foo', 'aria-label', 'data-testid', 'test-id', 'field-label', 'slot', 'role']) expect(keepsAttribute(n)).toBe(true);
    for (const n of ['style', 'onclick', 'src', 'value', 'title', 'alt', 'content']) expect(keepsAttribute(n)).toBe(false);
  });

  it('a single capitalised word is content, an API name is structure', () => {
    expect(isStructuralToken('Lovelace')).toBe(false);
    expect(isStructuralToken('FromPhoneNumber')).toBe(true);
    expect(isStructuralToken('caller-number')).toBe(true);
  });
});

describe('redactUrl', () => {
  it('keeps origin and structural path segments, drops query and fragment', () => {
    expect(redactUrl('https://crm.example.test/calls/EX-0123?ani=%2B44207946&name=Ada#x')).toBe('https://crm.example.test/calls/EX-#');
    expect(redactUrl('https://crm.example.test/customers/Ada%20Lovelace/view')).toBe('https://crm.example.test/customers/…/view');
    expect(redactUrl('not a url')).toBe('…');
  });
});
