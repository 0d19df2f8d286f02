/**
 * A CRM adapter is data: where it runs, how a call view is recognised and where the caller number is.
 * Built-in adapters and admin-declared ones (managed policy `customAdapters`) share this shape.
 * Selectors are CSS selector lists whose descendant combinators also cross shadow roots (open ones, and
 * closed ones the content script can open): lib/dom/deep-selector.ts.
 */

/**
 * How strong a selector's or event's evidence is: the vendor's own code (a published package), the vendor's
 * documents, public automation written by others (tests, extensions), or nothing public (`unverified`:
 * shown as such on the options page and in the admin guide).
 */
export type EvidenceStatus = 'vendor-code' | 'vendor-doc' | 'public-automation' | 'unverified';

/** Why a built-in selector looks as it does: a vendor's published page object, or a documented convention. */
export interface Evidence {
  status: EvidenceStatus;
  /** The npm package (e.g. `salesforce-pageobjects`) or the convention's owner. */
  source: string;
  /** File inside the package ('' for a convention). */
  file: string;
  /** The page object's element name ('root': the page object's own selector) and its CSS selector. */
  element?: string;
  css?: string;
  note?: string;
}

/** Where to read a value: a selector, searched in the scope and the shadow roots inside it. */
export interface ValueSource {
  selector: string;
  /** Read this attribute instead of the element's (shadow-inclusive) text and its tel:/sip: link. */
  attribute?: string;
  /** Regex with one capture group applied to the value read. */
  pattern?: string;
  /** Tried only when no earlier source found an element at all (not when it found an empty one). */
  lastResort?: boolean;
}

export interface Adapter {
  id: string;
  label: string;
  /** Host match patterns, as in the manifest (e.g. `https://*.lightning.force.com/*`). */
  matches: readonly string[];
  /** Regex on `pathname + search + hash`; capture group 1, when present, is the interaction id. */
  urlPattern: string;
  /** Selector of the incoming/connected call view; only a visible one counts. */
  callView: string;
  /** Caller number sources, tried in order inside the call view. */
  ani: readonly ValueSource[];
  /** Where the interaction id is when the URL does not carry it (searched in the call view, then the page). */
  interactionId?: ValueSource;
  /** An initiating attendee / customer id the page already shows (pre-selects the customer). */
  customerId?: ValueSource;
  /** STIR/SHAKEN attestation (A, B or C) or a verstat value shown with the call. */
  attestation?: ValueSource;
  /** Where the CRM shows its own version (selector health reports it), searched in the whole page. */
  version?: ValueSource;
  /** Template of the customer's record URL: `{origin}`, `{customerId}`. */
  recordUrl?: string;
  /**
   * Vendor events read before the DOM (the selectors stay as the fallback): each kind is a content-script
   * event source (entrypoints/content/event-sources.ts) started in frames this adapter's hosts match.
   */
  events?: readonly AdapterEventKind[];
}

/** The vendor event sources a content script knows; an adapter lists the ones its pages offer. */
export type AdapterEventKind = 'connect-conduit' | 'gc-salesforce-client-event';

/** What an adapter found on the page. */
export interface DetectedCall {
  adapterId: string;
  interactionId: string;
  /** Raw caller number text as shown; null when the page shows none. */
  rawAni: string | null;
  customerId?: string;
  /** Attestation level A/B/C when the page shows one; other values are passed as verstat. */
  attestation?: string;
}
