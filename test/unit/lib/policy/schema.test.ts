/** The policy schema and its merge: malformed policies give precise errors and safe values. */
import { describe, expect, it } from 'vitest';
import { defaultPolicy, type Policy } from '../../../../lib/policy/schema.ts';
import { resolvePolicy, validatePolicy } from '../../../../lib/policy/resolve.ts';
import { customAdapterToAdapter } from '../../../../lib/policy/custom-adapter.ts';

const DEFAULTS = defaultPolicy();

const adapter = (over: Record<string, unknown> = {}) => ({
  id: 'acme-crm',
  label: 'Acme CRM',
  matches: ['https://*.acme.example.com/*'],
  callView: 'acme-call[state="ringing"]',
  ani: { selector: '.caller .number', pattern: '(\\+?[0-9 ]+)' },
  interactionId: { urlPattern: '^/calls/([A-Za-z0-9]+)' },
  ...over,
});

/** [what, policy, the exact error expected, the setting that must keep its safe value]. */
const MALFORMED: [string, Record<string, unknown>, string, (p: Policy) => unknown, unknown][] = [
  ['apiBaseUrl a number', { apiBaseUrl: 443 }, 'policy.apiBaseUrl: must be a URL string', (p) => p.apiBaseUrl, DEFAULTS.apiBaseUrl],
  ['apiBaseUrl not a URL', { apiBaseUrl: 'verify.example.com' }, 'policy.apiBaseUrl: must be an absolute URL such as https://api.example.com', (p) => p.apiBaseUrl, DEFAULTS.apiBaseUrl],
  ['apiBaseUrl http non-loopback', { apiBaseUrl: 'http://10.1.2.3:8080' }, 'policy.apiBaseUrl: must be https:// (http:// only for loopback)', (p) => p.apiBaseUrl, DEFAULTS.apiBaseUrl],
  ['apiBaseUrl with credentials', { apiBaseUrl: 'https://u:p@api.example.com' }, 'policy.apiBaseUrl: must not contain a user name or password', (p) => p.apiBaseUrl, DEFAULTS.apiBaseUrl],
  ['apiTimeoutMs a string', { apiTimeoutMs: '8000' }, 'policy.apiTimeoutMs: must be a whole number between 500 and 60000', (p) => p.apiTimeoutMs, 8000],
  ['apiTimeoutMs negative', { apiTimeoutMs: -5 }, 'policy.apiTimeoutMs: must be a whole number between 500 and 60000', (p) => p.apiTimeoutMs, 8000],
  ['defaultRegion lower case', { defaultRegion: 'gb' }, 'policy.defaultRegion: must be an ISO 3166-1 alpha-2 region such as "GB"', (p) => p.defaultRegion, 'US'],
  ['apiAuth unknown type', { apiAuth: { type: 'basic', user: 'x' } }, 'policy.apiAuth.type: must be one of "none", "bearer", "oauth2-pkce"', (p) => p.apiAuth, { type: 'none' }],
  ['apiAuth bearer without token', { apiAuth: { type: 'bearer' } }, 'policy.apiAuth.token: is required', (p) => p.apiAuth, { type: 'none' }],
  ['apiAuth with a misspelt key', { apiAuth: { type: 'bearer', token: 't', tokne: 'x' } }, 'policy.apiAuth.tokne: unknown key', (p) => p.apiAuth, { type: 'none' }],
  ['apiAuth oauth2 over http', { apiAuth: { type: 'oauth2-pkce', authorizeUrl: 'http://idp.example.com/a', tokenUrl: 'https://idp.example.com/t', clientId: 'c', scopes: [] } }, 'policy.apiAuth.authorizeUrl: must be an https:// URL', (p) => p.apiAuth.type, 'none'],
  ['apiAuth a string', { apiAuth: 'bearer abc' }, 'policy.apiAuth: must be an object whose "type" is "none", "bearer" or "oauth2-pkce"', (p) => p.apiAuth, { type: 'none' }],
  ['identification not an object', { identification: ['phone'] }, 'policy.identification: must be an object', (p) => p.identification, DEFAULTS.identification],
  ['identification.maxAttempts zero', { identification: { maxAttempts: 0 } }, 'policy.identification.maxAttempts: must be a whole number between 1 and 10', (p) => p.identification.maxAttempts, 3],
  ['identification.maxAttempts fractional', { identification: { maxAttempts: 2.5 } }, 'policy.identification.maxAttempts: must be a whole number between 1 and 10', (p) => p.identification.maxAttempts, 3],
  ['identification.methods unknown method', { identification: { methods: ['phone', 'email'] } }, 'policy.identification.methods[1]: must be one of customerId, accountNumber, phone, lastName', (p) => p.identification.methods, DEFAULTS.identification.methods],
  ['identification.methods repeated', { identification: { methods: ['phone', 'phone'] } }, 'policy.identification.methods: must not repeat a method', (p) => p.identification.methods, DEFAULTS.identification.methods],
  ['identification.aniLookup a string', { identification: { aniLookup: 'yes' } }, 'policy.identification.aniLookup: must be true or false', (p) => p.identification.aniLookup, true],
  ['verification.mode unknown', { verification: { mode: 'auto' } }, 'policy.verification.mode: must be "caller-answer" or "agent-judged"', (p) => p.verification.mode, 'caller-answer'],
  ['verification.lowTrustExtraQuestions too big', { verification: { lowTrustExtraQuestions: 6 } }, 'policy.verification.lowTrustExtraQuestions: must be a whole number between 0 and 5', (p) => p.verification.lowTrustExtraQuestions, 1],
  ['verification.priorStatusWindowMinutes negative', { verification: { priorStatusWindowMinutes: -1 } }, 'policy.verification.priorStatusWindowMinutes: must be a whole number between 0 and 1440', (p) => p.verification.priorStatusWindowMinutes, 15],
  ['verification.challenge unknown', { verification: { challenge: 'never' } }, 'policy.verification.challenge: must be "auto" or "on-engage"', (p) => p.verification.challenge, 'auto'],
  ['allowOptOut as 0', { allowOptOut: 0 }, 'policy.allowOptOut: must be true or false', (p) => p.allowOptOut, true],
  ['retentionDays too large', { retentionDays: 5000 }, 'policy.retentionDays: must be a whole number between 1 and 3650', (p) => p.retentionDays, 30],
  ['disabledAdapters not a list', { disabledAdapters: 'salesforce-voicecall' }, 'policy.disabledAdapters: must be a list of adapter ids', (p) => p.disabledAdapters, []],
  ['disabledAdapters huge', { disabledAdapters: Array.from({ length: 101 }, (_, i) => `a${i}`) }, 'policy.disabledAdapters: must have at most 100 ids', (p) => p.disabledAdapters, []],
  ['customAdapters not a list', { customAdapters: { id: 'x' } }, 'policy.customAdapters: must be a list of adapters', (p) => p.customAdapters, []],
  ['customAdapters huge', { customAdapters: Array.from({ length: 51 }, (_, i) => adapter({ id: `a${i}` })) }, 'policy.customAdapters: must have at most 50 adapters (has 51)', (p) => p.customAdapters, []],
  ['agentIdSource policy without agentId', { agentIdSource: { type: 'policy' } }, 'policy.agentIdSource.agentId: is required', (p) => p.agentIdSource, { type: 'none' }],
  ['panel.side a number', { panel: { side: 1 } }, 'policy.panel.side: must be "right" or "left"', (p) => p.panel.side, 'right'],
  ['reports.serverSummary "true"', { reports: { serverSummary: 'true' } }, 'policy.reports.serverSummary: must be true or false', (p) => p.reports.serverSummary, false],
];

describe('malformed policies', () => {
  it.each(MALFORMED)('%s: precise error, safe value, not locked', (_what, policy, error, get, safe) => {
    const r = resolvePolicy(policy, {});
    expect(r.errors).toContain(error);
    expect(get(r.settings)).toEqual(safe);
    expect(r.locked).toEqual([]);
    expect(validatePolicy(policy)).toContain(error);
  });

  it('has at least 20 cases', () => expect(MALFORMED.length).toBeGreaterThanOrEqual(20));

  it.each([
    ['unknown top-level key', { apiBaseURL: 'https://x.example.com' }, 'policy.apiBaseURL: unknown key'],
    ['unknown nested key', { panel: { width: 300 } }, 'policy.panel.width: unknown key'],
  ])('%s: reported by validatePolicy, ignored by the merge', (_what, policy, error) => {
    expect(validatePolicy(policy)).toEqual([error]);
    expect(resolvePolicy(policy, {})).toEqual({ settings: DEFAULTS, locked: [], errors: [] });
  });

  it.each([null, [], 'x', 3])('a policy that is not an object (%j) is refused as a whole', (raw) => {
    expect(validatePolicy(raw)).toEqual(['policy: must be a JSON object']);
    expect(resolvePolicy(raw as never, {}).settings).toEqual(DEFAULTS);
  });
});

describe('custom adapters', () => {
  const bad: [string, Record<string, unknown>, string][] = [
    ['bad regex', { ani: { selector: '.n', pattern: '([0-9]+' } }, 'policy.customAdapters[1].ani.pattern: is not a valid regular expression'],
    ['regex without a capture group', { interactionId: { urlPattern: '^/calls/[0-9]+' } }, 'policy.customAdapters[1].interactionId.urlPattern: must have exactly one capture group (found 0)'],
    ['regex with two groups', { ani: { selector: '.n', pattern: '(\\+)([0-9]+)' } }, 'policy.customAdapters[1].ani.pattern: must have exactly one capture group (found 2)'],
    ['unbalanced selector', { callView: 'div[data-x="1"' }, 'policy.customAdapters[1].callView: is not a valid CSS selector: missing "]"'],
    ['CSS rule instead of a selector', { callView: 'div { color: red }' }, 'policy.customAdapters[1].callView: is not a valid CSS selector: "{" is not allowed'],
    ['dangling combinator', { ani: { selector: '.call >' } }, 'policy.customAdapters[1].ani.selector: is not a valid CSS selector: dangling combinator in ".call >"'],
    ['every site', { matches: ['https://*/*'] }, 'policy.customAdapters[1].matches[0]: must name a host: matching every site is not allowed'],
    ['not a match pattern', { matches: ['acme.example.com'] }, 'policy.customAdapters[1].matches[0]: must be a match pattern such as "https://*.crm.example.com/*"'],
    ['interactionId without a source', { interactionId: { attribute: 'data-id' } }, 'policy.customAdapters[1].interactionId: must have a "selector" or a "urlPattern"'],
    ['record URL with a stray placeholder', { recordUrl: '{origin}/c/{id}' }, 'policy.customAdapters[1].recordUrl: may only use the placeholders {origin} and {customerId}'],
    ['ani a string', { ani: '.number' }, 'policy.customAdapters[1].ani: must be an object with a "selector"'],
    ['unknown key', { colour: 'red' }, 'policy.customAdapters[1].colour: unknown key'],
  ];
  it.each(bad)('%s: the adapter is reported and skipped, the others kept', (_what, over, error) => {
    const policy = { customAdapters: [adapter({ id: 'good' }), adapter({ id: 'bad', ...over }), adapter({ id: 'good-2' })] };
    const r = resolvePolicy(policy, {});
    expect(r.errors.some((e) => e.startsWith(error))).toBe(true);
    expect(r.errors).toContain('policy.customAdapters[1]: adapter "bad" skipped');
    expect(r.settings.customAdapters.map((a) => a.id)).toEqual(['good', 'good-2']);
    expect(r.locked).toEqual(['customAdapters']);
  });

  it('a duplicate id is skipped', () => {
    const r = resolvePolicy({ customAdapters: [adapter(), adapter({ label: 'Again' })] }, {});
    expect(r.errors).toEqual(['policy.customAdapters[1].id: duplicate adapter id "acme-crm"', 'policy.customAdapters[1]: adapter "acme-crm" skipped']);
    expect(r.settings.customAdapters).toHaveLength(1);
  });

  it('accepts selectors the conservative check must not refuse', () => {
    const selectors = ['a[href^="tel:"]', 'x-call::part(number)', 'li:nth-child(2n+1) > span', "[data-label='From, To']", 'a ~ b', 'div\\:x'];
    for (const s of selectors) expect(validatePolicy({ customAdapters: [adapter({ callView: s })] }), s).toEqual([]);
  });

  it('converts to the detector shape: urlPattern carries the id, ani becomes one source', () => {
    const a = customAdapterToAdapter(resolvePolicy({ customAdapters: [adapter({ recordUrl: '{origin}/c/{customerId}' })] }, {}).settings.customAdapters[0]!);
    expect(a).toEqual({
      id: 'acme-crm', label: 'Acme CRM', matches: ['https://*.acme.example.com/*'], urlPattern: '^/calls/([A-Za-z0-9]+)',
      callView: 'acme-call[state="ringing"]', ani: [{ selector: '.caller .number', pattern: '(\\+?[0-9 ]+)' }], recordUrl: '{origin}/c/{customerId}',
    });
    const bySelector = customAdapterToAdapter({ ...adapter(), interactionId: { selector: '[data-call-id]', attribute: 'data-call-id' } } as never);
    expect(bySelector.urlPattern).toBe('');
    expect(bySelector.interactionId).toEqual({ selector: '[data-call-id]', attribute: 'data-call-id' });
    expect(customAdapterToAdapter({ ...adapter(), interactionId: undefined } as never).urlPattern).toBe('^([^#]*)');
  });

  it('lets an in-house CRM that embeds the CCP read the Connect conduit, and no other vendor source', () => {
    const ok = resolvePolicy({ customAdapters: [adapter({ events: ['connect-conduit'] })] }, {});
    expect(customAdapterToAdapter(ok.settings.customAdapters[0]!).events).toEqual(['connect-conduit']);
    const bad = validatePolicy({ customAdapters: [adapter({ events: ['gc-salesforce-client-event'] })] });
    expect(JSON.stringify(bad)).toContain('connect-conduit');
  });
});

describe('merge', () => {
  it('nested objects merge per sub-key: policy > options > default, locked as dotted paths', () => {
    const r = resolvePolicy(
      { identification: { maxAttempts: 5 }, panel: { side: 'left' } },
      { identification: { maxAttempts: 2, aniLookup: false }, panel: { side: 'right', startCollapsed: true } },
    );
    expect(r.settings.identification).toEqual({ ...DEFAULTS.identification, maxAttempts: 5, aniLookup: false });
    expect(r.settings.panel).toEqual({ side: 'left', startCollapsed: true, surface: 'page' });
    expect(r.locked).toEqual(['identification.maxAttempts', 'panel.side']);
    expect(r.errors).toEqual([]);
  });

  it('an invalid policy sub-key falls back to the option, then the default', () => {
    const r = resolvePolicy({ verification: { maxAttempts: 11, mode: 'x' } }, { verification: { maxAttempts: 4 } });
    expect(r.settings.verification).toEqual({ ...DEFAULTS.verification, maxAttempts: 4 });
    expect(r.locked).toEqual([]);
    expect(r.errors).toHaveLength(2);
  });

  it('a full valid policy locks every key and reports nothing', () => {
    const full = { ...DEFAULTS, apiBaseUrl: 'https://api.example.com', agentIdSource: { type: 'policy', agentId: 'A-7' }, customAdapters: [adapter()] };
    const r = resolvePolicy(full, {});
    expect(r.errors).toEqual([]);
    expect(validatePolicy(full)).toEqual([]);
    expect(r.settings.agentIdSource).toEqual({ type: 'policy', agentId: 'A-7' });
    expect(r.locked).toContain('apiAuth');
    expect(r.locked).toContain('reports.serverSummary');
  });

  it('scopes default to [] and oauth2-pkce parses', () => {
    const auth = { type: 'oauth2-pkce', authorizeUrl: 'https://idp.example.com/a', tokenUrl: 'https://idp.example.com/t', clientId: 'cv' };
    expect(resolvePolicy({ apiAuth: auth }, {}).settings.apiAuth).toEqual({ ...auth, scopes: [] });
  });
});
