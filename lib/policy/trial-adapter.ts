/**
 * An adapter an admin tries in this browser only (Field tools' "Try in this browser"), before rolling it
 * out by policy: a `customAdapters` entry kept in local storage and put in front of the effective custom
 * adapters, whatever the policy says about `customAdapters` (a locked list would otherwise leave no way to
 * try a fix on the very console that needs it). It replaces a custom adapter with the same id.
 */
import { CustomAdapterSchema } from './custom-adapter.ts';
import { formatIssues, type PolicyReport } from './resolve.ts';

/** The report with the tried adapter (when `raw` is a valid entry) first in `customAdapters`. */
export function withTrialAdapter(report: PolicyReport, raw: unknown): PolicyReport {
  if (raw === undefined || raw === null) return report;
  const parsed = CustomAdapterSchema.safeParse(raw);
  // Reported under the storage area it comes from, as policy.* and options.* problems are.
  if (!parsed.success) return { ...report, errors: [...report.errors, ...formatIssues('local.fieldTrial', parsed.error.issues), 'local.fieldTrial: adapter skipped'] };
  const others = report.settings.customAdapters.filter((c) => c.id !== parsed.data.id);
  return { ...report, settings: { ...report.settings, customAdapters: [parsed.data, ...others] } };
}
