/** The built Firefox manifest: an MV2 event page, and no `storage.managed_schema` (Firefox warns on it). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { FIREFOX_EXTENSION_DIR } from './firefox.ts';

const manifest = (dir: string): Record<string, unknown> => JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;

test('Firefox manifest: event page (persistent: false), no managed_schema', () => {
  const m = manifest(FIREFOX_EXTENSION_DIR);
  expect(m.manifest_version).toBe(2);
  expect(m.background).toMatchObject({ persistent: false });
  expect(m).not.toHaveProperty('storage');
});
