import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SECTIONS } from '../../../lib/policy/options-fields.ts';
import { OPT_OUT_REASONS, SEARCH_METHODS } from '../../../lib/values.ts';
import { STEP_UP_CHANNELS } from '../../../lib/policy/stepup.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const LANGS = ['en', 'es'] as const;

interface Message {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

const load = (lang: string): Record<string, Message> =>
  JSON.parse(readFileSync(path.join(ROOT, 'public/_locales', lang, 'messages.json'), 'utf8')) as Record<string, Message>;
const MESSAGES = Object.fromEntries(LANGS.map((l) => [l, load(l)])) as Record<(typeof LANGS)[number], Record<string, Message>>;
const EN = MESSAGES.en;

/** Every .ts/.tsx file (not .d.ts) under `dir`, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}
const FILES = ['lib', 'platform', 'entrypoints'].flatMap(sourceFiles);

/** Read a source file's text with comments blanked out (so examples in comments are not taken as calls). */
function code(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/[^\n]*/g, (m, pre: string) => pre + ' '.repeat(m.length - pre.length));
}

/** Split the argument list that starts right after "(" at `start`: top-level arguments as source text. */
function callArgs(src: string, start: number): string[] {
  const args: string[] = [];
  const stack: string[] = [];
  let cur = '';
  for (let i = start; i < src.length; i++) {
    const c = src[i]!;
    if (c === "'" || c === '"' || c === '`') {
      // Copy a string literal whole (template literals may nest ${ ... } with strings inside).
      let j = i + 1;
      let depth = 0;
      while (j < src.length) {
        const d = src[j]!;
        if (d === '\\') j++;
        else if (c === '`' && d === '$' && src[j + 1] === '{') {
          depth++;
          j++;
        } else if (c === '`' && d === '}' && depth > 0) depth--;
        else if (d === c && depth === 0) break;
        j++;
      }
      cur += src.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.length === 0) {
        if (cur.trim()) args.push(cur.trim());
        return args;
      }
      stack.pop();
    } else if (c === ',' && stack.length === 0) {
      args.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  throw new Error('unterminated call');
}

interface Use {
  file: string;
  line: number;
  first: string;
  args: string[];
}

/** Every call of the i18n function `t(...)` in the sources. */
const USES: Use[] = FILES.flatMap((file) => {
  const src = code(file);
  const out: Use[] = [];
  for (const m of src.matchAll(/(?<![\w$.])t\(/g)) {
    const before = src.slice(Math.max(0, m.index - 9), m.index);
    if (/function\s*$/.test(before)) continue; // the definition in platform/i18n.ts
    const args = callArgs(src, m.index + 2);
    if (args.length === 0) continue;
    out.push({ file, line: src.slice(0, m.index).split('\n').length, first: args[0]!, args: args.slice(1) });
  }
  return out;
});

/** The string members of a union type or `as const` list that follows `anchor` in `file`, up to `end`. */
function literalsAfter(file: string, anchor: string, end = ';'): string[] {
  const src = readFileSync(path.join(ROOT, file), 'utf8');
  const at = src.indexOf(anchor);
  if (at < 0) throw new Error(`${anchor} not found in ${file}`);
  const body = src.slice(at + anchor.length, src.indexOf(end, at + anchor.length));
  return [...body.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

/** What `${...}` can be in the dynamic keys the components build, read from the types they come from. */
const DYNAMIC: Record<string, string[]> = {
  error_: literalsAfter('lib/api/failure.ts', 'export type ApiFailureKind ='),
  outcome_: literalsAfter('lib/flow/types.ts', 'export type Outcome ='),
  search_: literalsAfter('lib/flow/types.ts', 'export type SearchReason ='),
  stop_: literalsAfter('lib/flow/types.ts', "name: 'stop'; why:", ';'),
  optOut_: [...OPT_OUT_REASONS],
  method_: [...SEARCH_METHODS],
  invalid_: [...SEARCH_METHODS],
  stepUp_channel_: [...STEP_UP_CHANNELS],
  reports_stepUps_: [...STEP_UP_CHANNELS],
};

/** The keys a first argument can produce: literals, ternary branches, or a template over a known union. */
function keysOf(use: Use): { keys: string[]; problem?: string } {
  const first = use.first;
  const template = /^`([A-Za-z0-9_]*)\$\{[^`]*\}([A-Za-z0-9_]*)`$/.exec(first);
  if (template) {
    const [, prefix = '', suffix = ''] = template;
    const values = DYNAMIC[prefix];
    if (!values || suffix) return { keys: [], problem: `unknown dynamic key \`${first}\`: teach locales.test.ts what it can be` };
    return { keys: values.map((v) => prefix + v) };
  }
  const literal = /^(['"`])([^'"`$]*)\1$/.exec(first);
  if (literal) return { keys: [literal[2]!] };
  // cond ? 'a' : 'b' (the condition's own literals are not keys)
  const ternary = /\?\s*(['"`])([^'"`$]*)\1\s*:\s*(['"`])([^'"`$]*)\3$/.exec(first);
  if (ternary) return { keys: [ternary[2]!, ternary[4]!] };
  if (/['"`]/.test(first)) return { keys: [], problem: `cannot tell which keys \`${first}\` gives: teach locales.test.ts` };
  return { keys: [] }; // a variable typed MessageKey: tsc checks it
}

/** $1..$9 substitutions a message uses. */
const positional = (m: string): number[] => [...new Set([...m.matchAll(/\$(\d)/g)].map((x) => Number(x[1])))].sort();
/** Named $placeholders$ a message uses. */
const named = (m: string): string[] => [...new Set([...m.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((x) => x[1]!.toLowerCase()))].sort();

describe('locale files', () => {
  it('both languages have exactly the same keys', () => {
    const en = Object.keys(MESSAGES.en).sort();
    for (const lang of LANGS) {
      const keys = Object.keys(MESSAGES[lang]).sort();
      expect({ lang, missing: en.filter((k) => !keys.includes(k)), extra: keys.filter((k) => !en.includes(k)) }).toEqual({
        lang,
        missing: [],
        extra: [],
      });
    }
    expect(en.length).toBeGreaterThan(0);
  });

  it.each(LANGS)('%s: key names are [A-Za-z0-9_] only and unique ignoring case (as Chrome requires)', (lang) => {
    const keys = Object.keys(MESSAGES[lang]);
    expect(keys.filter((k) => !/^[A-Za-z0-9_]+$/.test(k))).toEqual([]);
    expect(keys.filter((k) => k.startsWith('@@'))).toEqual([]);
    const lower = keys.map((k) => k.toLowerCase());
    expect(lower.filter((k, i) => lower.indexOf(k) !== i)).toEqual([]);
  });

  it.each(LANGS)('%s: every entry has a non-empty message and only known fields', (lang) => {
    const bad = Object.entries(MESSAGES[lang]).filter(
      ([, v]) =>
        typeof v !== 'object' ||
        v === null ||
        typeof v.message !== 'string' ||
        v.message.trim() === '' ||
        Object.keys(v).some((f) => !['message', 'description', 'placeholders'].includes(f)) ||
        (v.description !== undefined && typeof v.description !== 'string'),
    );
    expect(bad.map(([k]) => k)).toEqual([]);
  });

  it('placeholders are used the same way in every language', () => {
    const mismatches: string[] = [];
    for (const [key, en] of Object.entries(EN)) {
      for (const lang of LANGS) {
        const other = MESSAGES[lang][key];
        if (!other) continue;
        if (JSON.stringify(positional(other.message)) !== JSON.stringify(positional(en.message))) {
          mismatches.push(`${lang}.${key}: ${JSON.stringify(positional(other.message))} vs en ${JSON.stringify(positional(en.message))}`);
        }
        if (JSON.stringify(named(other.message)) !== JSON.stringify(named(en.message))) mismatches.push(`${lang}.${key}: named placeholders differ`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it.each(LANGS)('%s: $1..$n are numbered without gaps, and named placeholders are declared', (lang) => {
    const problems: string[] = [];
    for (const [key, v] of Object.entries(MESSAGES[lang])) {
      const nums = positional(v.message);
      if (nums.some((n, i) => n !== i + 1)) problems.push(`${key}: ${JSON.stringify(nums)}`);
      const declared = Object.keys(v.placeholders ?? {}).map((p) => p.toLowerCase());
      for (const name of named(v.message)) if (!declared.includes(name)) problems.push(`${key}: $${name}$ is not declared`);
    }
    expect(problems).toEqual([]);
  });
});

describe('keys used by the code', () => {
  it('finds the t() calls in the sources (the scan itself works)', () => {
    expect(USES.length).toBeGreaterThan(20);
    const files = new Set(USES.map((u) => u.file));
    expect([...files].some((f) => f.startsWith('entrypoints/panel/components/'))).toBe(true);
    expect(USES.some((u) => u.first.startsWith('`'))).toBe(true);
  });

  it('every dynamic key is one the test knows how to expand', () => {
    const problems = USES.map((u) => keysOf(u).problem && `${u.file}:${u.line} ${keysOf(u).problem}`).filter(Boolean);
    expect(problems).toEqual([]);
  });

  it.each(LANGS)('every key used in t(...) exists in %s', (lang) => {
    const missing: string[] = [];
    for (const use of USES) {
      for (const key of keysOf(use).keys) if (!MESSAGES[lang][key]) missing.push(`${use.file}:${use.line} ${key}`);
    }
    expect(missing).toEqual([]);
  });

  it('t(...) passes exactly as many substitutions as the message has placeholders', () => {
    const problems: string[] = [];
    for (const use of USES) {
      if (use.args.some((a) => a.startsWith('...'))) continue;
      for (const key of keysOf(use).keys) {
        const msg = EN[key];
        if (!msg) continue;
        const want = positional(msg.message).length;
        if (use.args.length !== want) problems.push(`${use.file}:${use.line} t('${key}') passes ${use.args.length}, message has ${want}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(LANGS)('every label and title of the options page exists in %s', (lang) => {
    const keys = SECTIONS.flatMap((s) => [s.title, ...s.fields.flatMap((f) => [f.label, ...(f.choices ?? []).map((c) => c.label)])]);
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((k) => !MESSAGES[lang][k])).toEqual([]);
  });

  it.each(LANGS)('every __MSG_key__ of the manifest exists in %s', (lang) => {
    const config = readFileSync(path.join(ROOT, 'wxt.config.ts'), 'utf8');
    const keys = [...config.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)].map((m) => m[1]!);
    expect(keys).toContain('extName');
    expect(keys.filter((k) => !MESSAGES[lang][k])).toEqual([]);
  });

  it('the manifest name and description fit Chrome Web Store limits', () => {
    for (const lang of LANGS) {
      expect(MESSAGES[lang].extName!.message.length).toBeLessThanOrEqual(75);
      expect(MESSAGES[lang].extDescription!.message.length).toBeLessThanOrEqual(132);
    }
  });
});
