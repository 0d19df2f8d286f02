/**
 * DOM-free checks for admin-supplied strings: CSS selectors, regular expressions, match patterns, regions.
 * Plain functions (only libphonenumber-js imported) so the policy CLI can run it under plain Node.
 *
 * The selector check is deliberately conservative: it rejects strings that cannot be a selector list
 * (unbalanced brackets or quotes, empty parts, dangling combinators, CSS rule syntax) but the browser
 * stays the authority: the content script still catches `querySelectorAll` syntax errors and skips
 * an adapter whose selector the browser refuses.
 */

import { isSupportedCountry } from 'libphonenumber-js/min';

const MAX_SELECTOR = 1000;
const MAX_REGEX = 500;

/** Why `selector` cannot be a CSS selector list, or null when it plausibly is one. */
export function selectorProblem(selector: string): string | null {
  if (selector.trim() === '') return 'must be a CSS selector, not empty';
  if (selector.length > MAX_SELECTOR) return `must be a CSS selector of at most ${MAX_SELECTOR} characters`;
  if ([...selector].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return 'must not contain control characters';
  const stack: string[] = [];
  let quote: string | null = null;
  let part = '';
  const parts: string[] = [];
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i] as string;
    if (c === '\\') {
      part += c + (selector[i + 1] ?? '');
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
      part += c;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') stack.push(c === '[' ? ']' : ')');
    else if (c === ']' || c === ')') {
      if (stack.pop() !== c) return `is not a valid CSS selector: unexpected "${c}"`;
    } else if (c === '{' || c === '}' || c === ';') return `is not a valid CSS selector: "${c}" is not allowed`;
    else if (c === ',' && stack.length === 0) {
      parts.push(part);
      part = '';
      continue;
    }
    part += c;
  }
  if (quote) return 'is not a valid CSS selector: unterminated string';
  if (stack.length > 0) return `is not a valid CSS selector: missing "${stack[stack.length - 1]}"`;
  parts.push(part);
  for (const p of parts) {
    const s = p.trim();
    if (s === '') return 'is not a valid CSS selector: empty selector in the list';
    if (/^[>+~]/.test(s) || (/[>+~]$/.test(s) && !/\\[>+~]$/.test(s))) return `is not a valid CSS selector: dangling combinator in "${s}"`;
    if (/^[0-9]/.test(s) || /^-[0-9]/.test(s)) return `is not a valid CSS selector: "${s}" starts like a number`;
  }
  return null;
}

/** Number of capture groups in `source`, or an error message when it does not compile. */
export function regexGroups(source: string): number | string {
  if (source.length > MAX_REGEX) return `must be a regular expression of at most ${MAX_REGEX} characters`;
  try {
    // An alternative that matches the empty string makes exec() report every group (unset).
    const m = new RegExp(`${source}|`).exec('');
    return (m?.length ?? 1) - 1;
  } catch (e) {
    return `is not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`;
  }
}

/** Why `source` is not a regex with exactly one capture group, or null. */
export function captureRegexProblem(source: string): string | null {
  const groups = regexGroups(source);
  if (typeof groups === 'string') return groups;
  if (groups !== 1) return `must have exactly one capture group (found ${groups})`;
  return null;
}

/**
 * Match patterns we accept for CRM hosts: a scheme, a named host (optionally `*.` wildcard), a path (`/*`,
 * or narrower such as `/desk*`: the permission is asked for the origin, the path is matched per page).
 */
const MATCH_PATTERN = /^(https?|\*):\/\/(\*\.)?([a-z0-9-]+(\.[a-z0-9-]+)*)(:\d{1,5})?\/[^\s]*$/i;

/** Why `pattern` is not an accepted host match pattern, or null. */
export function matchPatternProblem(pattern: string): string | null {
  if (/^(https?|\*):\/\/\*\/\*$/.test(pattern)) return 'must name a host: matching every site is not allowed';
  if (!MATCH_PATTERN.test(pattern)) return 'must be a match pattern such as "https://*.crm.example.com/*"';
  return null;
}

/** Why `region` is not a region libphonenumber knows (national caller numbers are read in it), or null. */
export function regionProblem(region: string): string | null {
  return isSupportedCountry(region) ? null : `must be a region with phone numbering data, such as "GB" or "US" ("${region.slice(0, 8)}" is not one)`;
}

/** Why `template` is not a record URL template (`{origin}`/`{customerId}` placeholders), or null. */
export function recordUrlProblem(template: string): string | null {
  const filled = template.replaceAll('{origin}', 'https://crm.example.com').replaceAll('{customerId}', 'C-1');
  if (/[{}]/.test(filled)) return 'may only use the placeholders {origin} and {customerId}';
  try {
    const u = new URL(filled);
    if (u.protocol !== 'https:') return 'must be an https:// URL or start with {origin}';
  } catch {
    return 'must be a URL template such as "{origin}/record/{customerId}"';
  }
  return null;
}
