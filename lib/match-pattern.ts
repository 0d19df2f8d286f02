/**
 * Chrome match patterns (`https://*.example.com/*`, `https://crm.example.com/desk*`) as a plain function,
 * usable in every context. The path part is compared with the URL's path and query, `*` matching any
 * characters; a port in the pattern must equal the URL's.
 */

const PATTERN = /^(https?|\*):\/\/(\*|\*\.[^/*:]+|[^/*:]+)(?::(\d{1,5}))?(\/.*)$/;
const paths = new Map<string, RegExp>();

/** The path part as a regex (cached: adapters are few and fixed). */
function pathRegex(path: string): RegExp {
  let re = paths.get(path);
  if (!re) {
    re = new RegExp(`^${path.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
    paths.set(path, re);
  }
  return re;
}

/** Whether `url` matches a match pattern (scheme, host, optional port, path). */
export function matchesPattern(pattern: string, url: string): boolean {
  const m = PATTERN.exec(pattern);
  if (!m) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const [, scheme, host, port, path] = m as unknown as [string, string, string, string | undefined, string];
  const proto = u.protocol.slice(0, -1);
  if (scheme === '*' ? proto !== 'http' && proto !== 'https' : proto !== scheme) return false;
  if (port !== undefined && u.port !== port && !(u.port === '' && port === (proto === 'https' ? '443' : '80'))) return false;
  if (path !== '/*' && !pathRegex(path).test(u.pathname + u.search)) return false;
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
