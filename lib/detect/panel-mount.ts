/**
 * The content script's check of `panel.mount` (background → top frame). Not the zod schema of
 * lib/protocol.ts: importing zod/mini would add ~8 KB gzipped to the content script. A unit test
 * (test/unit/detect-messages.test.ts) checks this agrees with the `PanelMount` schema.
 */

/** The protocol's interaction id: 1-128 of `[A-Za-z0-9._:-]`, not only dots. */
export const INTERACTION_ID = /^(?!\.+$)[A-Za-z0-9._:-]{1,128}$/;

/** Whether `raw` is exactly `{ type: 'panel.mount', interactionId }` with a valid id. */
export function isPanelMount(raw: unknown): raw is { type: 'panel.mount'; interactionId: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const keys = Object.keys(raw);
  const m = raw as { type?: unknown; interactionId?: unknown };
  return keys.length === 2 && m.type === 'panel.mount' && typeof m.interactionId === 'string' && INTERACTION_ID.test(m.interactionId);
}
