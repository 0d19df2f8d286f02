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
  const u = parse(url);
  return u !== null && matchesParsed(pattern, u);
}

/** Whether `url` matches any of the patterns (the URL is parsed once: the detector asks on every navigation). */
export function matchesAny(patterns: readonly string[], url: string): boolean {
  const u = parse(url);
  return u !== null && patterns.some((p) => matchesParsed(p, u));
}

/** The parts a pattern tests, read off the URL once (each URL getter is a call into the browser). */
interface Parts {
  proto: string;
  port: string;
  hostname: string;
  pathAndQuery: string;
}

function parse(url: string): Parts | null {
  try {
    const u = new URL(url);
    return { proto: u.protocol.slice(0, -1), port: u.port, hostname: u.hostname, pathAndQuery: u.pathname + u.search };
  } catch {
    return null;
  }
}

const parts = new Map<string, RegExpExecArray | null>();

function matchesParsed(pattern: string, u: Parts): boolean {
  let m = parts.get(pattern);
  if (m === undefined) {
    m = PATTERN.exec(pattern);
    parts.set(pattern, m);
  }
  if (!m) return false;
  const [, scheme, host, port, path] = m as unknown as [string, string, string, string | undefined, string];
  const proto = u.proto;
  if (scheme === '*' ? proto !== 'http' && proto !== 'https' : proto !== scheme) return false;
  if (port !== undefined && u.port !== port && !(u.port === '' && port === (proto === 'https' ? '443' : '80'))) return false;
  if (path !== '/*' && !pathRegex(path).test(u.pathAndQuery)) return false;
  if (host === '*') return true;
  if (host.startsWith('*.')) {
    const base = host.slice(2);
    return u.hostname === base || u.hostname.endsWith(`.${base}`);
  }
  return u.hostname === host;
}
