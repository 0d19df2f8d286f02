/**
 * Effective settings from managed policy > agent options > defaults, value by value: nested objects
 * (identification, verification, panel, reports) merge per sub-key. Never throws: an invalid value is
 * reported with its full path and replaced by the lower-priority source's value or the default.
 */
import type { z } from 'zod';
import { GROUPS, POLICY_KEYS, PolicySchema, defaultPolicy, type GroupKey, type Policy, type PolicyKey } from './schema.ts';
import { CustomAdapterSchema, type CustomAdapter } from './custom-adapter.ts';
import { isObject as isPlainObject } from '../values.ts';

export interface PolicyReport {
  settings: Policy;
  /** What the managed policy set (locked for the agent): top-level keys or dotted paths ("panel.side"). */
  locked: string[];
  /** Human-readable problems, path first: "policy.identification.maxAttempts: must be ...". */
  errors: string[];
}

type Source = 'policy' | 'options';
type Raw = Record<string, unknown>;

const own = (o: Raw, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined;

/** `a.b[0].c` from a zod issue path. */
export function formatPath(base: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`), base);
}

/** One line per problem in `issues`, each prefixed with its path under `base`. */
export function formatIssues(base: string, issues: readonly z.core.$ZodIssue[]): string[] {
  const lines = issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `${formatPath(base, [...issue.path, k])}: unknown key`);
    if (issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined) return [`${formatPath(base, issue.path)}: is required`];
    const options = (issue as { options?: unknown }).options;
    if (issue.code === 'invalid_union' && Array.isArray(options)) {
      return [`${formatPath(base, issue.path)}: must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`];
    }
    return [`${formatPath(base, issue.path)}: ${issue.message}`];
  });
  return [...new Set(lines)];
}

/** Validate one value; the parsed value or null after pushing its errors. */
function check<T>(schema: z.ZodType<T>, value: unknown, base: string, errors: string[]): { value: T } | null {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return { value: r.data };
  errors.push(...formatIssues(base, r.error.issues));
  return null;
}

/** `customAdapters`: the list must be a list; each adapter is checked alone and skipped when invalid. */
function checkAdapters(value: unknown, base: string, errors: string[]): { value: CustomAdapter[] } | null {
  const listProblem = !Array.isArray(value) ? 'must be a list of adapters' : value.length > 50 ? `must have at most 50 adapters (has ${value.length})` : null;
  if (listProblem || !Array.isArray(value)) {
    errors.push(`${base}: ${listProblem}`);
    return null;
  }
  const kept: CustomAdapter[] = [];
  const ids = new Set<string>();
  value.forEach((item, i) => {
    const at = `${base}[${i}]`;
    const one = check(CustomAdapterSchema, item, at, errors);
    if (one && ids.has(one.value.id)) errors.push(`${at}.id: duplicate adapter id "${one.value.id}"`);
    if (one && !ids.has(one.value.id)) {
      ids.add(one.value.id);
      kept.push(one.value);
    } else {
      const id = isPlainObject(item) && typeof item.id === 'string' ? ` "${item.id}"` : '';
      errors.push(`${at}: adapter${id} skipped`);
    }
  });
  return { value: kept };
}

/** The first valid value of policy, options; errors for every invalid one tried. */
function pick(key: string, sub: string | null, schema: z.ZodType, sources: [Source, Raw][], errors: string[]): { value: unknown; from: Source } | null {
  for (const [source, raw] of sources) {
    const group = sub === null ? raw : raw[key];
    const name = sub ?? key;
    if (!isPlainObject(group) || !own(group, name)) continue;
    const base = sub === null ? `${source}.${key}` : `${source}.${key}.${sub}`;
    const got = key === 'customAdapters' ? checkAdapters(group[name], base, errors) : check(schema, group[name], base, errors);
    if (got) return { value: got.value, from: source };
  }
  return null;
}

/** Merge managed policy > local options > defaults, validating each value on its own. */
export function resolvePolicy(managed: Raw, local: Raw): PolicyReport {
  const settings = defaultPolicy() as Record<string, unknown>;
  const locked: string[] = [];
  const errors: string[] = [];
  const sources: [Source, Raw][] = [['policy', isPlainObject(managed) ? managed : {}], ['options', isPlainObject(local) ? local : {}]];
  for (const key of POLICY_KEYS) {
    if (key in GROUPS) {
      const groupSchema = GROUPS[key as GroupKey];
      for (const [source, raw] of sources) {
        if (own(raw, key) && !isPlainObject(raw[key])) errors.push(`${source}.${key}: must be an object`);
      }
      const merged = settings[key] as Record<string, unknown>;
      for (const [sub, schema] of Object.entries(groupSchema.shape)) {
        const got = pick(key, sub, schema as z.ZodType, sources, errors);
        if (!got) continue;
        merged[sub] = got.value;
        if (got.from === 'policy') locked.push(`${key}.${sub}`);
      }
      continue;
    }
    const got = pick(key, null, PolicySchema.shape[key as PolicyKey] as z.ZodType, sources, errors);
    if (!got) continue;
    settings[key] = got.value;
    if (got.from === 'policy') locked.push(key);
  }
  return { settings: settings as Policy, locked, errors };
}

/** Keys no setting uses, as "policy.foo: unknown key" lines (Chrome drops them; Firefox passes them on). */
export function unknownKeys(raw: unknown, source: Source = 'policy'): string[] {
  if (!isPlainObject(raw)) return [`${source}: must be an object`];
  const out: string[] = [];
  for (const key of Object.keys(raw)) {
    if (!(POLICY_KEYS as string[]).includes(key)) out.push(`${source}.${key}: unknown key`);
    else if (key in GROUPS && isPlainObject(raw[key])) {
      const known = Object.keys(GROUPS[key as GroupKey].shape);
      for (const sub of Object.keys(raw[key] as Raw)) if (!known.includes(sub)) out.push(`${source}.${key}.${sub}: unknown key`);
    }
  }
  return out;
}

/** Every problem in a policy file: invalid values and unknown keys; empty when it is clean. */
export function validatePolicy(raw: unknown): string[] {
  if (!isPlainObject(raw)) return ['policy: must be a JSON object'];
  return [...resolvePolicy(raw, {}).errors, ...unknownKeys(raw)];
}
