/** Prints one closing line for CI from the unit, Chromium e2e and Firefox e2e JSON reports: "Tests: N passed, N failed". */
import { existsSync, readFileSync } from 'node:fs';

interface Counts { passed: number; failed: number; skipped: number }

function vitestCounts(file: string): Counts {
  const r = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightCounts(file: string): Counts {
  const r = JSON.parse(readFileSync(file, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
}

const parts: [string, (f: string) => Counts][] = [
  ['test-results/unit.json', vitestCounts],
  ['test-results/e2e.json', playwrightCounts],
  ['test-results/firefox.json', playwrightCounts],
];
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
for (const [file, read] of parts) {
  if (!existsSync(file)) {
    console.error(`test-summary: ${file} is missing (did that suite run?)`);
    process.exit(1);
  }
  const c = read(file);
  console.log(`${file}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
}
console.log(`Tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
if (total.failed > 0 || total.passed === 0) process.exit(1);
