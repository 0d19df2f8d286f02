import { describe, expect, it } from 'vitest';
import { containsSecret, leakedSecrets } from '../secrets';

describe('containsSecret (the leak check of the "no answers anywhere" tests)', () => {
  it('finds a secret with any non-digit neighbour', () => {
    for (const text of ['{"pin":"1815"}', 'pin=1815&x', 'a 1815 b', '1815', 'x1815y']) expect(containsSecret(text, '1815'), text).toBe(true);
    expect(containsSecret('{"dob":"1985-12-10"}', '1985-12-10')).toBe(true);
    expect(containsSecret('code EC1A 1BB.', 'EC1A 1BB')).toBe(true);
  });

  it('ignores chance occurrences inside longer digit runs and random UUIDs', () => {
    expect(containsSecret('"at":1795494107123', '94107')).toBe(false);
    expect(containsSecret('"reqId":"0f3e1815-4a2b-4c1d-9e8f-0123456789ab"', '1815')).toBe(false);
    expect(containsSecret('"reqId":"0f3e0000-1815-4c1d-9e8f-0123456789ab"', '1815')).toBe(false);
    // …but a secret beside a UUID is still found.
    expect(containsSecret('0f3e0000-4a2b-4c1d-9e8f-0123456789ab 1815', '1815')).toBe(true);
  });

  it('lists the leaked secrets', () => {
    expect(leakedSecrets('{"postcode":"94107","t":1815000}', ['1815', '94107', '10/12/1985'])).toEqual(['94107']);
    expect(leakedSecrets('', ['1815'])).toEqual([]);
  });
});
