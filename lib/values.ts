/**
 * Domain values every context shares, defined once: the protocol, the flow, the policy schema, the panel
 * and the reports all read them from here, so a new reason or method is added in one place.
 */

/** Why a caller proceeds unauthenticated (the panel's opt-out choices, in display order). */
export const OPT_OUT_REASONS = ['caller_declined', 'no_details', 'urgent', 'other'] as const;
export type OptOutReason = (typeof OPT_OUT_REASONS)[number];

/** Manual identification methods, in the order the policy offers them by default (ANI lookup is automatic). */
export const SEARCH_METHODS = ['customerId', 'accountNumber', 'phone', 'lastName'] as const;
export type SearchMethod = (typeof SEARCH_METHODS)[number];

/**
 * An interaction id: 1-128 of `[A-Za-z0-9._:-]`, not only dots (all-dot ids would be path segments in
 * API URLs). The length is part of the pattern so plain-TypeScript checks need no second rule.
 */
export const INTERACTION_ID_PATTERN = /^(?!\.+$)[A-Za-z0-9._:-]{1,128}$/;

/** A customer id as an agent may type it: 1-64 of the same characters. */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/** A key of the extension's messages (public/_locales); the English file is the reference every locale follows. */
export type MessageKey = keyof typeof import('../public/_locales/en/messages.json');

/** A plain object (not null, not an array): the guard for values that crossed a boundary (storage, messages, JSON). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
