/** Agent-judged mode (Salesforce parity): expected values shown, the agent marks ✓/✗ with Y/N keys. */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, panelFrame, callUrl } from './fixtures.ts';
import { startApi } from './api-process.ts';
import { leakedSecrets } from '../secrets.ts';

test('Y/N marks verify the caller; the expected values never reach storage', async ({ context, extensionId, worker }) => {
  const dir = mkdtempSync(join(tmpdir(), 'cv-judged-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ verification: { allowAgentJudged: true } }));
  const api = await startApi(['--config', config]);
  try {
    await worker.evaluate((apiBaseUrl) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({
      options: { apiBaseUrl, verification: { mode: 'agent-judged' } },
    }), api.url);
    const page = await context.newPage();
    await page.goto(callUrl('+1 (415) 555-0100'));
    const panel = await panelFrame(page, extensionId);
    await expect(panel.locator('.expected').first()).toHaveText('1985-12-10');
    const first = panel.getByRole('button', { name: /Correct/ }).first();
    await expect(first).toBeFocused();
    await page.keyboard.press('y'); // date of birth: correct, focus moves on
    await page.keyboard.press('y'); // postcode: correct
    await page.keyboard.press('n'); // PIN: wrong (one additional is enough)
    await expect(panel.getByRole('button', { name: /Wrong/ }).last()).toHaveAttribute('aria-pressed', 'true');
    await panel.getByRole('button', { name: 'Submit' }).click();
    await expect(panel.locator('[data-outcome]')).toHaveText('Verified');
    const session = JSON.stringify(await worker.evaluate(() => (globalThis as unknown as { chrome: { storage: { session: { get(k: null): Promise<unknown> } } } }).chrome.storage.session.get(null)));
    expect(leakedSecrets(session, ['1985-12-10', '94107'])).toEqual([]);
  } finally {
    await api.stop();
  }
});
