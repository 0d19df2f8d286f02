/** Test helpers: read back .reg files (converted as Chrome's registry loader does) and XML plists. */
import type { ChromeSchema } from '../../../lib/policy/chrome-schema.ts';

type RegValue = { sz: string } | { dword: number };

/** Unescape a .reg string literal body. */
const unescapeSz = (s: string): string => s.replace(/\\(.)/g, '$1');

/** Parse a .reg text into key path → (value name → value); `[-key]` deletes the key and its subkeys. */
export function parseReg(text: string) {
  const keys = new Map<string, Map<string, RegValue>>();
  let current: Map<string, RegValue> | null = null;
  for (const line of text.split('\r\n')) {
    if (line === '' || line.startsWith(';') || line === 'Windows Registry Editor Version 5.00') continue;
    let m = /^\[-(.+)\]$/.exec(line);
    if (m) {
      for (const k of [...keys.keys()]) if (k === m[1] || k.startsWith(`${m[1]}\\`)) keys.delete(k);
      current = null;
      continue;
    }
    m = /^\[(.+)\]$/.exec(line);
    if (m) {
      current = keys.get(m[1]!) ?? new Map();
      keys.set(m[1]!, current);
      continue;
    }
    m = /^"((?:[^"\\]|\\.)*)"=(?:"((?:[^"\\]|\\.)*)"|dword:([0-9a-f]{8}))$/.exec(line);
    if (!m || !current) throw new Error(`not a .reg line: ${line}`);
    current.set(unescapeSz(m[1]!), m[3] !== undefined ? { dword: parseInt(m[3], 16) } : { sz: unescapeSz(m[2]!) });
  }

  /** One value as Chrome's ConvertRegistryValue would read it with `schema`. */
  const convert = (v: RegValue, schema: ChromeSchema): unknown => {
    if ('dword' in v) return schema.type === 'boolean' ? v.dword !== 0 : v.dword;
    if (schema.type === 'array' || schema.type === 'object') return JSON.parse(v.sz);
    return v.sz;
  };
  /** The key `path` as a JSON object, subkeys included. */
  const toJson = (path: string, schema: ChromeSchema): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [name, v] of keys.get(path) ?? []) out[name] = convert(v, schema.properties?.[name] ?? { type: 'string' });
    for (const k of keys.keys()) {
      const rest = k.slice(path.length + 1);
      if (k.startsWith(`${path}\\`) && !rest.includes('\\')) out[rest] = toJson(k, schema.properties?.[rest] ?? { type: 'object' });
    }
    return out;
  };
  return { keys, toJson };
}

/** Parse an XML property list (dict, array, string, integer, real, true, false) into JSON values. */
export function parsePlist(text: string): unknown {
  const body = text.slice(text.indexOf('<plist version="1.0">') + '<plist version="1.0">'.length, text.lastIndexOf('</plist>'));
  const tokens = body.match(/<[^>]+>|[^<]+/g)?.filter((t) => t.trim() !== '') ?? [];
  let i = 0;
  const unxml = (s: string): string => s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
  const text_ = (close: string): string => {
    let s = '';
    while (tokens[i] !== close) s += tokens[i++];
    i++;
    return unxml(s);
  };
  const value = (): unknown => {
    const t = tokens[i++];
    switch (t) {
      case '<string>': return text_('</string>');
      case '<integer>': return parseInt(text_('</integer>'), 10);
      case '<real>': return parseFloat(text_('</real>'));
      case '<true/>': return true;
      case '<false/>': return false;
      case '<array/>': return [];
      case '<dict/>': return {};
      case '<array>': {
        const a: unknown[] = [];
        while (tokens[i] !== '</array>') a.push(value());
        i++;
        return a;
      }
      case '<dict>': {
        const d: Record<string, unknown> = {};
        while (tokens[i] !== '</dict>') {
          if (tokens[i++] !== '<key>') throw new Error('plist: dict entry without <key>');
          const k = text_('</key>');
          d[k] = value();
        }
        i++;
        return d;
      }
      default: throw new Error(`plist: unexpected ${t}`);
    }
  };
  return value();
}
