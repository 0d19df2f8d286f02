/** The panel's step-up rules: the code field, countdown, resend cool-down, live expiry and messages. */
import { describe, expect, it } from 'vitest';
import { clock, codeComplete, codeDigits, liveStatus, resendState, secondsUntil, statusMessage } from '../../../../lib/stepup/code-entry.ts';

const T0 = Date.parse('2025-03-01T09:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

describe('step-up code entry', () => {
  it('keeps the digits of what was typed or pasted, up to the code length', () => {
    expect(codeDigits('123 456', 6)).toBe('123456');
    expect(codeDigits('Code: 123-456.', 6)).toBe('123456');
    expect(codeDigits('1234567', 6)).toBe('123456');
    expect(codeDigits('12a3', 6)).toBe('123');
    expect(codeDigits('١٢٣', 6)).toBe(''); // only ASCII digits: the server refuses others
  });

  it('is complete only at the full length', () => {
    expect(codeComplete('12345', 6)).toBe(false);
    expect(codeComplete('123456', 6)).toBe(true);
  });

  it('counts down to the expiry and turns a pending step-up expired at 0 by the local clock', () => {
    expect(secondsUntil(at(300), T0)).toBe(300);
    expect(clock(secondsUntil(at(300), T0 + 1500))).toBe('4:59');
    expect(clock(9)).toBe('0:09');
    expect(liveStatus({ status: 'pending', expiresAt: at(300) }, T0 + 299_000)).toBe('pending');
    expect(liveStatus({ status: 'pending', expiresAt: at(300) }, T0 + 300_000)).toBe('expired');
    expect(liveStatus({ status: 'approved', expiresAt: at(300) }, T0 + 400_000)).toBe('approved');
  });

  it('offers a resend after the cool-down, while any is left and the step-up is pending', () => {
    const s = { status: 'pending' as const, resendsRemaining: 2, resendAvailableAt: at(30) };
    expect(resendState(s, T0)).toEqual({ kind: 'wait', seconds: 30 });
    expect(resendState(s, T0 + 30_000)).toEqual({ kind: 'ready' });
    expect(resendState({ ...s, resendsRemaining: 0 }, T0 + 60_000)).toEqual({ kind: 'none' });
    expect(resendState({ ...s, status: 'locked' }, T0 + 60_000)).toEqual({ kind: 'none' });
  });

  it('names the message of each state', () => {
    expect(statusMessage({ status: 'approved', channel: 'app', attemptsRemaining: 5 })).toBe('stepUp_approvedInApp');
    expect(statusMessage({ status: 'approved', channel: 'sms', attemptsRemaining: 4 })).toBe('stepUp_passed');
    expect(statusMessage({ status: 'pending', channel: 'app', attemptsRemaining: 5 })).toBe('stepUp_waitingForApp');
    expect(statusMessage({ status: 'pending', channel: 'voice', attemptsRemaining: 5 })).toBe('stepUp_enterCode');
    expect(['denied', 'expired', 'locked'].map((status) => statusMessage({ status: status as 'denied', channel: 'sms', attemptsRemaining: 0 })))
      .toEqual(['stepUp_denied', 'stepUp_expired', 'stepUp_locked']);
  });
});
