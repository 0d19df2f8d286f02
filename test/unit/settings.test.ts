import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_BASE_URL } from '../../lib/manifest-data.ts';
import { DEFAULT_SETTINGS, resolveSettings, type Settings } from '../../lib/settings.ts';

const KEYS = ['apiBaseUrl', 'apiTimeoutMs', 'defaultRegion'] as const;

describe('resolveSettings: sources', () => {
  it('uses the defaults when neither policy nor options set anything', () => {
    const r = resolveSettings({}, {});
    expect(r).toEqual({ settings: DEFAULT_SETTINGS, locked: [], errors: [] });
    expect(r.settings.apiBaseUrl).toBe(DEFAULT_API_BASE_URL);
  });

  it('defaults are themselves valid settings', () => {
    expect(resolveSettings({}, { ...DEFAULT_SETTINGS }).errors).toEqual([]);
    expect(resolveSettings({ ...DEFAULT_SETTINGS }, {}).errors).toEqual([]);
  });

  it('options replace defaults and are not locked', () => {
    const local = { apiBaseUrl: 'https://api.example.com', apiTimeoutMs: 3000, defaultRegion: 'GB' };
    expect(resolveSettings({}, local)).toEqual({ settings: local, locked: [], errors: [] });
  });

  it('policy beats options key by key and locks exactly the keys it sets', () => {
    const r = resolveSettings(
      { apiBaseUrl: 'https://policy.example.com/' },
      { apiBaseUrl: 'https://options.example.com', apiTimeoutMs: 1234, defaultRegion: 'DE' },
    );
    expect(r.settings).toEqual({ apiBaseUrl: 'https://policy.example.com/', apiTimeoutMs: 1234, defaultRegion: 'DE' });
    expect(r.locked).toEqual(['apiBaseUrl']);
    expect(r.errors).toEqual([]);
  });

  it('a key only in policy is locked; a key only in options is not', () => {
    const r = resolveSettings({ defaultRegion: 'FR' }, { apiTimeoutMs: 9000 });
    expect(r.settings).toEqual({ ...DEFAULT_SETTINGS, defaultRegion: 'FR', apiTimeoutMs: 9000 });
    expect(r.locked).toEqual(['defaultRegion']);
  });

  it('reports every locked key when the policy sets all of them', () => {
    const policy = { apiBaseUrl: 'https://p.example.com', apiTimeoutMs: 500, defaultRegion: 'IE' };
    const r = resolveSettings(policy, { apiBaseUrl: 'https://o.example.com', apiTimeoutMs: 60_000, defaultRegion: 'ES' });
    expect(r.settings).toEqual(policy);
    expect([...r.locked].sort()).toEqual([...KEYS].sort());
  });

  it('treats an undefined value as not set (no error, not locked)', () => {
    const r = resolveSettings({ apiTimeoutMs: undefined }, { apiTimeoutMs: 2500 });
    expect(r).toEqual({ settings: { ...DEFAULT_SETTINGS, apiTimeoutMs: 2500 }, locked: [], errors: [] });
  });

  it('ignores unknown keys in both sources and never copies them into the settings', () => {
    const r = resolveSettings(
      // JSON.parse makes "__proto__" an own key, as values read from storage are.
      JSON.parse('{"customAdapters":[{"id":"x"}],"apiBaseUrl2":"ftp://x","__proto__":{"apiBaseUrl":"http://evil.example"}}'),
      { theme: 'dark', APIBASEURL: 'http://evil.example', apiTimeout: 1 },
    );
    expect(r).toEqual({ settings: DEFAULT_SETTINGS, locked: [], errors: [] });
    expect(Object.keys(r.settings).sort()).toEqual([...KEYS].sort());
  });

  it('returns fresh settings and leaves DEFAULT_SETTINGS alone', () => {
    const before = structuredClone(DEFAULT_SETTINGS);
    const a = resolveSettings({}, { apiTimeoutMs: 700 });
    a.settings.defaultRegion = 'ZZ';
    expect(DEFAULT_SETTINGS).toEqual(before);
    expect(resolveSettings({}, {}).settings).toEqual(before);
  });
});

describe('resolveSettings: validation', () => {
  it.each([
    ['https://api.example.com'],
    ['https://api.example.com:8443/base/'],
    ['http://127.0.0.1:8787'],
    ['http://localhost:8787'],
    ['http://localhost'],
    ['http://[::1]:8787'],
  ])('accepts apiBaseUrl %s', (url) => {
    const r = resolveSettings({}, { apiBaseUrl: url });
    expect(r.errors).toEqual([]);
    expect(r.settings.apiBaseUrl).toBe(url);
  });

  it.each([
    ['plain http to a remote host', 'http://api.example.com'],
    ['plain http to a host that starts like loopback', 'http://127.0.0.1.evil.example'],
    ['plain http to a host that starts like localhost', 'http://localhost.evil.example:8787'],
    ['plain http to another private address', 'http://10.0.0.5'],
    ['ftp', 'ftp://api.example.com'],
    ['a ws URL', 'ws://localhost:8787'],
    ['javascript:', 'javascript:alert(1)'],
    ['not a URL', 'not a url'],
    ['a bare host', 'api.example.com'],
    ['an empty string', ''],
    ['a number', 8787],
    ['null', null],
  ])('refuses apiBaseUrl as %s, reports it with its path and keeps the default', (_label, value) => {
    const r = resolveSettings({}, { apiBaseUrl: value });
    expect(r.settings.apiBaseUrl).toBe(DEFAULT_SETTINGS.apiBaseUrl);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^options\.apiBaseUrl: \S/);
    expect(r.locked).toEqual([]);
  });

  it('explains why a remote plain-http URL is refused', () => {
    expect(resolveSettings({ apiBaseUrl: 'http://api.example.com' }, {}).errors).toEqual([
      'policy.apiBaseUrl: must be https:// (http:// only for loopback)',
    ]);
  });

  it.each([500, 501, 8000, 59_999, 60_000])('accepts apiTimeoutMs %d', (ms) => {
    const r = resolveSettings({}, { apiTimeoutMs: ms });
    expect(r.errors).toEqual([]);
    expect(r.settings.apiTimeoutMs).toBe(ms);
  });

  it.each([
    ['too small', 499],
    ['zero', 0],
    ['negative', -1000],
    ['too large', 60_001],
    ['not an integer', 1500.5],
    ['a numeric string', '8000'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a boolean', true],
  ])('refuses apiTimeoutMs %s and keeps the default', (_label, value) => {
    const r = resolveSettings({ apiTimeoutMs: value }, {});
    expect(r.settings.apiTimeoutMs).toBe(DEFAULT_SETTINGS.apiTimeoutMs);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^policy\.apiTimeoutMs: \S/);
    expect(r.locked).toEqual([]);
  });

  it.each(['GB', 'US', 'DE'])('accepts defaultRegion %s', (region) => {
    expect(resolveSettings({}, { defaultRegion: region })).toMatchObject({ settings: { defaultRegion: region }, errors: [] });
  });

  it.each([
    ['lower case', 'gb'],
    ['mixed case', 'Gb'],
    ['three letters', 'GBR'],
    ['one letter', 'G'],
    ['with spaces', ' GB'],
    ['empty', ''],
    ['a number', 44],
  ])('refuses defaultRegion %s and keeps the default', (_label, value) => {
    const r = resolveSettings({}, { defaultRegion: value });
    expect(r.settings.defaultRegion).toBe(DEFAULT_SETTINGS.defaultRegion);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^options\.defaultRegion: /);
  });

  it('explains a lower-case region', () => {
    expect(resolveSettings({}, { defaultRegion: 'gb' }).errors).toEqual([
      'options.defaultRegion: must be an ISO 3166-1 alpha-2 region such as "GB"',
    ]);
  });

  it('an invalid policy value is reported, not locked, and the valid option applies', () => {
    const r = resolveSettings({ apiTimeoutMs: 10 }, { apiTimeoutMs: 4000 });
    expect(r.settings.apiTimeoutMs).toBe(4000);
    expect(r.locked).toEqual([]);
    expect(r.errors).toEqual([expect.stringMatching(/^policy\.apiTimeoutMs: /)]);
  });

  it('invalid values in both sources are both reported, policy first, and the default applies', () => {
    const r = resolveSettings({ defaultRegion: 'usa' }, { defaultRegion: 'us' });
    expect(r.settings.defaultRegion).toBe(DEFAULT_SETTINGS.defaultRegion);
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0]).toMatch(/^policy\.defaultRegion: /);
    expect(r.errors[1]).toMatch(/^options\.defaultRegion: /);
  });

  it('a valid policy value hides an invalid option (nothing to report for a value not used)', () => {
    const r = resolveSettings({ apiBaseUrl: 'https://p.example.com' }, { apiBaseUrl: 'ftp://o.example.com' });
    expect(r).toEqual({ settings: { ...DEFAULT_SETTINGS, apiBaseUrl: 'https://p.example.com' }, locked: ['apiBaseUrl'], errors: [] });
  });

  it('reports one error per bad key, and keeps the good keys', () => {
    const r = resolveSettings(
      { apiBaseUrl: 'http://evil.example', apiTimeoutMs: 2000 },
      { apiTimeoutMs: 'fast', defaultRegion: 'mx' },
    );
    expect(r.settings).toEqual({ apiBaseUrl: DEFAULT_SETTINGS.apiBaseUrl, apiTimeoutMs: 2000, defaultRegion: DEFAULT_SETTINGS.defaultRegion });
    expect(r.locked).toEqual(['apiTimeoutMs']);
    expect(r.errors.map((e) => e.split(':')[0])).toEqual(['policy.apiBaseUrl', 'options.defaultRegion']);
  });

  it('never throws on odd source values', () => {
    const odd = [{ apiBaseUrl: {} }, { apiTimeoutMs: [] }, { defaultRegion: Symbol('x') }, { apiBaseUrl: 10n }];
    for (const o of odd) {
      expect(() => resolveSettings(o, o)).not.toThrow();
      expect(resolveSettings(o, {}).settings).toEqual(DEFAULT_SETTINGS);
    }
  });
});

describe('resolveSettings properties', () => {
  const URLS = ['https://a.example.com', 'https://b.example.org:9443/x', 'http://localhost:1', 'http://127.0.0.1:8787'];
  const REGIONS = ['GB', 'US', 'FR', 'JP'];
  const validValue: { [K in keyof Settings]: fc.Arbitrary<Settings[K]> } = {
    apiBaseUrl: fc.constantFrom(...URLS),
    apiTimeoutMs: fc.integer({ min: 500, max: 60_000 }),
    defaultRegion: fc.constantFrom(...REGIONS),
  };
  /** Validity by construction of the generators, independent of the code under test. */
  const isValid: { [K in keyof Settings]: (v: unknown) => boolean } = {
    apiBaseUrl: (v) => typeof v === 'string' && URLS.includes(v),
    apiTimeoutMs: (v) => Number.isInteger(v) && (v as number) >= 500 && (v as number) <= 60_000,
    defaultRegion: (v) => typeof v === 'string' && REGIONS.includes(v),
  };
  const invalidValue = fc.oneof(fc.constant('http://remote.example'), fc.integer({ min: 60_001 }), fc.constant('gb'), fc.constant(null), fc.boolean());
  const source = fc.record(
    {
      apiBaseUrl: fc.oneof(validValue.apiBaseUrl, invalidValue),
      apiTimeoutMs: fc.oneof(validValue.apiTimeoutMs, invalidValue),
      defaultRegion: fc.oneof(validValue.defaultRegion, invalidValue),
    },
    { requiredKeys: [] },
  );

  it('each key is the first valid of policy, options, default; locked iff policy supplied it', () => {
    fc.assert(
      fc.property(source, source, (policy, options) => {
        const r = resolveSettings(policy, options);
        let expectedErrors = 0;
        for (const key of KEYS) {
          const ok = (v: unknown) => v !== undefined && isValid[key](v);
          const p = (policy as Record<string, unknown>)[key];
          const o = (options as Record<string, unknown>)[key];
          const want = ok(p) ? p : ok(o) ? o : DEFAULT_SETTINGS[key];
          expect(r.settings[key]).toEqual(want);
          expect(r.locked.includes(key)).toBe(ok(p));
          if (p !== undefined && !ok(p)) expectedErrors++;
          if (!ok(p) && o !== undefined && !ok(o)) expectedErrors++;
        }
        expect(r.errors).toHaveLength(expectedErrors);
      }),
    );
  });
});
