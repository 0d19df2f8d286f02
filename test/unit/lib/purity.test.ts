// lib/ is pure domain code: the lint rule scoped to lib/ refuses browser APIs, DOM globals and imports from
// the layers above, and today's lib/ has none of them (the acceptance grep of the architecture step).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');

/** Rule ids ESLint reports for `code` as if it were a file in lib/. */
async function ruleIdsFor(code: string): Promise<string[]> {
  const [result] = await new ESLint({ cwd: ROOT }).lintText(code, { filePath: join(ROOT, 'lib/probe.ts') });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lib/ stays pure', () => {
  it.each([
    ["import { browser } from 'wxt/browser';\nexport const id = browser.runtime.id;\n", 'no-restricted-imports'],
    ["import { storage } from 'wxt/utils/storage';\nexport const s = storage;\n", 'no-restricted-imports'],
    ["import browser from 'webextension-polyfill';\nexport const b = browser;\n", 'no-restricted-imports'],
    ["import { t } from '../platform/i18n';\nexport const s = t('extName');\n", 'no-restricted-imports'],
    ["import { t } from '@/platform/i18n';\nexport const s = t('extName');\n", 'no-restricted-imports'],
    ["import { handleMessage } from '../entrypoints/background/handlers';\nexport const h = handleMessage;\n", 'no-restricted-imports'],
    ['export const id = chrome.runtime.id;\n', 'no-restricted-globals'],
    ['export const title = () => document.title;\n', 'no-restricted-globals'],
    ['export const here = () => location.href;\n', 'no-restricted-globals'],
    ['export const w = () => window.innerWidth;\n', 'no-restricted-globals'],
    ['export const b = () => globalThis.browser;\n', 'no-restricted-properties'],
  ])('refuses %j', async (code, rule) => {
    expect(await ruleIdsFor(code)).toContain(rule);
  }, 30_000);

  it('accepts what lib/ does: values passed in', async () => {
    expect(await ruleIdsFor('export const title = (doc: Document): string => doc.title;\n')).toEqual([]);
  }, 30_000);

  it('no lib/ file uses wxt/browser or a chrome, browser, document, window or location global (comments aside)', () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : /\.tsx?$/.test(n) ? [join(dir, n)] : []));
    const found = files(join(ROOT, 'lib')).flatMap((path) =>
      readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').split('\n')
        .filter((line) => /wxt\/browser|\b(chrome|browser)\.|\b(document|window|location)\./.test(line.replace(/\/\/.*$/, '')))
        .map((line) => `${relative(ROOT, path)}: ${line.trim()}`));
    expect(found).toEqual([]);
  });
});
