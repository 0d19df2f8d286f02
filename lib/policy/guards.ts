/**
 * Policy key `guards`: CRM actions and fields that wait until the caller reaches a level (issue 24). Its own
 * file so the policy schema gains one line; self-contained (zod only) so the admin CLI runs it under Node.
 * The defaults guard the Salesforce console (and the demo console, which is a Lightning look-alike) by the
 * App Builder ids and action names the adapters already read; an admin adds their own per adapter id.
 */
import { z } from 'zod';

export const GUARD_KINDS = ['action', 'field'] as const;
export const GUARD_REQUIRES = ['verified', 'step-up'] as const;

export const GuardRuleSchema = z.strictObject({
  adapter: z.string({ error: 'must be a string' }).regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'must be an adapter id (a-z, 0-9, "-")' })
    .describe('Id of the (built-in or custom) adapter whose pages this guard applies to.'),
  selector: z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(500, { error: 'must be at most 500 characters' })
    .describe('CSS selector of the guarded action (button, link, form) or field.'),
  label: z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(80, { error: 'must be at most 80 characters' })
    .describe('What the agent is told, e.g. "Change phone number".'),
  kind: z.enum(GUARD_KINDS, { error: 'must be "action" or "field"' }).describe('action: clicks, Enter and submits wait; field: masked (blurred, not copyable).'),
  require: z.enum(GUARD_REQUIRES, { error: 'must be "verified" or "step-up"' }).default('verified')
    .describe('verified: the caller passed ID&V; step-up: also a step-up recorded on the interaction.'),
});
export type GuardRule = z.infer<typeof GuardRuleSchema>;

const sf = (object: string, field: string): string => `[data-target-selection-name="sfdc:RecordField.${object}.${field}"]`;
const SALESFORCE_ADAPTERS = ['salesforce-voicecall', 'salesforce-engagement'];

/** Built-in guards: the same for both Salesforce adapters (their pages are the same console). */
export const DEFAULT_GUARD_RULES: GuardRule[] = SALESFORCE_ADAPTERS.flatMap((adapter): GuardRule[] => [
  { adapter, selector: 'button[name="Contact.Change_Phone_Number"], button[name="Contact.Change_Email"]', label: 'Change phone number or email', kind: 'action', require: 'verified' },
  { adapter, selector: 'button[name="Contact.Reset_MFA_Device"]', label: 'Reset MFA device', kind: 'action', require: 'step-up' },
  { adapter, selector: `${sf('Contact', 'Phone')}, ${sf('Contact', 'MobilePhone')}, ${sf('Contact', 'Email')}`, label: 'Contact details', kind: 'field', require: 'verified' },
]);

export const GuardsSchema = z.object({
  enabled: z.boolean({ error: 'must be true or false' }).default(true).describe('Apply the guards (false: CRM actions and fields are never held).'),
  allowOverride: z.boolean({ error: 'must be true or false' }).default(false)
    .describe('Let the agent pass a guard with a typed reason (recorded in the result, counted in Reports, sent to the API).'),
  rules: z.array(GuardRuleSchema, { error: 'must be a list of guards' }).max(100, { error: 'must have at most 100 guards' }).default(DEFAULT_GUARD_RULES)
    .describe('Guarded actions and fields per adapter: {adapter, selector, label, kind, require}.'),
}).describe('Guards: CRM actions held and fields masked until the caller is verified (or stepped up).');
export type GuardsPolicy = z.infer<typeof GuardsSchema>;
