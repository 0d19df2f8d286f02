/**
 * Real Chromium machine policy for e2e tests: render a policy with the admin CLI (`chrome-linux`,
 * `--no-force-install`: a force-install entry would make Chromium fetch the extension from its update URL
 * and fight the unpacked copy under test), install it in /etc/chromium/policies/managed/, and remove it
 * after every test and at the end, whatever happens: the file affects every Chromium on the machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { test as base } from './fixtures.ts';
import { launchWithExtension } from './chromium.ts';
import { policyDirWritable } from '../policy-dir.ts';

const POLICY_DIR = '/etc/chromium/policies/managed';
const CLI = resolve(import.meta.dirname, '../../scripts/policy.ts');

/** A test with a `launch` fixture (the policy must be installed before the browser starts). */
export const policyTest = base.extend<{ launch: () => Promise<{ context: BrowserContext; extensionId: string }> }>({
  launch: async ({ crm }, use) => {
    const opened: BrowserContext[] = [];
    await use(async () => {
      const { context, extensionId } = await launchWithExtension({ extraArgs: crm.chromiumArgs });
      opened.push(context);
      return { context, extensionId };
    });
    for (const c of opened) await c.close();
  },
});

/** Policy file `name` for this spec: serial tests, cleanup hooks registered; returns install/remove. */
export function useManagedPolicyFile(name: string): {
  render: (policy: Record<string, unknown>) => Record<string, unknown>;
  install: (file: object) => void;
  remove: () => void;
} {
  const file = join(POLICY_DIR, name);
  const tmp = mkdtempSync(join(tmpdir(), 'cv-policy-e2e-'));
  const remove = (): void => rmSync(file, { force: true });
  policyTest.describe.configure({ mode: 'serial' });
  policyTest.beforeAll(() => {
    // Dated reason (2026-11-23): machine policy needs root; CI runs as root, so there it always runs.
    policyTest.skip(!policyDirWritable(POLICY_DIR), `no write access to ${POLICY_DIR} (run as root to test real managed policy)`);
    remove();
  });
  policyTest.afterEach(remove);
  policyTest.afterAll(() => {
    remove();
    rmSync(tmp, { recursive: true, force: true });
  });
  return {
    render: (policy) => {
      const input = join(tmp, 'policy.json');
      writeFileSync(input, JSON.stringify(policy));
      const r = spawnSync(process.execPath, [CLI, 'render', input, '--target', 'chrome-linux', '--no-force-install'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`render failed: ${r.stderr}`);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    },
    install: (content) => {
      mkdirSync(POLICY_DIR, { recursive: true });
      writeFileSync(file, JSON.stringify(content));
    },
    remove,
  };
}
