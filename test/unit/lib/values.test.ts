// Shared domain values are defined once (lib/values.ts): no other extension source spells them out again.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_ID_PATTERN, INTERACTION_ID_PATTERN, isObject } from '../../../lib/values.ts';

const ROOT = join(import.meta.dirname, '../../..');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
/** Code only: comments may quote the values. */
const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
const SOURCES = ['lib', 'platform', 'entrypoints'].flatMap((d) => files(join(ROOT, d))).map((p) => [relative(ROOT, p), withoutComments(readFileSync(p, 'utf8'))] as const);

/**
 * Copies still outside this change (2026-12-06): the API contract is being rewritten beside it (another
 * change in flight) and takes the shared values when that lands.
 */
const NOT_YET = ['lib/api/contract.ts'];

/** Files (other than lib/values.ts) whose code contains `needle`. */
const spelledIn = (needle: string): string[] =>
  SOURCES.filter(([path, text]) => path !== 'lib/values.ts' && !NOT_YET.includes(path) && text.includes(needle)).map(([path]) => path);

describe('shared values', () => {
  it('the opt-out reasons, search methods, id characters and the object guard are spelled out once', () => {
    expect(spelledIn("'caller_declined'")).toEqual([]);
    expect(spelledIn("'customerId', 'accountNumber', 'phone', 'lastName'")).toEqual([]);
    expect(spelledIn('A-Za-z0-9._:-')).toEqual([]);
    expect(spelledIn("typeof v === 'object' && v !== null && !Array.isArray(v)")).toEqual([]);
  });

  it('the id patterns take what the protocol takes and nothing else', () => {
    expect(['a', 'conv:1234-abcd_EF.9', 'x'.repeat(128), '.a'].every((id) => INTERACTION_ID_PATTERN.test(id))).toBe(true);
    expect(['', '.', '...', 'x'.repeat(129), 'a b', 'a/b'].some((id) => INTERACTION_ID_PATTERN.test(id))).toBe(false);
    expect(CUSTOMER_ID_PATTERN.test('x'.repeat(64))).toBe(true);
    expect(CUSTOMER_ID_PATTERN.test('x'.repeat(65))).toBe(false);
  });

  it('isObject accepts plain objects only', () => {
    expect([{}, { a: 1 }, Object.create(null)].every(isObject)).toBe(true);
    expect([null, undefined, [], 'x', 1].some(isObject)).toBe(false);
  });
});
