import { defineConfig } from '@playwright/test';

// E2E tests load the built extension (.output/chrome-mv3) into Debian Chromium; `npm test` builds first.
export default defineConfig({
  testDir: 'test/e2e',
  forbidOnly: true,
  retries: 0,
  // Two cores: one browser at a time keeps timings honest; managed-policy tests must be serial anyway.
  workers: 1,
  timeout: 45_000,
  expect: { timeout: 8_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e.json' }]] : 'list',
  outputDir: 'test-results/e2e',
});
