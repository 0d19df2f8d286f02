import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertNoSecrets, findSecrets, SecretLeakError, toResultRecord } from '../../../../lib/results/record.ts';
import { input, record } from './helpers.ts';

describe('toResultRecord', () => {
  it('builds a contract-valid record with ISO times', () => {
    const r = record(1);
    expect(r.interactionId).toBe('VC-0001');
    expect(r.startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(r.outcome).toBe('verified');
    expect(r.factorsPassed).toEqual(['dob', 'postcode']);
  });

  it('copies only the allowed fields: answers and expected values passed along are dropped', () => {
    const withSecrets = { ...input(2), answers: [{ questionId: 'dob', answer: '1984-07-23' }], expected: 'Marmalade' };
    const r = toResultRecord(withSecrets);
    expect(JSON.stringify(r)).not.toContain('1984');
    expect(JSON.stringify(r)).not.toContain('Marmalade');
    expect(Object.keys(r)).not.toContain('answers');
  });

  it('dedupes methods and factors and defaults attempts', () => {
    const r = toResultRecord({ ...input(3), methods: ['ani', 'phone', 'ani'], factorsPassed: ['dob', 'dob'], attempts: undefined });
    expect(r.methods).toEqual(['ani', 'phone']);
    expect(r.factorsPassed).toEqual(['dob']);
    expect(r.attempts).toEqual({ identify: 0, verify: 0 });
  });

  it("sends 'previous-agent' as 'agent' while the contract has no such value", () => {
    expect(record(4, undefined, { verifiedBy: 'previous-agent' }).verifiedBy).toBe('agent');
    expect(record(4, undefined, { verifiedBy: 'ivr' }).verifiedBy).toBe('ivr');
  });

  it('refuses invalid records (no customer for "identified", end before start)', () => {
    expect(() => toResultRecord({ ...input(5), outcome: 'identified', customerId: undefined })).toThrow();
    expect(() => toResultRecord({ ...input(5), startedAt: Date.UTC(2030, 0, 1) })).toThrow();
  });

  it('refuses a record carrying one of the known answers', () => {
    const i = { ...input(6), optOutReason: 'caller said marmalade then hung up' };
    expect(() => toResultRecord(i, ['Marmalade'])).toThrow(SecretLeakError);
    expect(toResultRecord(i, ['Blueberry']).optOutReason).toContain('marmalade');
  });
});

describe('assertNoSecrets / findSecrets', () => {
  const base = record(10);

  it('passes an ordinary record, digit-heavy ids and ISO timestamps included', () => {
    const r = { ...base, interactionId: '0LQ5g00000012345678', customerId: '987654321', agentId: 'a-20250115' };
    expect(() => assertNoSecrets(r)).not.toThrow();
  });

  it.each([
    ['card number with spaces', '4111 1111 1111 1111'],
    ['card number with dashes', '4111-1111-1111-1111'],
    ['card number plain', '4111111111111111'],
    ['account number', 'acct 12345678'],
    ['sort code and account', '12-34-56 12345678'],
    ['phone number', '+44 20 7946 0958'],
    ['date of birth ISO', 'born 1984-07-23'],
    ['date of birth d/m/y', '23/07/1984'],
    ['date of birth 2-digit year', '23/07/84'],
    ['date of birth in words', '23 July 1984'],
    ['date of birth US words', 'Jul 23, 1984'],
  ])('catches %s in free text', (_what, text) => {
    expect(findSecrets({ ...base, displayName: `Jane ${text}` })).toEqual(['displayName']);
    expect(() => assertNoSecrets({ ...base, optOutReason: text })).toThrow(SecretLeakError);
  });

  it('lets masked numbers, short numbers and plain names through', () => {
    for (const text of ['Card •••• 1111', 'Flat 12, 221B', 'Acme 2000 Ltd', 'Room 101', 'O\'Brien-Smith']) {
      expect(findSecrets({ ...base, displayName: text })).toEqual([]);
    }
  });

  it('matches known answers case- and separator-insensitively in free text, by whole value in ids', () => {
    expect(findSecrets({ ...base, optOutReason: 'said SW1A 1AA' }, ['sw1a1aa'])).toEqual(['optOutReason']);
    expect(findSecrets({ ...base, interactionId: 'VC-0100' }, ['0100'])).toEqual([]);
    expect(findSecrets({ ...base, agentId: 'marmalade' }, ['Marmalade'])).toEqual(['agentId']);
    expect(findSecrets({ ...base, optOutReason: 'no' }, ['no'])).toEqual([]); // too short to judge
  });

  it('looks into unexpected nested fields too', () => {
    expect(findSecrets({ ...base, extra: { notes: ['pan 4111111111111111'] } })).toEqual(['extra.notes.0']);
  });

  it('never puts the offending value in the error message', () => {
    try {
      assertNoSecrets({ ...base, displayName: '4111 1111 1111 1111' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('4111');
      expect((err as SecretLeakError).paths).toEqual(['displayName']);
    }
  });

  it('catches any run of 7+ digits embedded in a display name (property)', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 7, maxLength: 19 });
    const sep = fc.constantFrom('', ' ', '-', '.', '/');
    const text = fc.tuple(fc.string({ maxLength: 10 }), digits, sep, fc.string({ maxLength: 10 })).map(
      ([pre, d, s, post]) => `${pre} ${d.replace(/(\d{4})(?=\d)/g, `$1${s}`)} ${post}`,
    );
    fc.assert(fc.property(text, (t) => findSecrets({ ...base, displayName: t }).includes('displayName')));
  });
});
