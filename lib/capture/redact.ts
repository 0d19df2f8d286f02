/**
 * Redaction rules for a console capture: what of an element may leave the agent's screen. Nothing the page
 * shows as text survives (a text node becomes its kind: number-like or text), every digit run becomes `#`,
 * and attribute values survive only where they are structure (an id, a state, an API name), never where
 * they are prose a person could be named in (aria-label, title, alt, value...).
 */

/** What a text node is shown as in a capture: never its content. */
export type TextKind = 'number' | 'text';

/** Attributes recorded besides data-* and aria-*: the ones selectors are built on. */
const STRUCTURAL = new Set(['id', 'class', 'role', 'slot', 'name', 'type', 'part', 'is', 'for', 'href', 'field-label', 'data-id']);
/** aria-* attributes whose values are an enumeration (the rest are prose: their value is masked). */
const ARIA_ENUM = /^aria-(hidden|expanded|selected|checked|pressed|disabled|live|current|haspopup|modal|busy|level|orientation|sort)$/;
/** Free text: masked whatever its shape. */
const PROSE = /^(aria-(label|description|roledescription|valuetext|placeholder)|title|alt|placeholder|value|content)$/;
/** The longest value kept: longer ones are content, not structure. */
const MAX_VALUE = 80;

/** Every run of digits as one `#`, so numbers, dates and ids keep their shape but none of their digits. */
export function maskDigits(s: string): string {
  return s.replace(/\d+/g, '#');
}

/** Number-like text (a phone number, a date, an amount) or other text. */
export function textKind(s: string): TextKind {
  const digits = s.replace(/\D/g, '').length;
  return digits >= 3 && digits * 2 >= s.replace(/\s/g, '').length ? 'number' : 'text';
}

/** Whether the attribute is recorded at all. */
export function keepsAttribute(name: string): boolean {
  return STRUCTURAL.has(name) || name.startsWith('data-') || name.startsWith('aria-') || /test-?id/i.test(name);
}

/**
 * A structural token (kept after digit masking): lower-case words joined by separators, or API names
 * such as `sfdc:RecordField.VoiceCall.FromPhoneNumber`. A single capitalised word, anything with a space,
 * an `@` or a quote is treated as content (it could be a person's name or an address).
 */
export function isStructuralToken(value: string): boolean {
  if (value.length === 0 || value.length > MAX_VALUE || /[\s@"'<>{};\\]/.test(value)) return false;
  if (/^[a-z#][a-z0-9#_.:/-]*$/.test(value)) return true;
  return /^[A-Za-z#][A-Za-z0-9#_.:/-]*$/.test(value) && (/[-_.:/]/.test(value) || /[a-z][A-Z]/.test(value));
}

/** The recorded value of an attribute: digits masked; prose and content-like values as `…`. */
export function redactAttribute(name: string, value: string): string {
  const masked = maskDigits(value.trim());
  if (masked === '' || masked === '#') return masked;
  if (PROSE.test(name)) return '…';
  if (name.startsWith('aria-') && !ARIA_ENUM.test(name) && !/^aria-(controls|labelledby|describedby|owns)$/.test(name)) return '…';
  if (name === 'href') return hrefShape(masked);
  if (name === 'class') return masked.split(/\s+/).map((c) => (isStructuralToken(c) ? c : '…')).join(' ');
  if (/^aria-(controls|labelledby|describedby|owns)$/.test(name)) return masked.split(/\s+/).map((c) => (isStructuralToken(c) ? c : '…')).join(' ');
  return isStructuralToken(masked) ? masked : '…';
}

/** A link's scheme and shape only: `tel:…`, `https://host/…` (the host is the CRM's, not the caller's). */
function hrefShape(href: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
  if (!scheme) return '…';
  if (scheme === 'http' || scheme === 'https') {
    const host = /^[a-z]+:\/\/([^/?#]+)/i.exec(href)?.[1];
    return host ? `${scheme}://${host}/…` : `${scheme}:…`;
  }
  return `${scheme}:…`;
}

/** A page address as recorded: origin and path, digit runs masked, no query or fragment. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname.split('/').map((seg) => (seg === '' || isStructuralToken(maskDigits(decodeURIComponent(seg))) ? maskDigits(seg) : '…')).join('/');
    return `${u.origin}${path}`;
  } catch {
    return '…';
  }
}
