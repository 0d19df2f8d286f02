/** The options page model: every setting has a field, paths read and write the options object. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayJson, getPath, optionErrors, SECTIONS, setPath } from '../../../../lib/policy/options-fields.ts';
import { defaultPolicy, GROUPS } from '../../../../lib/policy/schema.ts';

const FIELDS = SECTIONS.flatMap((s) => s.fields);
const messages = (lang: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, `../../../../public/_locales/${lang}/messages.json`), 'utf8')) as Record<string, unknown>;

describe('options fields', () => {
  it('cover every setting exactly once (groups by sub-key)', () => {
    const expected = Object.keys(defaultPolicy()).flatMap((k) => (k in GROUPS ? Object.keys(GROUPS[k as keyof typeof GROUPS].shape).map((s) => `${k}.${s}`) : [k]));
    expect(FIELDS.map((f) => f.path).sort()).toEqual(expected.sort());
  });

  it('use message keys that exist in English and Spanish', () => {
    const keys = [...SECTIONS.map((s) => s.title), ...FIELDS.flatMap((f) => [f.label, ...(f.choices ?? []).map((c) => c.label)])];
    for (const lang of ['en', 'es']) for (const k of keys) expect(messages(lang), `${lang}: ${k}`).toHaveProperty(k);
  });

  it('getPath / setPath work on dotted paths without touching the input', () => {
    const o = { panel: { side: 'left' }, apiTimeoutMs: 900 };
    expect(getPath(o, 'panel.side')).toBe('left');
    expect(getPath(o, 'panel.nope')).toBeUndefined();
    expect(getPath(o, 'toString')).toBeUndefined();
    expect(setPath(o, 'panel.startCollapsed', true)).toEqual({ panel: { side: 'left', startCollapsed: true }, apiTimeoutMs: 900 });
    expect(setPath(o, 'panel.side', undefined)).toEqual({ apiTimeoutMs: 900 });
    expect(setPath(o, 'apiTimeoutMs', undefined)).toEqual({ panel: { side: 'left' } });
    expect(o).toEqual({ panel: { side: 'left' }, apiTimeoutMs: 900 });
  });

  it('optionErrors only reports the edited path', () => {
    const candidate = { apiTimeoutMs: 5, identification: { maxAttempts: 99 } };
    expect(optionErrors(candidate, 'identification.maxAttempts')).toEqual(['options.identification.maxAttempts: must be a whole number between 1 and 10']);
    expect(optionErrors(candidate, 'identification.aniLookup')).toEqual([]);
    expect(optionErrors({ customAdapters: [{ id: 'x' }] }, 'customAdapters')).toContain('options.customAdapters[0].label: is required');
  });

  it('masks a bearer token for display only', () => {
    expect(displayJson({ type: 'bearer', token: 'abc' }, true)).not.toContain('abc');
    expect(displayJson({ type: 'bearer', token: 'abc' })).toContain('abc');
  });
});
