/**
 * Effective settings: managed policy (locked by the organisation) > local options > defaults.
 * Parsing never throws: an invalid value is reported and replaced by its default.
 */
import { z } from 'zod';
import { DEFAULT_API_BASE_URL } from './manifest-data';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** HTTPS anywhere, plain HTTP only on loopback. */
export const ApiBaseUrl = z.url().refine((v) => {
  const u = new URL(v);
  return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
}, 'must be https:// (http:// only for loopback)');

export const SettingsShape = z.object({
  apiBaseUrl: ApiBaseUrl,
  apiTimeoutMs: z.number().int().min(500).max(60_000),
  defaultRegion: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 region such as "GB"'),
});
export type Settings = z.infer<typeof SettingsShape>;

export const DEFAULT_SETTINGS: Settings = {
  apiBaseUrl: DEFAULT_API_BASE_URL,
  apiTimeoutMs: 8000,
  defaultRegion: 'US',
};

export interface SettingsReport {
  settings: Settings;
  /** Keys set by the managed policy (locked for the agent). */
  locked: (keyof Settings)[];
  /** Human-readable problems, path first. */
  errors: string[];
}

/** Merge policy > local > defaults key by key, validating each value on its own. */
export function resolveSettings(managed: Record<string, unknown>, local: Record<string, unknown>): SettingsReport {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const locked: (keyof Settings)[] = [];
  const errors: string[] = [];
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const shape = SettingsShape.shape[key];
    for (const [source, values] of [['policy', managed], ['options', local]] as const) {
      if (!(key in values) || values[key] === undefined) continue;
      const parsed = shape.safeParse(values[key]);
      if (parsed.success) {
        settings[key] = parsed.data;
        if (source === 'policy') locked.push(key);
        break;
      }
      errors.push(`${source}.${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
  }
  return { settings: settings as Settings, locked, errors };
}
