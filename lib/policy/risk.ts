/**
 * Policy key `risk` (issue 24): what the panel does with the identify answer's risk level. More questions per
 * level (the server adds them to the additional answers needed, capped by what the customer has on file), and
 * whether the reasons are shown to the agent. A high level also counts as a low-trust call for
 * `verification.stepUp: low-trust` (the step-up flow reads it). Its own file so the policy schema gains one line;
 * self-contained (zod only) so the admin CLI runs it under Node.
 */
import { z } from 'zod';

const extra = (level: string, fallback: number) => {
  const error = 'must be a whole number between 0 and 5';
  return z.int({ error }).min(0, { error }).max(5, { error }).default(fallback)
    .describe(`Extra additional questions when the API rates the call ${level} risk (0-5).`);
};

export const RiskPolicySchema = z.object({
  mediumExtraQuestions: extra('medium', 0),
  highExtraQuestions: extra('high', 1),
  showReasons: z.boolean({ error: 'must be true or false' }).default(true)
    .describe('Show the agent why the API rates the call medium or high risk (e.g. "3 failed attempts on this customer in the last 24 h from 2 numbers").'),
}).describe('Caller risk from the API (failed attempts across calls, look-up misses, contact changes, number checks): extra questions per level, and whether the panel shows the reasons.');
export type RiskPolicy = z.infer<typeof RiskPolicySchema>;

/** The flow's view of the policy: extra questions per level (low never has any). */
export function riskExtraFrom(policy: Partial<RiskPolicy> | undefined): { medium: number; high: number } {
  return { medium: policy?.mediumExtraQuestions ?? 0, high: policy?.highExtraQuestions ?? 1 };
}
