import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
    allowOnly: false,
    setupFiles: ['test/unit/setup-fast-check.ts', 'test/unit/setup-worker-memory.ts'],
    restoreMocks: true,
    // CI also writes a JSON report for scripts/test-summary.ts.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/unit.json' },
  },
});
