import { defineConfig } from '@playwright/test';

// Firefox e2e: Playwright Test runs these specs, which drive Debian Firefox ESR themselves through
// puppeteer-core over WebDriver BiDi (Playwright's own Firefox is a patched build it would download).
// One runner and one report format for both browsers. Needs `npx wxt build -b firefox` first.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  forbidOnly: true,
  retries: 0,
  // Two cores, and the managed-policy spec writes a machine-wide policies.json: one browser at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: '../../test-results/firefox.json' }]] : 'list',
  outputDir: '../../test-results/firefox',
});
