/** Chrome match patterns (`https://*.example.com/*`) as a plain function, usable in every context. */

/** Whether `url` matches a match pattern; only scheme and host are compared, the path part is `/*`. */
export function matchesPattern(pattern: string, url: string): boolean {
  const m = /^(https?|\*):\/\/(\*|\*\.[^/*]+|[^/*]+)\/\*$/.exec(pattern);
  if (!m) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const [, scheme, host] = m as unknown as [string, string, string];
  const proto = u.protocol.slice(0, -1);
  if (scheme === '*' ? proto !== 'http' && proto !== 'https' : proto !== scheme) return false;
  if (host === '*') return true;
  if (host.startsWith('*.')) {
    const base = host.slice(2);
    return u.hostname === base || u.hostname.endsWith(`.${base}`);
  }
  return u.hostname === host;
}

/** Whether `url` matches any of the patterns. */
export function matchesAny(patterns: readonly string[], url: string): boolean {
  return patterns.some((p) => matchesPattern(p, url));
}
