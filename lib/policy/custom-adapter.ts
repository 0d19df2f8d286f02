/**
 * Admin-declared CRM adapters (`customAdapters` in the policy): the schema of one entry and its
 * conversion to the Adapter shape the detector uses. Each entry is validated on its own, so one bad
 * adapter is reported and skipped while the others still work.
 */
import { z } from 'zod';
import type { Adapter } from '../adapters/types';
import { captureRegexProblem, matchPatternProblem, recordUrlProblem, selectorProblem } from './checks.ts';

/** A string that passes `problem` (null), else an issue with its message. */
const checked = (problem: (v: string) => string | null, max = 1000) =>
  z
    .string({ error: 'must be a string' })
    .max(max, { error: `must be at most ${max} characters` })
    .check((ctx) => {
      const why = problem(ctx.value);
      if (why) ctx.issues.push({ code: 'custom', input: ctx.value, message: why });
    });

export const Selector = checked(selectorProblem);
export const CaptureRegex = checked(captureRegexProblem, 500);
const AttributeName = z.string({ error: 'must be a string' }).regex(/^[A-Za-z_:][-A-Za-z0-9_:.]{0,127}$/, { error: 'must be an attribute name such as "href" or "data-phone"' });

export const CustomAdapterSchema = z.strictObject({
  id: z.string({ error: 'must be a string' }).regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'must be 1-64 characters a-z, 0-9 or "-", such as "acme-crm"' }),
  label: z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(100, { error: 'must be at most 100 characters' }),
  matches: z.array(checked(matchPatternProblem, 300), { error: 'must be a list of match patterns' })
    .min(1, { error: 'must list at least one match pattern' })
    .max(20, { error: 'must have at most 20 match patterns' }),
  callView: Selector,
  ani: z.strictObject(
    { selector: Selector, attribute: AttributeName.optional(), pattern: CaptureRegex.optional() },
    { error: 'must be an object with a "selector"' },
  ),
  interactionId: z
    .strictObject(
      { selector: Selector.optional(), attribute: AttributeName.optional(), urlPattern: CaptureRegex.optional() },
      { error: 'must be an object with a "selector" or a "urlPattern"' },
    )
    .refine((v) => v.selector !== undefined || v.urlPattern !== undefined, { error: 'must have a "selector" or a "urlPattern"' })
    .optional(),
  recordUrl: checked(recordUrlProblem, 2000).optional(),
  // An in-house CRM that embeds Amazon's CCP through Streams may read its conduit, as the built-in adapter does.
  events: z.array(z.enum(['connect-conduit'], { error: 'must be "connect-conduit"' })).max(1).optional(),
});
export type CustomAdapter = z.infer<typeof CustomAdapterSchema>;

/** Whole path + query: the interaction id when the adapter declares no other source. */
const WHOLE_PATH = '^([^#]*)';

/**
 * The detector's Adapter for a validated custom adapter. `interactionId.urlPattern` becomes the URL
 * pattern (its group is the id); without any id source the page path identifies the interaction.
 */
export function customAdapterToAdapter(c: CustomAdapter): Adapter {
  const ia = c.interactionId;
  const urlPattern = ia?.urlPattern ?? (ia?.selector ? '' : WHOLE_PATH);
  return {
    id: c.id,
    label: c.label,
    matches: c.matches,
    urlPattern,
    callView: c.callView,
    ani: [{ selector: c.ani.selector, ...(c.ani.attribute ? { attribute: c.ani.attribute } : {}), ...(c.ani.pattern ? { pattern: c.ani.pattern } : {}) }],
    ...(ia?.selector ? { interactionId: { selector: ia.selector, ...(ia.attribute ? { attribute: ia.attribute } : {}) } } : {}),
    ...(c.recordUrl ? { recordUrl: c.recordUrl } : {}),
    ...(c.events?.length ? { events: c.events } : {}),
  };
}
