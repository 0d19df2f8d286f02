// The storage registry: every key listed once, no key literal or storage call outside the registry, and the
// stored format unchanged (no WXT meta keys), so e2e tests and older workers read the same data.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { interactionsStore, optionsItem, readOptions, readSelectorHealth, refusalCounters, selectorHealthItem, STORAGE } from '../../../platform/storage.ts';
import type { Interaction } from '../../../lib/interaction.ts';

const ROOT = join(import.meta.dirname, '../../..');
const SOURCE_DIRS = ['lib', 'platform', 'entrypoints', 'components'];
const REGISTRY = 'platform/storage.ts';

/** Code only: comments may name keys and areas. */
const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

/** Every source file of the extension (path → code without comments). */
function sources(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    let names: string[];
    try { names = readdirSync(dir); } catch { return; } // components/ may be gone
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) out.set(relative(ROOT, path), withoutComments(readFileSync(path, 'utf8')));
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(ROOT, dir));
  return out;
}

/** Files where the word is a quoted literal with another meaning: 'options' is also the value-source label (policy | options | default). */
const OTHER_MEANING: Record<string, string[]> = {
  options: ['lib/policy/resolve.ts', 'entrypoints/options/components/OptionsField.tsx', 'entrypoints/options/components/OptionsApp.tsx'],
};

describe('storage registry', () => {
  it('lists every stored key, area and version', () => {
    const listed = Object.values(STORAGE).map((e) => `${e.area}:${e.key}${e.kind === 'family' ? '<id>' : ''} v${e.version}`);
    expect(listed).toEqual([
      'local:options v1', 'local:selectorHealth v1', 'local:fieldTrial v1', 'session:policy:managed v1', 'session:ix:<id> v1',
      'session:stats:refused:<id> v1', 'session:panel:<id> v1', 'session:genesys:<id> v1', 'session:auth:tokens v1', 'session:auth:pending v1', 'session:auth:silent v1', 'managed: v1',
    ]);
  });

  it('each key literal appears in exactly one source file (the registry, or lib/auth and lib/genesys for the token keys)', () => {
    const files = sources();
    for (const { key, kind } of Object.values(STORAGE)) {
      if (kind === 'whole-area') continue;
      const literal = new RegExp(`['"\`]${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"\`$]`);
      const found = [...files].filter(([path, text]) => literal.test(text) && !(OTHER_MEANING[key] ?? []).includes(path)).map(([path]) => path);
      expect(found, key).toEqual([key.startsWith('auth:') ? 'lib/auth/keys.ts' : key.startsWith('genesys:') ? 'lib/genesys/keys.ts' : REGISTRY]);
    }
  });

  it('the files where a key word means something else never touch storage', () => {
    const files = sources();
    for (const path of Object.values(OTHER_MEANING).flat()) expect(files.get(path), path).not.toMatch(/storage\.(local|session|managed|sync|onChanged)|wxt\/utils\/storage/);
  });

  it('no source file outside the registry calls a storage area or defines a storage item', () => {
    const offenders = [...sources()]
      .filter(([path, text]) => path !== REGISTRY && /\bstorage\.(local|session|managed|sync|onChanged)\b|storage\.defineItem|wxt\/utils\/storage/.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});

describe('stored format', () => {
  beforeEach(() => fakeBrowser.reset());

  it('items store the bare value under the bare key, with no meta key', async () => {
    await optionsItem.setValue({ defaultRegion: 'GB' });
    await selectorHealthItem.setValue([{ adapterId: 'a', host: 'h', reason: 'no-ani', at: 1 }]);
    expect(await browser.storage.local.get(null)).toEqual({ options: { defaultRegion: 'GB' }, selectorHealth: [{ adapterId: 'a', host: 'h', reason: 'no-ani', at: 1 }] });
  });

  it('readers accept only the shapes they can use', async () => {
    await browser.storage.local.set({ options: ['not', 'an', 'object'], selectorHealth: [{ adapterId: 'a', host: 'h', at: 2 }, 'junk'] });
    expect(await readOptions()).toEqual({});
    expect(await readSelectorHealth()).toEqual([{ adapterId: 'a', host: 'h', at: 2 }]);
  });

  it('refusals that arrive at once are all counted (the leaked-panel e2e once counted 2 as 1)', async () => {
    await Promise.all(Array.from({ length: 20 }, () => refusalCounters.increment('unregistered-panel')));
    expect(await refusalCounters.read()).toMatchObject({ 'unregistered-panel': 20 });
  });

  it('families keep one key per id in storage.session', async () => {
    const ix = { id: 'call-1', tabId: 3 } as Interaction;
    await interactionsStore.set(ix.id, ix);
    await refusalCounters.increment('malformed');
    await refusalCounters.increment('malformed');
    expect(await browser.storage.session.get(null)).toEqual({ 'ix:call-1': ix, 'stats:refused:malformed': 2 });
    expect(await interactionsStore.all()).toEqual([ix]);
    expect(await refusalCounters.read()).toEqual({ malformed: 2 });
    await interactionsStore.remove([ix.id]);
    expect(await interactionsStore.get(ix.id)).toBeUndefined();
  });
});
