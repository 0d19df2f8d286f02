/**
 * The one schema of every setting: managed policy, agent options (`storage.local` key `options`) and
 * defaults share it. `public/managed_schema.json` is generated from it (scripts/policy-schema.ts).
 * Self-contained on purpose (only zod and `.ts` imports) so the admin CLI runs it under plain Node.
 */
import { z } from 'zod';
import { DEFAULT_API_BASE_URL } from '../manifest-data.ts';
import { CustomAdapterSchema } from './custom-adapter.ts';
import { SEARCH_METHODS as ID_METHODS } from '../values.ts';
import { regionProblem } from './checks.ts';
import { GuardsSchema } from './guards.ts';
import { RiskPolicySchema } from './risk.ts';
import { GenesysSchema } from './genesys.ts';
import { STEP_UP_POLICY_FIELDS } from './stepup.ts';
import { PANEL_SURFACE_FIELDS } from './panel-surface.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const intIn = (min: number, max: number) => {
  const error = `must be a whole number between ${min} and ${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
};
const bool = () => z.boolean({ error: 'must be true or false' });

/** The shortest API timeout a policy may set (ms): the worker knows no claim younger than it plus its grace is stale. */
export const API_TIMEOUT_MIN_MS = 500;

/** HTTPS anywhere, plain HTTP only on loopback. */
export const ApiBaseUrl = z.string({ error: 'must be a URL string' }).check((ctx) => {
  let u: URL | null;
  try {
    u = new URL(ctx.value);
  } catch {
    u = null;
  }
  if (!u || !/^[a-z][a-z0-9+.-]*:\/\//i.test(ctx.value)) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must be an absolute URL such as https://api.example.com' });
  } else if (!(u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname)))) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must be https:// (http:// only for loopback)' });
  } else if (u.username || u.password) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must not contain a user name or password' });
  }
});

const HttpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });
const nonEmpty = (max: number) => z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(max, { error: `must be at most ${max} characters` });

export const ApiAuthSchema = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('none') }),
      z.strictObject({ type: z.literal('bearer'), token: nonEmpty(4096).meta({ sensitiveValue: true }) }),
      z.strictObject({
        type: z.literal('oauth2-pkce'),
        authorizeUrl: HttpsUrl,
        tokenUrl: HttpsUrl,
        clientId: nonEmpty(256),
        scopes: z.array(nonEmpty(256), { error: 'must be a list of strings' }).max(50, { error: 'must have at most 50 scopes' }).default([]),
      }),
    ],
    { error: 'must be an object whose "type" is "none", "bearer" or "oauth2-pkce"' },
  )
  .describe('How the extension authenticates to the API: {"type":"none"}, {"type":"bearer","token"} or {"type":"oauth2-pkce",...}.');

export const AgentIdSourceSchema = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('none') }),
      z.strictObject({ type: z.literal('policy'), agentId: nonEmpty(128) }),
      z.strictObject({ type: z.literal('crm-user') }),
    ],
    { error: 'must be an object whose "type" is "none", "policy" or "crm-user"' },
  )
  .describe('Where the agent id sent to the API comes from: none, this policy (agentId) or the signed-in CRM user.');

const IdMethod = z.enum(ID_METHODS, { error: `must be one of ${ID_METHODS.join(', ')}` });

export const IdentificationSchema = z.object({
  aniLookup: bool().default(true).describe('Look the caller up by their number (ANI) automatically.'),
  methods: z
    .array(IdMethod, { error: 'must be a list of identification methods' })
    .min(1, { error: 'must list at least one method' })
    .max(ID_METHODS.length, { error: 'must not repeat a method' })
    .refine((a) => new Set(a).size === a.length, { error: 'must not repeat a method' })
    .default([...ID_METHODS])
    .describe(`Manual identification methods offered, in order: ${ID_METHODS.join(', ')}.`),
  maxAttempts: intIn(1, 10).default(3).describe('Identification attempts per call (1-10).'),
});

export const VerificationSchema = z.object({
  mode: z.enum(['caller-answer', 'agent-judged'], { error: 'must be "caller-answer" or "agent-judged"' }).default('caller-answer')
    .describe('caller-answer: the API checks the answers; agent-judged: the agent marks each answer.'),
  maxAttempts: intIn(1, 10).default(3).describe('Verification attempts per call (1-10).'),
  lowTrustExtraQuestions: intIn(0, 5).default(1).describe('Extra questions when the API reports low trust (0-5).'),
  priorStatusWindowMinutes: intIn(0, 1440).default(15)
    .describe("A verification the API recorded for the call (e.g. in the IVR) counts only if recorded after the call started or this many minutes before (0-1440), and only for a customer holding the caller's number."),
  challenge: z.enum(['auto', 'on-engage'], { error: 'must be "auto" or "on-engage"' }).default('auto')
    .describe('auto: the questions are fetched as soon as the caller is identified; on-engage: only once the agent starts the questions (one more key press; a page faking calls then creates no challenges).'),
  ...STEP_UP_POLICY_FIELDS,
});

export const PanelSchema = z.object({
  side: z.enum(['right', 'left'], { error: 'must be "right" or "left"' }).default('right').describe('Side of the page the panel opens on.'),
  startCollapsed: bool().default(false).describe('Open the panel collapsed.'),
  ...PANEL_SURFACE_FIELDS,
});

export const ReportsSchema = z.object({
  serverSummary: bool().default(false).describe('Show supervisors the KPIs of all agents from the API (GET /v1/reports/summary) on the Reports page.'),
});

const AdapterId = z.string({ error: 'must be a string' }).regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'must be an adapter id (a-z, 0-9, "-")' });

/** Every setting with its default; nested objects merge per sub-key. */
export const PolicySchema = z.object({
  apiBaseUrl: ApiBaseUrl.default(DEFAULT_API_BASE_URL).describe('Verification API base URL (https://, or http:// on loopback).'),
  apiAuth: ApiAuthSchema.default({ type: 'none' }),
  apiTimeoutMs: intIn(API_TIMEOUT_MIN_MS, 60_000).default(8000).describe('Timeout of every API call in milliseconds (500-60000).'),
  defaultRegion: z.string({ error: 'must be a string' }).regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 region such as "GB"')
    .check((ctx) => { const why = regionProblem(ctx.value); if (why && /^[A-Z]{2}$/.test(ctx.value)) ctx.issues.push({ code: 'custom', input: ctx.value, message: why }); }).default('US')
    .describe('ISO region used for national caller numbers, e.g. GB.'),
  identification: IdentificationSchema.prefault({}).describe('Identification: ANI lookup, manual methods, attempts.'),
  verification: VerificationSchema.prefault({}).describe('Verification: mode, attempts, extra questions on low trust.'),
  allowOptOut: bool().default(true).describe('Let the agent skip ID&V for a call (recorded as opted out).'),
  customAdapters: z.array(CustomAdapterSchema, { error: 'must be a list of adapters' }).max(50, { error: 'must have at most 50 adapters' }).default([])
    .describe('Additional CRM adapters (see docs/admin-guide.md). An invalid adapter is skipped, not the list.'),
  disabledAdapters: z.array(AdapterId, { error: 'must be a list of adapter ids' }).max(100, { error: 'must have at most 100 ids' }).default([])
    .describe('Ids of built-in or custom adapters to switch off.'),
  retentionDays: intIn(1, 3650).default(30).describe('Days the local call history is kept (1-3650).'),
  agentIdSource: AgentIdSourceSchema.default({ type: 'none' }),
  panel: PanelSchema.prefault({}).describe('Panel placement.'),
  reports: ReportsSchema.prefault({}).describe('Reporting.'),
  guards: GuardsSchema.prefault({}),
  risk: RiskPolicySchema.prefault({}),
  genesys: GenesysSchema.prefault({}),
});
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyKey = keyof Policy;

/** Top-level keys whose value is an object merged sub-key by sub-key. */
export const GROUPS = { identification: IdentificationSchema, verification: VerificationSchema, panel: PanelSchema, reports: ReportsSchema } as const;
export type GroupKey = keyof typeof GROUPS;

/** Every top-level key, in schema order. */
export const POLICY_KEYS = Object.keys(PolicySchema.shape) as PolicyKey[];

/** A fresh copy of the defaults. */
export function defaultPolicy(): Policy {
  return PolicySchema.parse({});
}
