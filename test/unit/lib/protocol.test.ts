import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FROM_CONTENT, FROM_PANEL, parseMessage } from '../../../lib/protocol.ts';

const validCall = () => ({
  type: 'call.detected',
  adapterId: 'salesforce-voicecall',
  interactionId: '0LQ5g000000AbCdEAF',
  rawAni: '+1 (415) 555-0100',
  pageUrl: 'https://acme.lightning.force.com/lightning/r/VoiceCall/0LQ5g000000AbCdEAF/view',
});
const validHello = () => ({ type: 'panel.hello', interactionId: 'conv:1234-abcd_EF.9' });
const validRetry = () => ({ type: 'panel.retry', interactionId: 'x' });

/** Independent oracle for the protocol rules, written from the spec rather than from the zod schemas. */
const ID = /^(?!\.+$)[A-Za-z0-9._:-]+$/; // all-dot ids would be path segments in API URLs
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Own keys: all of `required`, any of `optional`, nothing else. */
const keysOk = (v: Record<string, unknown>, required: string[], optional: string[] = []) =>
  required.every((k) => Object.hasOwn(v, k)) && Object.keys(v).every((k) => required.includes(k) || optional.includes(k));
const str = (v: unknown, min: number, max: number) => typeof v === 'string' && v.length >= min && v.length <= max;
const isId = (v: unknown) => str(v, 1, 128) && ID.test(v as string);
const opt = (v: Record<string, unknown>, k: string, ok: (x: unknown) => boolean) => v[k] === undefined || ok(v[k]);
function oracleContent(v: unknown): boolean {
  return (
    isRecord(v) &&
    keysOk(v, ['type', 'adapterId', 'interactionId', 'rawAni', 'pageUrl'], ['customerId', 'aniTrust']) &&
    v.type === 'call.detected' &&
    str(v.adapterId, 1, 64) &&
    isId(v.interactionId) &&
    (v.rawAni === null || str(v.rawAni, 0, 200)) &&
    str(v.pageUrl, 0, 4096) &&
    opt(v, 'customerId', (c) => str(c, 1, 64)) &&
    opt(
      v,
      'aniTrust',
      (t) =>
        isRecord(t) &&
        keysOk(t, [], ['attestation', 'verstat']) &&
        opt(t, 'attestation', (a) => a === 'A' || a === 'B' || a === 'C') &&
        opt(t, 'verstat', (x) => str(x, 0, 64)),
    )
  );
}
const METHODS = ['customerId', 'accountNumber', 'phone', 'lastName'];
const REASONS = ['caller_declined', 'no_details', 'urgent', 'other'];
const list = (v: unknown, item: (x: unknown) => boolean) => Array.isArray(v) && v.length <= 20 && v.every(item);
function oraclePanel(v: unknown): boolean {
  if (!isRecord(v) || !isId(v.interactionId)) return false;
  switch (v.type) {
    case 'panel.hello':
    case 'panel.retry':
    case 'panel.openRecord':
    case 'panel.signIn':
    case 'panel.engage':
    case 'panel.keepCall':
    case 'panel.switchCall':
    case 'panel.stepUpOffer':
    case 'panel.stepUpResend':
    case 'panel.stepUpOther':
    case 'panel.stepUpPoll':
      return keysOk(v, ['type', 'interactionId']);
    case 'panel.stepUpSend':
      return keysOk(v, ['type', 'interactionId', 'channel']) && ['sms', 'voice', 'email', 'app'].includes(v.channel as string);
    case 'panel.stepUpCheck':
      return keysOk(v, ['type', 'interactionId', 'code']) && typeof v.code === 'string' && /^[0-9]{4,10}$/.test(v.code);
    case 'panel.select':
      return keysOk(v, ['type', 'interactionId', 'customerId']) && str(v.customerId, 1, 64);
    case 'panel.search':
      return keysOk(v, ['type', 'interactionId', 'method', 'value']) && METHODS.includes(v.method as string) && str(v.value, 1, 200);
    case 'panel.optOut':
      return keysOk(v, ['type', 'interactionId', 'reason']) && REASONS.includes(v.reason as string);
    case 'panel.representative':
      return keysOk(v, ['type', 'interactionId', 'on']) && typeof v.on === 'boolean';
    case 'panel.verify':
      return (
        keysOk(v, ['type', 'interactionId'], ['answers', 'marks']) &&
        opt(v, 'answers', (a) => list(a, (x) => isRecord(x) && keysOk(x, ['questionId', 'answer']) && str(x.questionId, 1, 64) && str(x.answer, 0, 200))) &&
        opt(v, 'marks', (m) => list(m, (x) => isRecord(x) && keysOk(x, ['questionId', 'passed']) && str(x.questionId, 1, 64) && typeof x.passed === 'boolean'))
      );
    default:
      return false;
  }
}
const PANEL_TYPES = Object.keys(FROM_PANEL);

describe('parseMessage: valid messages', () => {
  it('accepts call.detected from content and returns the message', () => {
    const msg = validCall();
    const res = parseMessage(FROM_CONTENT, msg);
    expect(res).toEqual({ ok: true, message: msg });
  });

  it('accepts call.detected without a caller number (rawAni null)', () => {
    const msg = { ...validCall(), rawAni: null };
    expect(parseMessage(FROM_CONTENT, msg)).toEqual({ ok: true, message: msg });
  });

  it('accepts an empty rawAni and pageUrl (only length limits apply)', () => {
    const msg = { ...validCall(), rawAni: '', pageUrl: '' };
    expect(parseMessage(FROM_CONTENT, msg).ok).toBe(true);
  });

  it('accepts panel.hello and panel.retry from the panel', () => {
    expect(parseMessage(FROM_PANEL, validHello())).toEqual({ ok: true, message: validHello() });
    expect(parseMessage(FROM_PANEL, validRetry())).toEqual({ ok: true, message: validRetry() });
  });

  it('accepts values exactly at every length limit', () => {
    const msg = {
      ...validCall(),
      adapterId: 'a'.repeat(64),
      interactionId: 'I'.repeat(128),
      rawAni: '9'.repeat(200),
      pageUrl: 'u'.repeat(4096),
    };
    expect(parseMessage(FROM_CONTENT, msg).ok).toBe(true);
    expect(parseMessage(FROM_PANEL, { type: 'panel.hello', interactionId: 'z'.repeat(128) }).ok).toBe(true);
  });

  it('accepts every allowed interactionId character', () => {
    const id = 'AZaz09._:-';
    expect(parseMessage(FROM_PANEL, { type: 'panel.retry', interactionId: id }).ok).toBe(true);
  });
});

describe('parseMessage: unknown types', () => {
  it.each([
    ['a type not in the protocol', { type: 'call.transferred', interactionId: 'x' }],
    ['a type differing only in case', { ...validCall(), type: 'Call.Detected' }],
    ['a type with surrounding space', { ...validCall(), type: ' call.detected' }],
    ['no type at all', { interactionId: 'x' }],
    ['a numeric type', { type: 1 }],
    ['a null type', { type: null }],
    ['an array type', { type: ['call.detected'] }],
    ['an object type', { type: { toString: () => 'call.detected' } }],
    ['an empty object', {}],
    ['an array', [validCall()]],
  ])('refuses %s as unknown-type', (_label, raw) => {
    expect(parseMessage(FROM_CONTENT, raw)).toEqual({ ok: false, refusal: 'unknown-type' });
  });

  it('refuses panel messages from content and content messages from the panel', () => {
    for (const type of PANEL_TYPES) {
      expect(parseMessage(FROM_CONTENT, { type, interactionId: 'x' })).toEqual({ ok: false, refusal: 'unknown-type' });
    }
    expect(parseMessage(FROM_PANEL, validCall())).toEqual({ ok: false, refusal: 'unknown-type' });
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'])(
    'refuses prototype member name %j as type without throwing',
    (type) => {
      for (const schemas of [FROM_CONTENT, FROM_PANEL]) {
        expect(parseMessage(schemas, { type, interactionId: 'x' })).toEqual({ ok: false, refusal: 'unknown-type' });
        // JSON.parse makes "__proto__" an own key, as a structured-clone message would.
        expect(parseMessage(schemas, JSON.parse(JSON.stringify({ type, interactionId: 'x' })))).toEqual({
          ok: false,
          refusal: 'unknown-type',
        });
      }
    },
  );
});

describe('parseMessage: optional call.detected fields', () => {
  it('accepts a pre-selected customer id and ANI trust', () => {
    const msg = { ...validCall(), customerId: 'C-1001', aniTrust: { attestation: 'C', verstat: 'TN-Validation-Failed' } };
    expect(parseMessage(FROM_CONTENT, msg)).toEqual({ ok: true, message: msg });
    expect(parseMessage(FROM_CONTENT, { ...validCall(), aniTrust: {} }).ok).toBe(true);
    expect(parseMessage(FROM_CONTENT, { ...validCall(), aniTrust: { attestation: 'A' } }).ok).toBe(true);
  });

  it.each([
    ['an empty customer id', { customerId: '' }],
    ['a too long customer id', { customerId: 'c'.repeat(65) }],
    ['a numeric customer id', { customerId: 1001 }],
    ['an unknown attestation', { aniTrust: { attestation: 'D' } }],
    ['a lower-case attestation', { aniTrust: { attestation: 'a' } }],
    ['a too long verstat', { aniTrust: { verstat: 'v'.repeat(65) } }],
    ['an extra trust key (risk is for the API only)', { aniTrust: { risk: 'low' } }],
    ['trust as a string', { aniTrust: 'A' }],
    ['trust as null', { aniTrust: null }],
  ])('refuses %s', (_label, over) => {
    expect(parseMessage(FROM_CONTENT, { ...validCall(), ...over })).toEqual({ ok: false, refusal: 'malformed' });
  });
});

describe('parseMessage: panel actions', () => {
  const ix = 'IX-1';
  it.each([
    { type: 'panel.select', interactionId: ix, customerId: 'C-1' },
    { type: 'panel.search', interactionId: ix, method: 'customerId', value: 'C-1' },
    { type: 'panel.search', interactionId: ix, method: 'accountNumber', value: '12345678' },
    { type: 'panel.search', interactionId: ix, method: 'phone', value: '+44 20 7946 0958' },
    { type: 'panel.search', interactionId: ix, method: 'lastName', value: 'x'.repeat(200) },
    { type: 'panel.verify', interactionId: ix, answers: [{ questionId: 'dob', answer: '1980-01-01' }] },
    { type: 'panel.verify', interactionId: ix, answers: [{ questionId: 'dob', answer: '' }] },
    { type: 'panel.verify', interactionId: ix, marks: [{ questionId: 'dob', passed: true }, { questionId: 'pc', passed: false }] },
    { type: 'panel.verify', interactionId: ix },
    { type: 'panel.verify', interactionId: ix, answers: Array.from({ length: 20 }, (_, i) => ({ questionId: `q${i}`, answer: 'a' })) },
    { type: 'panel.optOut', interactionId: ix, reason: 'caller_declined' },
    { type: 'panel.optOut', interactionId: ix, reason: 'no_details' },
    { type: 'panel.optOut', interactionId: ix, reason: 'urgent' },
    { type: 'panel.optOut', interactionId: ix, reason: 'other' },
    { type: 'panel.representative', interactionId: ix, on: true },
    { type: 'panel.representative', interactionId: ix, on: false },
    { type: 'panel.openRecord', interactionId: ix },
    { type: 'panel.signIn', interactionId: ix },
  ])('accepts $type', (msg) => {
    expect(parseMessage(FROM_PANEL, msg)).toEqual({ ok: true, message: msg });
    expect(parseMessage(FROM_CONTENT, msg)).toEqual({ ok: false, refusal: 'unknown-type' });
  });

  it.each([
    ['select without a customer id', { type: 'panel.select', interactionId: ix }],
    ['select with an empty customer id', { type: 'panel.select', interactionId: ix, customerId: '' }],
    ['search by ANI (automatic only)', { type: 'panel.search', interactionId: ix, method: 'ani', value: '+14155550100' }],
    ['search by an unknown method', { type: 'panel.search', interactionId: ix, method: 'email', value: 'a@b.c' }],
    ['search with an empty value', { type: 'panel.search', interactionId: ix, method: 'lastName', value: '' }],
    ['search with a too long value', { type: 'panel.search', interactionId: ix, method: 'lastName', value: 'x'.repeat(201) }],
    ['verify with 21 answers', { type: 'panel.verify', interactionId: ix, answers: Array.from({ length: 21 }, (_, i) => ({ questionId: `q${i}`, answer: 'a' })) }],
    ['verify with a too long answer', { type: 'panel.verify', interactionId: ix, answers: [{ questionId: 'q', answer: 'a'.repeat(201) }] }],
    ['verify with an empty question id', { type: 'panel.verify', interactionId: ix, answers: [{ questionId: '', answer: 'a' }] }],
    ['verify with a non-boolean mark', { type: 'panel.verify', interactionId: ix, marks: [{ questionId: 'q', passed: 'yes' }] }],
    ['verify with an extra key in an answer', { type: 'panel.verify', interactionId: ix, answers: [{ questionId: 'q', answer: 'a', expected: 'a' }] }],
    ['verify with answers not a list', { type: 'panel.verify', interactionId: ix, answers: { questionId: 'q', answer: 'a' } }],
    ['opt-out with an unknown reason', { type: 'panel.optOut', interactionId: ix, reason: 'bored' }],
    ['representative with a string', { type: 'panel.representative', interactionId: ix, on: 'true' }],
    ['openRecord with a url', { type: 'panel.openRecord', interactionId: ix, url: 'https://evil.example.com' }],
    ['signIn with an authorize URL', { type: 'panel.signIn', interactionId: ix, url: 'https://evil.example.com/authorize' }],
    ['any action with a bad interaction id', { type: 'panel.select', interactionId: 'a/b', customerId: 'C-1' }],
  ])('refuses %s', (_label, raw) => {
    expect(parseMessage(FROM_PANEL, raw)).toEqual({ ok: false, refusal: 'malformed' });
  });
});

describe('parseMessage: malformed', () => {
  it.each([null, undefined, 0, 42, '', 'call.detected', true, false, 10n, Symbol('m'), () => 'call.detected'])(
    'refuses the non-object %s as malformed',
    (raw) => {
      expect(parseMessage(FROM_CONTENT, raw)).toEqual({ ok: false, refusal: 'malformed' });
      expect(parseMessage(FROM_PANEL, raw)).toEqual({ ok: false, refusal: 'malformed' });
    },
  );

  const base = validCall();
  const { rawAni: _r, ...withoutAni } = base;
  const { pageUrl: _p, ...withoutUrl } = base;
  const { adapterId: _a, ...withoutAdapter } = base;
  const { interactionId: _i, ...withoutId } = base;
  it.each([
    ['missing rawAni', withoutAni],
    ['missing pageUrl', withoutUrl],
    ['missing adapterId', withoutAdapter],
    ['missing interactionId', withoutId],
    ['rawAni undefined', { ...base, rawAni: undefined }],
    ['rawAni a number', { ...base, rawAni: 4155550100 }],
    ['adapterId a number', { ...base, adapterId: 7 }],
    ['adapterId empty', { ...base, adapterId: '' }],
    ['adapterId too long', { ...base, adapterId: 'a'.repeat(65) }],
    ['interactionId empty', { ...base, interactionId: '' }],
    ['interactionId too long', { ...base, interactionId: 'a'.repeat(129) }],
    ['interactionId a number', { ...base, interactionId: 12345 }],
    ['interactionId with a space', { ...base, interactionId: 'abc def' }],
    ['interactionId with a slash', { ...base, interactionId: '../../etc' }],
    ['interactionId with a newline', { ...base, interactionId: 'abc\n' }],
    ['interactionId with a quote', { ...base, interactionId: 'a"b' }],
    ['interactionId with non-ASCII letters', { ...base, interactionId: 'abcé' }],
    ['interactionId with html', { ...base, interactionId: '<img>' }],
    ['rawAni too long', { ...base, rawAni: '1'.repeat(201) }],
    ['pageUrl too long', { ...base, pageUrl: 'u'.repeat(4097) }],
    ['pageUrl null', { ...base, pageUrl: null }],
    ['an extra key', { ...base, extra: 1 }],
    ['an extra key set to undefined', { ...base, extra: undefined }],
    ['an own "__proto__" key', JSON.parse(JSON.stringify(base).replace(/^\{/, '{"__proto__":{"polluted":true},'))],
    ['an own "constructor" key', { ...base, constructor: { prototype: { polluted: true } } }],
  ])('refuses call.detected with %s', (_label, raw) => {
    expect(parseMessage(FROM_CONTENT, raw)).toEqual({ ok: false, refusal: 'malformed' });
  });

  it.each([
    ['an extra key', { ...validHello(), tabId: 3 }],
    ['missing interactionId', { type: 'panel.hello' }],
    ['a bad interactionId', { type: 'panel.retry', interactionId: 'a b' }],
    ['an own "__proto__" key', JSON.parse('{"type":"panel.hello","interactionId":"x","__proto__":{"isAdmin":true}}')],
  ])('refuses a panel message with %s', (_label, raw) => {
    expect(parseMessage(FROM_PANEL, raw)).toEqual({ ok: false, refusal: 'malformed' });
  });

  it('never pollutes Object.prototype', () => {
    parseMessage(FROM_CONTENT, JSON.parse('{"type":"call.detected","__proto__":{"polluted":true}}'));
    parseMessage(FROM_PANEL, JSON.parse('{"type":"panel.hello","interactionId":"x","__proto__":{"polluted":true}}'));
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('parseMessage properties', () => {
  const arbitraryValue = fc.oneof(
    fc.anything(),
    fc.jsonValue(),
    fc.object(),
    fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true, withMap: true, withSet: true }),
  );

  it('never throws and never accepts a random value that is not a valid message', () => {
    fc.assert(
      fc.property(arbitraryValue, (raw) => {
        const c = parseMessage(FROM_CONTENT, raw);
        const p = parseMessage(FROM_PANEL, raw);
        expect(c.ok).toBe(oracleContent(raw));
        expect(p.ok).toBe(oraclePanel(raw));
      }),
      { numRuns: 2000 },
    );
  });

  /** Values near a valid message: each field usually valid, sometimes not; sometimes an extra or a missing key. */
  const idChars = fc.constantFrom(...'abcXYZ019._:-', ' ', '/', 'é', '\u0000', '<');
  const validId = fc.string({ unit: fc.constantFrom(...'abcXYZ019._:-'), minLength: 1, maxLength: 8 });
  const maybeId = fc.oneof(
    { arbitrary: validId, weight: 8 },
    { arbitrary: fc.string({ unit: idChars, maxLength: 6 }), weight: 1 },
    { arbitrary: fc.constantFrom('a'.repeat(128), 'a'.repeat(129), ''), weight: 1 },
    { arbitrary: fc.oneof(fc.integer(), fc.constant(null)), weight: 1 },
  );
  const maybeString = (min: number, max: number) =>
    fc.oneof(
      { arbitrary: fc.string({ minLength: min, maxLength: 6 }), weight: 8 },
      { arbitrary: fc.constantFrom('x'.repeat(max), 'x'.repeat(max + 1), ''), weight: 1 },
      { arbitrary: fc.oneof(fc.integer(), fc.constant(null), fc.constant(undefined), fc.boolean()), weight: 1 },
    );
  const nearCall = fc
    .tuple(
      fc.record(
        {
          type: fc.oneof(
            { arbitrary: fc.constant('call.detected'), weight: 6 },
            { arbitrary: fc.constantFrom(...PANEL_TYPES), weight: 6 },
            { arbitrary: fc.constantFrom('other', '__proto__'), weight: 1 },
          ),
          adapterId: maybeString(1, 64),
          interactionId: maybeId,
          rawAni: maybeString(0, 200),
          pageUrl: maybeString(0, 4096),
          customerId: maybeString(1, 64),
          aniTrust: fc.oneof(
            { arbitrary: fc.record({ attestation: fc.constantFrom('A', 'B', 'C', 'D'), verstat: maybeString(0, 64) }, { requiredKeys: [] }), weight: 6 },
            { arbitrary: fc.constantFrom(null, 'A'), weight: 1 },
            { arbitrary: fc.record({ risk: fc.constant('high') }), weight: 1 },
          ),
        },
        { requiredKeys: ['type', 'adapterId', 'interactionId', 'rawAni', 'pageUrl'] },
      ),
      fc.oneof(
        { arbitrary: fc.constant(null), weight: 4 },
        { arbitrary: fc.constantFrom('adapterId', 'interactionId', 'rawAni', 'pageUrl'), weight: 1 },
      ),
      fc.oneof(
        { arbitrary: fc.constant(null), weight: 4 },
        { arbitrary: fc.tuple(fc.constantFrom('extra', 'tabId', 'constructor', 'type2'), fc.anything()), weight: 1 },
      ),
    )
    .map(([fields, drop, extra]) => {
      const raw: Record<string, unknown> = { ...fields };
      // Panel messages carry other fields: usually keep only theirs (from the same random values).
      if (raw.type !== 'call.detected' && !(typeof fields.pageUrl === 'string' && fields.pageUrl.length % 4 === 1)) {
        for (const k of ['adapterId', 'rawAni', 'pageUrl', 'customerId', 'aniTrust']) delete raw[k];
        const v = fields.adapterId;
        if (raw.type === 'panel.select') raw.customerId = fields.customerId ?? v;
        if (raw.type === 'panel.search') Object.assign(raw, { method: typeof v === 'string' && v.length % 5 === 0 ? 'email' : 'lastName', value: fields.rawAni });
        if (raw.type === 'panel.optOut') raw.reason = typeof v === 'string' && v.length % 5 === 0 ? 'bored' : 'urgent';
        if (raw.type === 'panel.representative') raw.on = typeof v === 'string' ? v.length % 2 === 0 : v;
        if (raw.type === 'panel.stepUpSend') raw.channel = typeof v === 'string' && v.length % 5 === 0 ? 'fax' : 'sms';
        if (raw.type === 'panel.stepUpCheck') raw.code = typeof v === 'string' ? ['123456', '12a456', '123', '12345678901', ' 123456'][v.length % 5] : v;
        if (raw.type === 'panel.verify' && typeof v === 'string') {
          raw[v.length % 2 ? 'answers' : 'marks'] = v.length % 2
            ? [{ questionId: 'dob', answer: fields.rawAni }]
            : [{ questionId: fields.customerId ?? 'q', passed: v.length % 3 === 0 ? 'yes' : true }];
        }
      }
      if (drop !== null) delete raw[drop];
      if (extra !== null) raw[extra[0]] = extra[1];
      return raw as { type: string } & Record<string, unknown>;
    });

  it('accepts exactly the near-valid messages the rules allow, and returns them unchanged', () => {
    const accepted = { content: 0, panel: 0 };
    fc.assert(
      fc.property(nearCall, (raw) => {
        const c = parseMessage(FROM_CONTENT, raw);
        const p = parseMessage(FROM_PANEL, raw);
        expect(c.ok).toBe(oracleContent(raw));
        expect(p.ok).toBe(oraclePanel(raw));
        if (c.ok) expect(c.message).toEqual(raw);
        if (p.ok) expect(p.message).toEqual(raw);
        if (!c.ok) expect(c.refusal).toBe(raw.type === 'call.detected' ? 'malformed' : 'unknown-type');
        if (!p.ok) expect(p.refusal).toBe(PANEL_TYPES.includes(raw.type) ? 'malformed' : 'unknown-type');
        if (c.ok) accepted.content++;
        if (p.ok) accepted.panel++;
      }),
      { numRuns: 3000 },
    );
    // The generator must reach the accepting paths, or the property says nothing.
    expect(accepted.content).toBeGreaterThan(100);
    expect(accepted.panel).toBeGreaterThan(100);
  });
});
