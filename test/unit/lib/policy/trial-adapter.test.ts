/** The adapter tried in this browser: first in customAdapters whatever the policy says; an invalid one is reported. */
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../../../lib/policy/resolve.ts';
import { withTrialAdapter } from '../../../../lib/policy/trial-adapter.ts';
import { effectiveAdapters } from '../../../../lib/adapters/effective.ts';

const TRIAL = { id: 'picked-crm-example-test', label: 'crm.example.test (picked)', matches: ['https://crm.example.test/*'], callView: '[data-testid="call-card"]', ani: { selector: '.num' } };
const ROLLED_OUT = { ...TRIAL, id: 'example-crm', label: 'Example CRM' };

describe('withTrialAdapter', () => {
  it('puts the tried adapter in front of a locked policy list', () => {
    const report = withTrialAdapter(resolvePolicy({ customAdapters: [ROLLED_OUT] }, {}), TRIAL);
    expect(report.settings.customAdapters.map((c) => c.id)).toEqual(['picked-crm-example-test', 'example-crm']);
    expect(report.locked).toContain('customAdapters');
    expect(effectiveAdapters(report.settings).adapters[0]?.id).toBe('picked-crm-example-test');
  });

  it('replaces a custom adapter with the same id', () => {
    const report = withTrialAdapter(resolvePolicy({}, { customAdapters: [{ ...TRIAL, callView: '.old' }] }), TRIAL);
    expect(report.settings.customAdapters).toEqual([TRIAL]);
  });

  it('changes nothing without a trial, and reports an invalid one without using it', () => {
    const base = resolvePolicy({}, {});
    expect(withTrialAdapter(base, undefined)).toBe(base);
    const bad = withTrialAdapter(base, { ...TRIAL, callView: 'div[' });
    expect(bad.settings.customAdapters).toEqual([]);
    expect(bad.errors).toEqual(['local.fieldTrial.callView: is not a valid CSS selector: missing "]"', 'local.fieldTrial: adapter skipped']);
  });
});
