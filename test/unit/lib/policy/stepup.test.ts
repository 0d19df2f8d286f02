/** Step-up policy keys: defaults, validation messages, when a step-up is due and which channels are offered. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { offeredChannels, STEP_UP_POLICY_FIELDS, stepUpDue } from '../../../../lib/policy/stepup.ts';

const Schema = z.object(STEP_UP_POLICY_FIELDS);

describe('step-up policy', () => {
  it('defaults: never, every channel app first, questions still asked', () => {
    expect(Schema.parse({})).toEqual({ stepUp: 'never', stepUpChannels: ['app', 'sms', 'voice', 'email'], stepUpReplacesQuestions: false });
  });

  it('refuses unknown modes and channels, repeats and an empty list, with readable messages', () => {
    const issues = (v: unknown) => Schema.safeParse(v).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ stepUp: 'sometimes' })).toEqual(['stepUp: must be one of never, low-trust, always, on-guarded-action']);
    expect(issues({ stepUpChannels: ['fax'] })).toEqual(['stepUpChannels.0: must be one of app, sms, voice, email']);
    expect(issues({ stepUpChannels: ['sms', 'sms'] })).toEqual(['stepUpChannels: must not repeat a channel']);
    expect(issues({ stepUpChannels: [] })).toEqual(['stepUpChannels: must list at least one channel']);
    expect(issues({ stepUpReplacesQuestions: 'yes' })).toEqual(['stepUpReplacesQuestions: must be true or false']);
  });

  it('is due by mode: low-trust on an untrusted number, on-guarded-action before a guarded action', () => {
    const calls = [{ lowTrust: false, guardedAction: false }, { lowTrust: true, guardedAction: false }, { lowTrust: false, guardedAction: true }];
    expect(calls.map((c) => stepUpDue('never', c))).toEqual([false, false, false]);
    expect(calls.map((c) => stepUpDue('low-trust', c))).toEqual([false, true, false]);
    expect(calls.map((c) => stepUpDue('on-guarded-action', c))).toEqual([false, false, true]);
    expect(calls.map((c) => stepUpDue('always', c))).toEqual([true, true, true]);
  });

  it("offers the policy's channels in its order, only those the customer has on file", () => {
    const onFile = [{ channel: 'sms', maskedDestination: '+1 ••• 0100' }, { channel: 'email', maskedDestination: 'a•••@e•••.com' }];
    expect(offeredChannels(['email', 'app', 'sms'], onFile).map((c) => c.channel)).toEqual(['email', 'sms']);
    expect(offeredChannels(['voice'], onFile)).toEqual([]);
  });
});
