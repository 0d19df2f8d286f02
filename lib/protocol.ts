/**
 * The extension's message protocol: one zod/mini schema per message type, each with its direction.
 * zod/mini keeps the content-script bundle small. Receivers check the sender first, then parse here;
 * anything unknown or malformed is refused (and counted by the receiver), never acted on.
 */
import * as z from 'zod/mini';
import type { Adapter } from './adapters/types';
import type { PanelLayout } from './panel-params';
import type { Interaction } from './interaction';
import { INTERACTION_ID_PATTERN, OPT_OUT_REASONS, SEARCH_METHODS } from './values';
import { SELECTOR_HEALTH_REASONS } from './selector-health';
import type { GuardState } from './guards/decide';
import { STEP_UP_MESSAGES, type StepUpReplies } from './protocol-stepup';

const interactionId = z.string().check(z.minLength(1), z.maxLength(128), z.regex(INTERACTION_ID_PATTERN));

/** content → background: the content script sees a call view with (maybe) a caller number. */
export const CallDetected = z.strictObject({
  type: z.literal('call.detected'),
  adapterId: z.string().check(z.minLength(1), z.maxLength(64)),
  interactionId,
  rawAni: z.nullable(z.string().check(z.maxLength(200))),
  pageUrl: z.string().check(z.maxLength(4096)),
  /** An initiating attendee / customer id the CRM already shows: pre-selects the customer. */
  customerId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** STIR/SHAKEN attestation or verstat the page shows. */
  aniTrust: z.optional(z.strictObject({
    attestation: z.optional(z.enum(['A', 'B', 'C'])),
    verstat: z.optional(z.string().check(z.maxLength(64))),
  })),
});
export type CallDetected = z.infer<typeof CallDetected>;

/** panel → background: the panel iframe starts and asks for its interaction. */
export const PanelHello = z.strictObject({ type: z.literal('panel.hello'), interactionId });

/** panel → background: retry the last failed step. */
export const PanelRetry = z.strictObject({ type: z.literal('panel.retry'), interactionId });

const shortText = z.string().check(z.minLength(1), z.maxLength(200));
const questionId = z.string().check(z.minLength(1), z.maxLength(64));

/** panel → background: the agent picks one of several candidates. */
export const PanelSelect = z.strictObject({ type: z.literal('panel.select'), interactionId, customerId: z.string().check(z.minLength(1), z.maxLength(64)) });

/** panel → background: manual search by one of the allowed methods. */
export const PanelSearch = z.strictObject({
  type: z.literal('panel.search'), interactionId,
  method: z.enum(SEARCH_METHODS), value: shortText,
});

/** panel → background: answers (caller-answer mode) or marks (agent-judged mode); never stored. */
export const PanelVerify = z.strictObject({
  type: z.literal('panel.verify'), interactionId,
  answers: z.optional(z.array(z.strictObject({ questionId, answer: z.string().check(z.maxLength(200)) })).check(z.maxLength(20))),
  marks: z.optional(z.array(z.strictObject({ questionId, passed: z.boolean() })).check(z.maxLength(20))),
});

/** panel → background: the caller proceeds unauthenticated. */
export const PanelOptOut = z.strictObject({
  type: z.literal('panel.optOut'), interactionId, reason: z.enum(OPT_OUT_REASONS),
});

/** panel → background: the caller acts for the customer (representative) or not. */
export const PanelRepresentative = z.strictObject({ type: z.literal('panel.representative'), interactionId, on: z.boolean() });

/** panel → background: open the verified customer's CRM record. */
export const PanelOpenRecord = z.strictObject({ type: z.literal('panel.openRecord'), interactionId });

/** panel → background: the agent asks to sign in to the API (interactive OAuth flow; a click starts it). */
export const PanelSignIn = z.strictObject({ type: z.literal('panel.signIn'), interactionId });

/** panel → background: the agent starts the questions (policy verification.challenge "on-engage"). */
export const PanelEngage = z.strictObject({ type: z.literal('panel.engage'), interactionId });

/** panel → background: a new call waits while the agent verifies this one; keep this one, or switch to the new call. */
export const PanelKeepCall = z.strictObject({ type: z.literal('panel.keepCall'), interactionId });
export const PanelSwitchCall = z.strictObject({ type: z.literal('panel.switchCall'), interactionId });

/** content → background: the call view of an interaction this frame reported is gone (call ended). */
export const CallEnded = z.strictObject({ type: z.literal('call.ended'), interactionId });
export type CallEnded = z.infer<typeof CallEnded>;

/** content → background: which adapters to use (built-in minus `disabledAdapters`, plus valid custom ones). */
export const ContentConfig = z.strictObject({ type: z.literal('content.config') });

/** content → background: an adapter's page looks broken (no caller-number element, or a refused selector). */
export const SelectorHealthReport = z.strictObject({
  type: z.literal('selector.health'),
  adapterId: z.string().check(z.minLength(1), z.maxLength(64)),
  reason: z.enum(SELECTOR_HEALTH_REASONS),
  pageVersion: z.optional(z.string().check(z.maxLength(64))),
});
export type SelectorHealthReport = z.infer<typeof SelectorHealthReport>;

/** background → content (top frame only): show the panel for this interaction (a sub-frame detected the call). */
export const PanelMount = z.strictObject({ type: z.literal('panel.mount'), interactionId });
export type PanelMount = z.infer<typeof PanelMount>;

/** background → content (top frame only): the top frame's URL, asked when a sub-frame reports a call. */
export const FrameTop = z.strictObject({ type: z.literal('frame.top') });

/**
 * content (top frame) → background: the token this tab's panel host pinned in its panel's URL. The worker
 * takes panel messages only from a panel document carrying the registered token of its own tab.
 */
export const PanelRegister = z.strictObject({
  type: z.literal('panel.register'),
  token: z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)),
});

/** What the panel saw the page do against it: cover it while the agent acted, or take the keyboard while the agent typed. */
export const SECURITY_EVENT_KINDS = ['covered', 'focus-theft'] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** panel → background: record a security event on the interaction. */
export const PanelSecurity = z.strictObject({ type: z.literal('panel.security'), interactionId, kind: z.enum(SECURITY_EVENT_KINDS) });

/** content (top frame) → background: the guards of this tab's page and the level its current interaction reached. */
export const GuardsState = z.strictObject({ type: z.literal('guards.state') });

/** background → content (top frame): the level changed (or the tab has a new call); the page never sends this. */
export const GuardsPush = z.strictObject({ type: z.literal('guards.push') });

/** content → background: the agent ran into a held guard (blocked) or passed it with a typed reason (override). */
export const GuardsEvent = z.strictObject({
  type: z.literal('guards.event'), interactionId,
  kind: z.enum(['blocked', 'override']),
  label: z.string().check(z.minLength(1), z.maxLength(80)),
  reason: z.optional(z.string().check(z.minLength(3), z.maxLength(200))),
});
export type GuardsEvent = z.infer<typeof GuardsEvent>;

/**
 * side panel → background: which call the side panel shows, for the active tab of its window (policy
 * panel.surface "side-panel"). The worker picks the tab and its current interaction from what it stored.
 */
export const SideCurrent = z.strictObject({ type: z.literal('side.current'), windowId: z.int().check(z.nonnegative()) });

/** The contexts that exchange runtime messages. */
export type Party = 'content' | 'panel' | 'background';

/**
 * Every runtime message type, once: its schema, the one context allowed to send it and the one that
 * receives it. The wire format is the plain parsed object (`{ type, ... }`), no envelope, so the e2e
 * attack tests can send raw messages. The reply of each type is in `Replies`.
 */
export const MESSAGES = {
  'call.detected': { schema: CallDetected, from: 'content', to: 'background' },
  'call.ended': { schema: CallEnded, from: 'content', to: 'background' },
  'content.config': { schema: ContentConfig, from: 'content', to: 'background' },
  'selector.health': { schema: SelectorHealthReport, from: 'content', to: 'background' },
  'panel.hello': { schema: PanelHello, from: 'panel', to: 'background' },
  'panel.retry': { schema: PanelRetry, from: 'panel', to: 'background' },
  'panel.select': { schema: PanelSelect, from: 'panel', to: 'background' },
  'panel.search': { schema: PanelSearch, from: 'panel', to: 'background' },
  'panel.verify': { schema: PanelVerify, from: 'panel', to: 'background' },
  'panel.optOut': { schema: PanelOptOut, from: 'panel', to: 'background' },
  'panel.representative': { schema: PanelRepresentative, from: 'panel', to: 'background' },
  'panel.openRecord': { schema: PanelOpenRecord, from: 'panel', to: 'background' },
  'panel.signIn': { schema: PanelSignIn, from: 'panel', to: 'background' },
  'panel.engage': { schema: PanelEngage, from: 'panel', to: 'background' },
  'panel.keepCall': { schema: PanelKeepCall, from: 'panel', to: 'background' },
  'panel.switchCall': { schema: PanelSwitchCall, from: 'panel', to: 'background' },
  'panel.mount': { schema: PanelMount, from: 'background', to: 'content' },
  'frame.top': { schema: FrameTop, from: 'background', to: 'content' },
  'panel.register': { schema: PanelRegister, from: 'content', to: 'background' },
  'panel.security': { schema: PanelSecurity, from: 'panel', to: 'background' },
  'guards.state': { schema: GuardsState, from: 'content', to: 'background' },
  'guards.push': { schema: GuardsPush, from: 'background', to: 'content' },
  'guards.event': { schema: GuardsEvent, from: 'content', to: 'background' },
  ...STEP_UP_MESSAGES,
  'side.current': { schema: SideCurrent, from: 'panel', to: 'background' },
} as const satisfies Record<string, { schema: z.ZodMiniType; from: Party; to: Party }>;

export type MessageType = keyof typeof MESSAGES;
/** The parsed message of one type. */
export type Message<K extends MessageType> = z.infer<(typeof MESSAGES)[K]['schema']>;
/** Any message, as a union discriminated by `type`. */
export type AnyMessage = { [K in MessageType]: Message<K> }[MessageType];
/** The types one context may send. */
export type TypesFrom<P extends Party> = { [K in MessageType]: (typeof MESSAGES)[K]['from'] extends P ? K : never }[MessageType];
/** The types one context receives. */
export type TypesTo<P extends Party> = { [K in MessageType]: (typeof MESSAGES)[K]['to'] extends P ? K : never }[MessageType];

type Ok = { ok: true };
/** The reply to each message type; a refused message is answered with undefined. */
export interface Replies extends StepUpReplies {
  'call.detected': CallDetectedReply;
  'call.ended': Ok;
  'content.config': ContentConfigReply;
  'selector.health': Ok;
  'panel.hello': { ok: true; interaction: Interaction };
  'panel.retry': Ok;
  'panel.select': Ok;
  'panel.search': Ok;
  'panel.verify': Ok;
  'panel.optOut': Ok;
  'panel.representative': Ok;
  'panel.openRecord': { ok: true; url: string } | { ok: false };
  'panel.signIn': { ok: boolean };
  'panel.engage': Ok;
  'panel.keepCall': Ok;
  'panel.switchCall': { ok: boolean };
  'panel.mount': undefined;
  'frame.top': { url: string };
  'panel.register': Ok;
  'panel.security': Ok;
  'guards.state': { ok: true; state: GuardState };
  'guards.push': Ok;
  'guards.event': { ok: boolean };
  'side.current': SideCurrentReply;
}
export type Reply<K extends MessageType> = Replies[K];

/** The schemas of the messages `party` may send, by type (for `parseMessage`). */
export function schemasFrom<P extends Party>(party: P): { [K in TypesFrom<P>]: (typeof MESSAGES)[K]['schema'] } {
  return Object.fromEntries(Object.entries(MESSAGES).filter(([, m]) => m.from === party).map(([type, m]) => [type, m.schema])) as never;
}

export const FROM_CONTENT = schemasFrom('content');
export const FROM_PANEL = schemasFrom('panel');
export type ContentMessage = Message<TypesFrom<'content'>>;

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
export type CallDetectedReply = { ok: true; interactionId: string; panel: PanelLayout } | { ok: false; error: string };

/** Reply to content.config: the effective adapters, why any configured one was left out, and the panel layout. */
export type ContentConfigReply = { ok: true; adapters: Adapter[]; problems: string[]; panel: PanelLayout };

/** Reply to side.current: the surface the policy names and, in side-panel mode, the active tab's current call. */
export type SideCurrentReply = { ok: true; surface: 'page' | 'side-panel'; tabId: number | null; interactionId: string | null };
