/**
 * The extension's message protocol: one zod/mini schema per message type, each with its direction.
 * zod/mini keeps the content-script bundle small. Receivers check the sender first, then parse here;
 * anything unknown or malformed is refused (and counted by the receiver), never acted on.
 */
import * as z from 'zod/mini';

const interactionId = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9._:-]+$/));

/** content → background: the content script sees a call view with (maybe) a caller number. */
export const CallDetected = z.strictObject({
  type: z.literal('call.detected'),
  adapterId: z.string().check(z.minLength(1), z.maxLength(64)),
  interactionId,
  rawAni: z.nullable(z.string().check(z.maxLength(200))),
  pageUrl: z.string().check(z.maxLength(4096)),
});
export type CallDetected = z.infer<typeof CallDetected>;

/** panel → background: the panel iframe starts and asks for its interaction. */
export const PanelHello = z.strictObject({ type: z.literal('panel.hello'), interactionId });

/** panel → background: retry the last failed step. */
export const PanelRetry = z.strictObject({ type: z.literal('panel.retry'), interactionId });

/** Message schemas by type and by who may send them. */
export const FROM_CONTENT = { 'call.detected': CallDetected } as const;
export const FROM_PANEL = { 'panel.hello': PanelHello, 'panel.retry': PanelRetry } as const;

export type ContentMessage = CallDetected;
export type PanelMessage = z.infer<typeof PanelHello> | z.infer<typeof PanelRetry>;

/** Why a message was refused; the receiver counts these. */
export type Refusal = 'unknown-type' | 'malformed' | 'bad-sender';

/** Parse `raw` against the schemas allowed for this sender; never throws. */
export function parseMessage<S extends Record<string, z.ZodMiniType>>(
  schemas: S,
  raw: unknown,
): { ok: true; message: z.infer<S[keyof S]> } | { ok: false; refusal: Refusal } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, refusal: 'malformed' };
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(schemas, type)) return { ok: false, refusal: 'unknown-type' };
  const parsed = (schemas[type] as z.ZodMiniType).safeParse(raw);
  if (!parsed.success) return { ok: false, refusal: 'malformed' };
  return { ok: true, message: parsed.data as z.infer<S[keyof S]> };
}

/** Reply to call.detected. */
export type CallDetectedReply = { ok: true; interactionId: string } | { ok: false; error: string };
