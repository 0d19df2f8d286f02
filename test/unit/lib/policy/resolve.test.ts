import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_BASE_URL } from '../../../../lib/manifest-data.ts';
import { defaultPolicy, PolicySchema, type Policy } from '../../../../lib/policy/schema.ts';
import { resolvePolicy } from '../../../../lib/policy/resolve.ts';

/** The defaults, once (defaultPolicy() gives a fresh copy per call). */
const DEFAULTS = defaultPolicy();

const SCALARS = ['apiBaseUrl', 'apiTimeoutMs', 'defaultRegion'] as const;
const HTTPS_MSG = 'must be https:// (http:// only for loopback)';

/** A valid custom adapter for the customAdapters checks. */
const adapter = (id: string) => ({
  id,
  label: `CRM ${id}`,
  matches: [`https://*.${id}.example.com/*`],
  callView: '.call-view',
  ani: { selector: '.caller-number' },
});

describe('resolvePolicy: sources', () => {
  it('uses the defaults when neither policy nor options set anything', () => {
    const r = resolvePolicy({}, {});
    expect(r).toEqual({ settings: DEFAULTS, locked: [], errors: [] });
    expect(r.settings.apiBaseUrl).toBe(DEFAULT_API_BASE_URL);
    expect(r.settings.apiTimeoutMs).toBe(8000);
    expect(r.settings.defaultRegion).toBe('US');
  });

  it('the defaults are valid settings, a fresh copy on every call', () => {
    expect(PolicySchema.safeParse(DEFAULTS).success).toBe(true);
    expect(resolvePolicy({ ...DEFAULTS }, {}).errors).toEqual([]);
    const mine = defaultPolicy();
    mine.identification.methods.push('phone');
    mine.panel.side = 'left';
    expect(defaultPolicy()).toEqual(DEFAULTS);
  });

  it('returns settings the caller may change without touching the defaults or later results', () => {
    const before = structuredClone(DEFAULTS);
    const a = resolvePolicy({}, {});
    expect(Object.isFrozen(a.settings)).toBe(false);
    a.settings.defaultRegion = 'ZZ';
    a.settings.identification.maxAttempts = 9;
    a.settings.identification.methods.push('phone');
    expect(defaultPolicy()).toEqual(before);
    expect(resolvePolicy({}, {}).settings).toEqual(before);
  });

  it('options replace defaults and are not locked', () => {
    const local = { apiBaseUrl: 'https://api.example.com', apiTimeoutMs: 3000, defaultRegion: 'GB' };
    const r = resolvePolicy({}, local);
    expect(r.settings).toMatchObject(local);
    expect(r.locked).toEqual([]);
    expect(r.errors).toEqual([]);
  });

  it('policy beats options key by key and locks exactly the keys it sets', () => {
    const r = resolvePolicy(
      { apiBaseUrl: 'https://policy.example.com/' },
      { apiBaseUrl: 'https://options.example.com', apiTimeoutMs: 1234, defaultRegion: 'DE' },
    );
    expect(r.settings).toMatchObject({ apiBaseUrl: 'https://policy.example.com/', apiTimeoutMs: 1234, defaultRegion: 'DE' });
    expect(r.locked).toEqual(['apiBaseUrl']);
    expect(r.errors).toEqual([]);
  });

  it('a key only in policy is locked; a key only in options is not', () => {
    const r = resolvePolicy({ defaultRegion: 'FR' }, { apiTimeoutMs: 9000 });
    expect(r.settings).toEqual({ ...DEFAULTS, defaultRegion: 'FR', apiTimeoutMs: 9000 });
    expect(r.locked).toEqual(['defaultRegion']);
  });

  it('locks every key the policy sets', () => {
    const policy = { apiBaseUrl: 'https://p.example.com', apiTimeoutMs: 500, defaultRegion: 'IE' };
    const r = resolvePolicy(policy, { apiBaseUrl: 'https://o.example.com', apiTimeoutMs: 60_000, defaultRegion: 'ES' });
    expect(r.settings).toMatchObject(policy);
    expect([...r.locked].sort()).toEqual([...SCALARS].sort());
  });

  it('treats an undefined value as not set (no error, not locked)', () => {
    const r = resolvePolicy({ apiTimeoutMs: undefined }, { apiTimeoutMs: 2500 });
    expect(r).toEqual({ settings: { ...DEFAULTS, apiTimeoutMs: 2500 }, locked: [], errors: [] });
  });

  it('ignores unknown keys in both sources and never copies them into the settings', () => {
    const r = resolvePolicy(
      // JSON.parse makes "__proto__" an own key, as values read from storage are.
      JSON.parse('{"colour":"red","apiBaseUrl2":"ftp://x","__proto__":{"apiBaseUrl":"http://evil.example"}}'),
      { theme: 'dark', APIBASEURL: 'http://evil.example', apiTimeout: 1 },
    );
    expect(r).toEqual({ settings: DEFAULTS, locked: [], errors: [] });
    expect(Object.keys(r.settings).sort()).toEqual(Object.keys(DEFAULTS).sort());
  });

  it('does not read settings through the prototype chain', () => {
    const inherited = Object.create({ apiBaseUrl: 'http://evil.example', defaultRegion: 'GB' }) as Record<string, unknown>;
    expect(resolvePolicy(inherited, {})).toEqual({ settings: DEFAULTS, locked: [], errors: [] });
  });

  it.each([null, undefined, 'policy', 42, ['apiBaseUrl']])('treats a non-object source (%j) as empty', (odd) => {
    const r = resolvePolicy(odd as unknown as Record<string, unknown>, odd as unknown as Record<string, unknown>);
    expect(r).toEqual({ settings: DEFAULTS, locked: [], errors: [] });
  });
});

describe('resolvePolicy: apiBaseUrl', () => {
  it.each([
    'https://api.example.com',
    'https://api.example.com:8443/base/',
    'http://127.0.0.1:8787',
    'http://localhost:8787',
    'http://localhost',
    'http://[::1]:8787',
  ])('accepts %s', (url) => {
    const r = resolvePolicy({}, { apiBaseUrl: url });
    expect(r.errors).toEqual([]);
    expect(r.settings.apiBaseUrl).toBe(url);
  });

  it.each<[string, unknown, string]>([
    ['plain http to a remote host', 'http://api.example.com', HTTPS_MSG],
    ['plain http to a host that starts like loopback', 'http://127.0.0.1.evil.example', HTTPS_MSG],
    ['plain http to a host that starts like localhost', 'http://localhost.evil.example:8787', HTTPS_MSG],
    ['plain http to another private address', 'http://10.0.0.5', HTTPS_MSG],
    ['ftp', 'ftp://api.example.com', HTTPS_MSG],
    ['ws', 'ws://localhost:8787', HTTPS_MSG],
    ['a user name and password', 'https://user:secret@api.example.com', 'must not contain a user name or password'],
    ['javascript:', 'javascript:alert(1)', 'must be an absolute URL such as https://api.example.com'],
    ['not a URL', 'not a url', 'must be an absolute URL such as https://api.example.com'],
    ['a bare host', 'api.example.com', 'must be an absolute URL such as https://api.example.com'],
    ['a scheme-relative URL', '//api.example.com', 'must be an absolute URL such as https://api.example.com'],
    ['an empty string', '', 'must be an absolute URL such as https://api.example.com'],
    ['a number', 8787, 'must be a URL string'],
    ['null', null, 'must be a URL string'],
  ])('refuses %s, reports it with its path and keeps the default', (_label, value, message) => {
    const r = resolvePolicy({}, { apiBaseUrl: value });
    expect(r.settings.apiBaseUrl).toBe(DEFAULTS.apiBaseUrl);
    expect(r.errors).toEqual([`options.apiBaseUrl: ${message}`]);
    expect(r.locked).toEqual([]);
  });
});

describe('resolvePolicy: apiTimeoutMs and defaultRegion', () => {
  it.each([500, 501, 8000, 59_999, 60_000])('accepts apiTimeoutMs %d', (ms) => {
    const r = resolvePolicy({}, { apiTimeoutMs: ms });
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
    const r = resolvePolicy({ apiTimeoutMs: value }, {});
    expect(r.settings.apiTimeoutMs).toBe(DEFAULTS.apiTimeoutMs);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^policy\.apiTimeoutMs: \S/);
    expect(r.locked).toEqual([]);
  });

  it('explains the timeout range', () => {
    expect(resolvePolicy({ apiTimeoutMs: 10 }, {}).errors).toEqual(['policy.apiTimeoutMs: must be a whole number between 500 and 60000']);
  });

  it.each(['GB', 'US', 'DE'])('accepts defaultRegion %s', (region) => {
    expect(resolvePolicy({}, { defaultRegion: region })).toMatchObject({ settings: { defaultRegion: region }, errors: [] });
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
    const r = resolvePolicy({}, { defaultRegion: value });
    expect(r.settings.defaultRegion).toBe(DEFAULTS.defaultRegion);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^options\.defaultRegion: \S/);
  });

  it('explains a lower-case region', () => {
    expect(resolvePolicy({}, { defaultRegion: 'gb' }).errors).toEqual(['options.defaultRegion: must be an ISO 3166-1 alpha-2 region such as "GB"']);
  });
});

describe('resolvePolicy: invalid values fall through', () => {
  it('an invalid policy value is reported, not locked, and the valid option applies', () => {
    const r = resolvePolicy({ apiTimeoutMs: 10 }, { apiTimeoutMs: 4000 });
    expect(r.settings.apiTimeoutMs).toBe(4000);
    expect(r.locked).toEqual([]);
    expect(r.errors).toEqual([expect.stringMatching(/^policy\.apiTimeoutMs: /)]);
  });

  it('invalid values in both sources are both reported, policy first, and the default applies', () => {
    const r = resolvePolicy({ defaultRegion: 'usa' }, { defaultRegion: 'us' });
    expect(r.settings.defaultRegion).toBe(DEFAULTS.defaultRegion);
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0]).toMatch(/^policy\.defaultRegion: /);
    expect(r.errors[1]).toMatch(/^options\.defaultRegion: /);
  });

  it('a valid policy value hides an invalid option (nothing to report for a value not used)', () => {
    const r = resolvePolicy({ apiBaseUrl: 'https://p.example.com' }, { apiBaseUrl: 'ftp://o.example.com' });
    expect(r).toEqual({ settings: { ...DEFAULTS, apiBaseUrl: 'https://p.example.com' }, locked: ['apiBaseUrl'], errors: [] });
  });

  it('reports one error per bad key, and keeps the good keys', () => {
    const r = resolvePolicy({ apiBaseUrl: 'http://evil.example', apiTimeoutMs: 2000 }, { apiTimeoutMs: 'fast', defaultRegion: 'mx' });
    expect(r.settings).toMatchObject({ apiBaseUrl: DEFAULTS.apiBaseUrl, apiTimeoutMs: 2000, defaultRegion: DEFAULTS.defaultRegion });
    expect(r.locked).toEqual(['apiTimeoutMs']);
    expect(r.errors.map((e) => e.split(':')[0])).toEqual(['policy.apiBaseUrl', 'options.defaultRegion']);
  });
});

describe('resolvePolicy: nested groups', () => {
  it('merges a group sub-key by sub-key, locking only what the policy set', () => {
    const r = resolvePolicy(
      { identification: { maxAttempts: 5 } },
      { identification: { aniLookup: false, maxAttempts: 2 }, verification: { mode: 'agent-judged' } },
    );
    expect(r.settings.identification).toEqual({ ...DEFAULTS.identification, aniLookup: false, maxAttempts: 5 });
    expect(r.settings.verification).toEqual({ ...DEFAULTS.verification, mode: 'agent-judged' });
    expect(r.locked).toEqual(['identification.maxAttempts']);
    expect(r.errors).toEqual([]);
  });

  it('reports an invalid sub-value with its full path and keeps the rest of the group', () => {
    const r = resolvePolicy({ verification: { mode: 'vibes', maxAttempts: 4 } }, {});
    expect(r.settings.verification).toEqual({ ...DEFAULTS.verification, maxAttempts: 4 });
    expect(r.locked).toEqual(['verification.maxAttempts']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^policy\.verification\.mode: \S/);
  });

  it('reports a group that is not an object, and uses the other source for it', () => {
    const r = resolvePolicy({ identification: ['customerId'] }, { identification: { maxAttempts: 7 } });
    expect(r.errors).toEqual(['policy.identification: must be an object']);
    expect(r.settings.identification.maxAttempts).toBe(7);
    expect(r.locked).toEqual([]);
  });

  it('refuses repeated, unknown or no identification methods', () => {
    for (const methods of [['customerId', 'customerId'], ['email'], [], 'customerId']) {
      const r = resolvePolicy({}, { identification: { methods } });
      expect(r.settings.identification.methods).toEqual(DEFAULTS.identification.methods);
      expect(r.errors.length).toBeGreaterThan(0);
      expect(r.errors.every((e) => e.startsWith('options.identification.methods'))).toBe(true);
    }
  });

  it('ignores unknown sub-keys of a group', () => {
    const r = resolvePolicy({ panel: { side: 'left', colour: 'red' } }, {});
    expect(r.settings.panel).toEqual({ ...DEFAULTS.panel, side: 'left' });
    expect(r.errors).toEqual([]);
    expect(r.locked).toEqual(['panel.side']);
  });
});

describe('resolvePolicy: customAdapters', () => {
  it('keeps valid adapters and skips invalid ones, saying which', () => {
    const bad = { ...adapter('broken'), matches: ['<all_urls>'] };
    const r = resolvePolicy({ customAdapters: [adapter('acme'), bad, adapter('zeta')] }, {});
    expect(r.settings.customAdapters.map((a) => a.id)).toEqual(['acme', 'zeta']);
    expect(r.locked).toEqual(['customAdapters']);
    expect(r.errors).toContain('policy.customAdapters[1]: adapter "broken" skipped');
    expect(r.errors.some((e) => e.startsWith('policy.customAdapters[1].matches'))).toBe(true);
  });

  it('skips a second adapter with the same id', () => {
    const r = resolvePolicy({ customAdapters: [adapter('acme'), adapter('acme')] }, {});
    expect(r.settings.customAdapters).toHaveLength(1);
    expect(r.errors).toEqual(['policy.customAdapters[1].id: duplicate adapter id "acme"', 'policy.customAdapters[1]: adapter "acme" skipped']);
  });

  it('a value that is not a list is reported and the next source used', () => {
    const r = resolvePolicy({ customAdapters: adapter('acme') }, { customAdapters: [adapter('local')] });
    expect(r.errors).toEqual(['policy.customAdapters: must be a list of adapters']);
    expect(r.settings.customAdapters.map((a) => a.id)).toEqual(['local']);
    expect(r.locked).toEqual([]);
  });
});

describe('resolvePolicy properties', () => {
  const URLS = ['https://a.example.com', 'https://b.example.org:9443/x', 'http://localhost:1', 'http://127.0.0.1:8787'];
  const REGIONS = ['GB', 'US', 'FR', 'JP'];
  const validValue: { [K in (typeof SCALARS)[number]]: fc.Arbitrary<Policy[K]> } = {
    apiBaseUrl: fc.constantFrom(...URLS),
    apiTimeoutMs: fc.integer({ min: 500, max: 60_000 }),
    defaultRegion: fc.constantFrom(...REGIONS),
  };
  /** Validity by construction of the generators, independent of the code under test. */
  const isValid: { [K in (typeof SCALARS)[number]]: (v: unknown) => boolean } = {
    apiBaseUrl: (v) => typeof v === 'string' && URLS.includes(v),
    apiTimeoutMs: (v) => Number.isInteger(v) && (v as number) >= 500 && (v as number) <= 60_000,
    defaultRegion: (v) => typeof v === 'string' && REGIONS.includes(v),
  };
  const invalidValue = fc.oneof(
    fc.constantFrom('http://remote.example', 'not a url', 'gb', '', 'ftp://x.example'),
    fc.integer({ min: 60_001 }),
    fc.integer({ max: 499 }),
    fc.constant(null),
    fc.boolean(),
  );
  const source = fc.record(
    {
      apiBaseUrl: fc.oneof(validValue.apiBaseUrl, invalidValue),
      apiTimeoutMs: fc.oneof(validValue.apiTimeoutMs, invalidValue),
      defaultRegion: fc.oneof(validValue.defaultRegion, invalidValue),
    },
    { requiredKeys: [] },
  );

  it('each key is the first valid of policy, options, default; locked iff the policy supplied it', () => {
    fc.assert(
      fc.property(source, source, (policy, options) => {
        const r = resolvePolicy(policy, options);
        let expectedErrors = 0;
        for (const key of SCALARS) {
          const ok = (v: unknown) => v !== undefined && isValid[key](v);
          const p = (policy as Record<string, unknown>)[key];
          const o = (options as Record<string, unknown>)[key];
          expect(r.settings[key]).toEqual(ok(p) ? p : ok(o) ? o : DEFAULTS[key]);
          expect(r.locked.includes(key)).toBe(ok(p));
          if (p !== undefined && !ok(p)) expectedErrors++;
          if (!ok(p) && o !== undefined && !ok(o)) expectedErrors++;
        }
        expect(r.errors).toHaveLength(expectedErrors);
      }),
    );
  });

  const KEYS = Object.keys(DEFAULTS);
  const anySource = fc.oneof(
    fc.dictionary(fc.constantFrom(...KEYS), fc.anything(), { maxKeys: 6 }),
    fc.dictionary(fc.constantFrom('identification', 'verification', 'panel', 'reports'), fc.dictionary(fc.string(), fc.jsonValue())),
    fc.anything(),
  );

  it('never throws, and whatever the input the result is valid settings', () => {
    fc.assert(
      fc.property(anySource, anySource, (managed, local) => {
        const r = resolvePolicy(managed as Record<string, unknown>, local as Record<string, unknown>);
        expect(PolicySchema.safeParse(r.settings).success).toBe(true);
        expect(r.errors.every((e) => /^(policy|options)\.[A-Za-z]/.test(e))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
