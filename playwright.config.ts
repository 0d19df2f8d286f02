import { defineConfig } from '@playwright/test';

// E2E tests load the built extension (.output/chrome-mv3) into Debian Chromium; `npm test` builds first.
export default defineConfig({
  testDir: 'test/e2e',
  forbidOnly: true,
  // CI: one retry; a test that needed it is listed as "flaky" in the list and the JSON report. Dated reason
  // (2026-12-06): on the 2-core CI machine two panel specs (a leaked-URL copy refused; on-engage spam) each
  // failed once in a full run and passed alone right after; until they are found, a flake must not block a
  // landing. A test that fails twice still fails the run.
  retries: process.env.CI ? 1 : 0,
  // Two cores: one browser at a time keeps timings honest; managed-policy tests must be serial anyway.
  workers: 1,
  timeout: 45_000,
  expect: { timeout: 8_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e.json' }]] : 'list',
  outputDir: 'test-results/e2e',
});
