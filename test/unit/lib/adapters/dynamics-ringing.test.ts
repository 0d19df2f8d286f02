/**
 * Dynamics 365 identifies from Accept on: nothing public shows the caller's number in the incoming
 * notification (lib/adapters/dynamics-evidence.ts, DYNAMICS_RINGING_SEARCH). A selector reading that
 * notification must come with evidence of the number in it, and the record of the search says what was read.
 */
import { describe, expect, it } from 'vitest';
import { dynamicsOmnichannel } from '../../../../lib/adapters/dynamics.ts';
import { DYNAMICS_RINGING_SEARCH } from '../../../../lib/adapters/dynamics-evidence.ts';
import { selectorKeys } from '../../../../lib/adapters/evidence.ts';

describe('Dynamics 365 ringing', () => {
  it('no selector reads the incoming notification', () => {
    for (const [key, selector] of Object.entries(selectorKeys(dynamicsOmnichannel))) expect(selector, key).not.toMatch(/popupNotification/i);
  });

  it('the search record cites the notification markup it read, and no source of a phone row in it', () => {
    const cited = DYNAMICS_RINGING_SEARCH.map((e) => e.css ?? '').join(' ');
    expect(cited).toContain('#popupNotificationRoot');
    expect(cited).toContain('#popupNotificationHeaderText');
    expect(cited).not.toMatch(/phone(number)?\b.*BodyRow|BodyRow_phone/i);
    for (const e of DYNAMICS_RINGING_SEARCH) expect(e.source.length).toBeGreaterThan(0);
  });
});
