/**
 * The result record of one finished interaction: the body of PUT /v1/interactions/{id}
 * (`InteractionResult` in lib/api/contract.ts), built by `toResultRecord` at the end of a call.
 *
 * What may be in it: ids, enums, counts, timestamps and the customer's display name. Never answers,
 * never expected values, never full card or account numbers. Three layers keep it that way:
 * 1. `toResultRecord` copies only the allowed fields (passing a whole flow state with answers is safe);
 * 2. the contract schema is strict, so a record with any other key is refused;
 * 3. `assertNoSecrets` (run by `toResultRecord` and again by the store) rejects strings that look like
 *    secrets, see `findSecrets`.
 */
import { InteractionResult, SecurityEventKind, VerifiedBy, type IdentifyMethod } from '../api/contract';

export type ResultRecord = InteractionResult;

/** What the background knows at the end of a call; extra keys are ignored, never copied. */
export interface ResultInput {
  interactionId: string;
  adapterId?: string;
  crmHost?: string;
  /** Epoch ms or an ISO 8601 time. */
  startedAt: number | string;
  endedAt: number | string;
  outcome: ResultRecord['outcome'];
  customerId?: string;
  displayName?: string;
  methods?: readonly IdentifyMethod[];
  /** Question ids only. */
  factorsPassed?: readonly string[];
  attempts?: { identify: number; verify: number };
  optOutReason?: string;
  /** customerId of the person the caller represents. */
  representativeOf?: string;
  agentId?: string;
  /** The flow's value; 'previous-agent' is sent as 'agent' while the contract has no such value. */
  verifiedBy?: 'agent' | 'ivr' | 'previous-agent';
  /** The call's guard tally (override times as epoch ms); left out when nothing was blocked or overridden. */
  guards?: { blocked: number; overrides: readonly { label: string; reason: string; at: number }[] };
  /** Security events of the call (epoch ms); only kinds the contract knows are copied, the newest 20. */
  securityEvents?: readonly { kind: string; at: number }[];
}

/** Thrown when a record contains something that looks like a secret; names fields, never values. */
export class SecretLeakError extends Error {
  constructor(readonly paths: string[]) {
    super(`Result record refused: secret-like value in ${paths.join(', ')}`);
    this.name = 'SecretLeakError';
  }
}

/**
 * Fields that hold identifiers chosen by the CRM, the API or the admin. They are exempt from the
 * pattern checks (a Salesforce id or a numeric customer reference may well hold 7+ digits) and are
 * compared with known secrets by whole value only (a last-4 answer "0100" must not trip on "VC-0100").
 */
const ID_PATHS = /^(interactionId|adapterId|crmHost|customerId|representativeOf|agentId|factorsPassed\.\d+|startedAt|endedAt|guards\.overrides\.\d+\.at|securityEvents\.\d+\.at)$/;

/** 7 or more digits, single spaces, dots, slashes or dashes allowed between them: PANs, account numbers, "31/01/1980". */
const DIGIT_RUN = /\d(?:[\s./-]?\d){6,}/;
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}';
/** Dates with fewer digits: "31/01/80", "31 Jan 1980", "Jan 31, 1980". */
const DATE_LIKE = new RegExp(`\\b\\d{1,2}[\\s./-](?:\\d{1,2}|${MONTH})\\.?[\\s./-]\\d{2,4}\\b|\\b${MONTH}\\.?\\s\\d{1,2},?\\s\\d{2,4}\\b`, 'i');

const squash = (s: string): string => s.toLowerCase().replace(/[\s./-]+/g, '');

/** Every string in `value` with its dotted path. */
function* strings(value: unknown, path = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, path ? `${path}.${i}` : String(i));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
  }
}

/**
 * Paths of the strings in `record` that look like secrets. Outside id fields: a run of 7+ digits
 * (card, account and phone numbers, dates with a 4-digit year) or a date. Everywhere: one of
 * `knownSecrets` (the call's answers and expected values), compared case- and separator-insensitively,
 * as a substring in free text and as the whole value in id fields; known secrets shorter than 3
 * characters are ignored (too likely to match by chance).
 */
export function findSecrets(record: unknown, knownSecrets: readonly string[] = []): string[] {
  const needles = knownSecrets.map(squash).filter((n) => n.length >= 3);
  const found: string[] = [];
  for (const [path, text] of strings(record)) {
    const isId = ID_PATHS.test(path);
    const hay = squash(text);
    const known = needles.some((n) => (isId ? hay === n : hay.includes(n)));
    if (known || (!isId && (DIGIT_RUN.test(text) || DATE_LIKE.test(text)))) found.push(path || '(root)');
  }
  return found;
}

/** Throw SecretLeakError when `findSecrets` finds anything. */
export function assertNoSecrets(record: unknown, knownSecrets: readonly string[] = []): void {
  const paths = findSecrets(record, knownSecrets);
  if (paths.length > 0) throw new SecretLeakError(paths);
}

const iso = (t: number | string): string => (typeof t === 'number' ? new Date(t).toISOString() : t);

/** The record's security events: known kinds only (an unknown one is dropped, not a reason to lose the record). */
function securityEventsOf(events: ResultInput['securityEvents']): ResultRecord['securityEvents'] {
  const known = (events ?? []).flatMap((e) => {
    const kind = SecurityEventKind.safeParse(e.kind);
    return kind.success ? [{ kind: kind.data, at: iso(e.at) }] : [];
  });
  return known.length > 0 ? known.slice(-20) : undefined;
}

/** Build and validate the record for `input`; throws a ZodError or SecretLeakError when it is not sendable. */
export function toResultRecord(input: ResultInput, knownSecrets: readonly string[] = []): ResultRecord {
  const verifiedBy = VerifiedBy.safeParse(input.verifiedBy);
  const picked = {
    interactionId: input.interactionId,
    adapterId: input.adapterId,
    crmHost: input.crmHost,
    startedAt: iso(input.startedAt),
    endedAt: iso(input.endedAt),
    outcome: input.outcome,
    customerId: input.customerId,
    displayName: input.displayName,
    methods: [...new Set(input.methods ?? [])],
    factorsPassed: [...new Set(input.factorsPassed ?? [])],
    attempts: { identify: input.attempts?.identify ?? 0, verify: input.attempts?.verify ?? 0 },
    optOutReason: input.optOutReason,
    representativeOf: input.representativeOf,
    agentId: input.agentId,
    verifiedBy: verifiedBy.success ? verifiedBy.data : 'agent',
    guards: input.guards && (input.guards.blocked > 0 || input.guards.overrides.length > 0)
      ? { blocked: input.guards.blocked, overrides: input.guards.overrides.map((o) => ({ label: o.label, reason: o.reason, at: iso(o.at) })) }
      : undefined,
    securityEvents: securityEventsOf(input.securityEvents),
  };
  const record = InteractionResult.parse(
    Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined)),
  );
  assertNoSecrets(record, knownSecrets);
  return record;
}
