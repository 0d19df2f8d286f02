/**
 * A CRM adapter is data: where it runs, how a call view is recognised and where the caller number is.
 * Built-in adapters and admin-declared ones (managed policy `customAdapters`) share this shape.
 * Selectors are CSS, evaluated in the document and every shadow root the detector knows.
 */

/** Where to read a value: a CSS selector (evaluated in the document and every open shadow root). */
export interface ValueSource {
  selector: string;
  /** Read this attribute instead of the element's (shadow-inclusive) text. */
  attribute?: string;
  /** Regex with one capture group applied to the value read. */
  pattern?: string;
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
}

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
