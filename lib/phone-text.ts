/**
 * Reading the text of a caller number before parsing: compatibility forms folded to ASCII (fullwidth and
 * Arabic-Indic digits, NBSP), invisible marks dropped (bidi), URI schemes, hosts and parameters removed
 * (`;ext=`, `phone-context`), and withheld or "no number" words recognised.
 */

const WITHHELD_WORD =
  '(?:anonymous|private|unknown|restricted|withheld|unavailable|not available|n a|blocked|hidden|suppressed)';
/** Withheld/"no number" markers, compared after lower-casing and collapsing separators to one space. */
const WITHHELD = new RegExp(
  `^(?:(?:(?:caller )?id|cli|number) )?${WITHHELD_WORD}(?: (?:number|caller|call|id|caller id|cli))?$` +
    '|^no (?:caller id|cli|number)$',
);

export type Split = { withheld: true } | { withheld: false; number: string; extension?: string; context?: string };

/** Map compatibility forms (fullwidth digits, NBSP, fullwidth +) to ASCII and drop invisible format chars. */
export function clean(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\p{Nd}/gu, (d) => (/\d/.test(d) ? d : String(digitValue(d))))
    .trim();
}

/** Value of a non-ASCII decimal digit: its distance from the start of its run of 10 digits. */
function digitValue(digit: string): number {
  const cp = digit.codePointAt(0) ?? 0;
  let value = 0;
  while (value < 9 && /\p{Nd}/u.test(String.fromCodePoint(cp - value - 1))) value++;
  return value;
}

/** Decode %-escapes of a URI part, leaving it as is if the escapes are malformed. */
function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Reduce a cleaned value to the number as dialled: drop quotes, URI schemes, hosts and parameters. */
export function split(value: string): Split {
  let s = value.trim().replace(/^["']+|["']+$/g, '').trim();
  const scheme = /^(?:tel|sips?|callto|phone):(?:\/\/)?/i.exec(s);
  let extension: string | undefined;
  let context: string | undefined;
  if (scheme) {
    s = s.slice(scheme[0].length).replace(/\?.*$/, '');
    const at = s.indexOf('@');
    if (at >= 0) {
      if (/^anonymous\.invalid\b/i.test(s.slice(at + 1))) return { withheld: true };
      s = s.slice(0, at);
    }
    const [number = '', ...params] = decode(s).split(';');
    for (const param of params) {
      const [key = '', val = ''] = param.split('=');
      if (/^\s*ext\s*$/i.test(key) && /^\s*\d+\s*$/.test(val)) extension = val.trim();
      if (/^\s*phone-context\s*$/i.test(key) && val.trim().startsWith('+')) context = val.trim();
    }
    s = number;
  }
  const words = s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  // Blank or placeholder-only values ("", "-", "()") mean no number was presented, like "anonymous".
  if (/^[\p{P}\s]*$/u.test(s) || WITHHELD.test(words)) return { withheld: true };
  return { withheld: false, number: s.trim(), extension, context };
}
