/**
 * Interaction ids and calls on the content-script side: the protocol's id rule, turning any id a page shows into
 * one the protocol accepts, whether two reports are of the same call, and the check of `panel.mount` (background →
 * top frame). Not the zod schemas of lib/protocol.ts: importing zod/mini would add ~5 KB gzipped to the content
 * script; a unit test checks these agree with the `PanelMount` and `CallEnded` schemas.
 */

/** The protocol's interaction id: 1-128 of `[A-Za-z0-9._:-]`, not only dots. */
import { INTERACTION_ID_PATTERN as INTERACTION_ID } from '../values';
import type { DetectedCall } from '../adapters/types';

/**
 * Whether two reports carry the same call, field by field. Not a JSON key: in a call's pass, the first
 * `JSON.stringify` cost ~15 µs of the detection's latency (traced bench calls), the comparison about nothing.
 */
export function sameCall(a: DetectedCall | null, b: DetectedCall | null): boolean {
  if (a === null || b === null) return a === b;
  return a.adapterId === b.adapterId && a.interactionId === b.interactionId && a.rawAni === b.rawAni
    && a.customerId === b.customerId && a.attestation === b.attestation;
}

/** Whether `raw` is exactly `{ type: 'panel.mount', interactionId }` with a valid id. */
export function isPanelMount(raw: unknown): raw is { type: 'panel.mount'; interactionId: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const keys = Object.keys(raw);
  const m = raw as { type?: unknown; interactionId?: unknown };
  return keys.length === 2 && m.type === 'panel.mount' && typeof m.interactionId === 'string' && INTERACTION_ID.test(m.interactionId);
}

/** FNV-1a (32 bit) of `s` from `seed`, as 8 hex digits. */
function fnv1a(s: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * An interaction id the protocol accepts: ids made of `[A-Za-z0-9._:-]` (at most 128) pass unchanged,
 * anything else (a custom adapter's whole URL path, say) becomes a stable 64-bit hash `h:<16 hex>`.
 */
export function safeInteractionId(raw: string): string {
  return INTERACTION_ID.test(raw) ? raw : `h:${fnv1a(raw, 0x811c9dc5)}${fnv1a(raw, 0x01234567)}`;
}
