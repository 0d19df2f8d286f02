/**
 * What the field-tools script (injected into the CRM tab with `scripting.executeScript`) offers the options
 * page: the name it is reachable under in the extension's isolated world and the shape of its calls.
 */
import type { Adapter } from '../adapters/types';
import type { FrameCapture } from './outline';
import type { Proposal } from './propose';

/** The isolated-world global the injected script defines (a page script cannot see it). */
export const FIELD_TOOLS_GLOBAL = '__callerVerifyFieldTools';

/** The outcome of a pick: the proposal, or why there is none. */
export type PickOutcome = { kind: 'picked'; proposal: Proposal } | { kind: 'cancelled' } | { kind: 'busy' };

export interface FieldToolsApi {
  /** This frame's redacted outline and what `adapters` find in it. */
  capture(adapters: readonly Adapter[]): FrameCapture;
  /** Let the admin pick the caller's number (overlay; Esc cancels); resolves once picked or cancelled. */
  pick(): Promise<PickOutcome>;
  /** End a pick in progress (as Esc would). */
  cancel(): void;
}

/**
 * The match pattern of the console the admin names: a match pattern as typed (`https://crm.example.com/*`)
 * or a page address, reduced to its origin (`https://crm.example.com/*`); null when it is neither.
 */
export function consolePattern(input: string): string | null {
  const s = input.trim();
  if (/^(https?|\*):\/\/[^/\s]+\/\S*\*$/i.test(s) && !/^(https?|\*):\/\/\*\//.test(s)) return s;
  if (s.includes('*') || !URL.canParse(s)) return null;
  const u = new URL(s);
  return u.protocol === 'https:' || u.protocol === 'http:' ? `${u.protocol}//${u.hostname}/*` : null;
}
