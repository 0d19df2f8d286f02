/** Step-up settings: limits validated, and the provider and demo mode read from CV_API_* variables (all or none). */
import { describe, expect, it } from 'vitest';
import { demoFromEnv, limitsFromEnv, providerFromEnv, stepUpFromEnv, stepUpLimits } from '../../../../server/domain/stepup/config.ts';
import { parseSeed } from '../../../../server/seed/seed.ts';

describe('step-up settings', () => {
  it('defaults: 6 digits, 5 minutes, 5 attempts, 2 resends 30 s apart; bad values throw', () => {
    expect(stepUpLimits()).toMatchObject({ codeLength: 6, ttlMinutes: 5, maxAttempts: 5, maxResends: 2, resendCooldownSeconds: 30 });
    expect(() => stepUpLimits({ codeLength: 3 })).toThrow(/codeLength/);
    expect(() => stepUpLimits({ channels: [] })).toThrow(/channels/);
  });

  it('a provider needs all four variables and an http(s) URL; none means the outbox', () => {
    const env = { CV_API_VERIFY_URL: 'https://verify.twilio.com', CV_API_VERIFY_SERVICE_SID: 'VA1', CV_API_VERIFY_USERNAME: 'SK1', CV_API_VERIFY_PASSWORD: 'pw' };
    expect(providerFromEnv({})).toBeUndefined();
    expect(providerFromEnv(env)).toEqual({ baseUrl: 'https://verify.twilio.com', serviceSid: 'VA1', username: 'SK1', password: 'pw' });
    expect(() => providerFromEnv({ ...env, CV_API_VERIFY_PASSWORD: '' })).toThrow(/set all of/);
    expect(() => providerFromEnv({ ...env, CV_API_VERIFY_URL: 'ftp://x' })).toThrow(/http/);
    expect(stepUpFromEnv(env).sender?.name).toBe('twilio-verify');
    expect(stepUpFromEnv({}).sender).toBeUndefined();
  });

  it('expiry and resend cool-down from CV_API_STEP_UP_* seconds; anything but whole seconds is refused', () => {
    expect(limitsFromEnv({})).toBeUndefined();
    expect(limitsFromEnv({ CV_API_STEP_UP_TTL_SECONDS: '12', CV_API_STEP_UP_RESEND_COOLDOWN_SECONDS: '3' })).toEqual({ ttlMinutes: 0.2, resendCooldownSeconds: 3 });
    expect(stepUpFromEnv({ CV_API_STEP_UP_TTL_SECONDS: '90' }).limits).toEqual({ ttlMinutes: 1.5 });
    expect(() => limitsFromEnv({ CV_API_STEP_UP_TTL_SECONDS: '1.5' })).toThrow(/whole number/);
    expect(() => limitsFromEnv({ CV_API_STEP_UP_RESEND_COOLDOWN_SECONDS: '-1' })).toThrow(/whole number/);
    // The limits' own bounds apply when the app starts: an hour and a half is over the 60-minute maximum.
    expect(() => stepUpLimits(limitsFromEnv({ CV_API_STEP_UP_TTL_SECONDS: '5400' }))).toThrow(/ttlMinutes/);
  });

  it('demo mode only when CV_API_DEMO says so', () => {
    expect(['1', 'true', 'YES'].map((v) => demoFromEnv({ CV_API_DEMO: v }))).toEqual([true, true, true]);
    expect(['', '0', 'no', undefined].map((v) => demoFromEnv({ CV_API_DEMO: v }))).toEqual([false, false, false, false]);
  });

  it('seed contacts: a bad email or a short device secret is a seed error naming the path', () => {
    const customer = { customerId: 'C-1', kind: 'person', firstName: 'A', lastName: 'B' };
    expect(() => parseSeed({ customers: [{ ...customer, email: 'not-an-email' }] })).toThrow(/customers\[0\]\.email/);
    expect(() => parseSeed({ customers: [{ ...customer, appDevices: [{ deviceId: 'd1', secret: 'short' }] }] })).toThrow(/customers\[0\]\.appDevices\[0\]\.secret/);
    expect(parseSeed({ customers: [{ ...customer, email: 'a@b.example', appDevices: [{ deviceId: 'd1', secret: 'long-enough-secret-1' }] }] })[0]?.email).toBe('a@b.example');
  });
});
