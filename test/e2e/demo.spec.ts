/**
 * `npm start -- --headless` end to end: the demo finds Debian Chromium, loads the unpacked build over the
 * DevTools protocol (the path branded Chrome 137+ needs) and prints the identified caller; without a browser
 * it prints the install command and exits 1, without a stack trace.
 */
import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findBrowser, processSearchEnv } from '../../scripts/browser/find.ts';
import { currentHost, installCommand } from '../../scripts/browser/install.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DEMO = resolve(ROOT, 'scripts/demo.ts');

/** Run the demo with `env` (merged over a copy of ours); resolves with its exit code and output. */
function demo(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [DEMO, ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 90_000 }, (error, out, err) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err });
    });
  });
}

test.describe.configure({ mode: 'serial' });

test('headless demo: Chromium found, extension loaded over CDP, caller identified', async () => {
  test.setTimeout(120_000);
  const shot = resolve(ROOT, '.output/demo-screenshot.png');
  const before = existsSync(shot) ? statSync(shot).mtimeMs : 0;
  const r = await demo(['--headless'], { CHROME_PATH: undefined });
  expect(r.code, r.err).toBe(0);
  expect(r.out).toMatch(/Browser: \S*chromium \(chromium, from PATH\)/);
  expect(r.out).toMatch(/Panel after \d+ ms: Identified .*Ada Lovelace.*\| \+1 415 555 0100/);
  expect(statSync(shot).mtimeMs).toBeGreaterThan(before);
});

test('no browser: the install command, exit 1, no stack trace', async () => {
  const emptyPath = mkdtempSync(join(tmpdir(), 'cv-no-browser-'));
  try {
    const env = { PATH: emptyPath, CHROME_PATH: undefined, CV_NO_BROWSER_INSTALL: '1' };
    // Precondition: nothing in the fixed install folders either, or this machine cannot show the case.
    expect(findBrowser({ ...processSearchEnv(), env: { ...process.env, ...env } })).toBeNull();
    const r = await demo(['--headless'], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`Install one:  ${installCommand(currentHost())}`);
    expect(r.err).toContain('CHROME_PATH');
    expect(r.err + r.out).not.toMatch(/\n\s+at /);
    expect(r.out).not.toContain('Building the extension');
  } finally {
    rmSync(emptyPath, { recursive: true, force: true });
  }
});

test('CHROME_PATH pointing nowhere is reported as such, exit 1, no stack trace', async () => {
  const r = await demo(['--headless'], { CHROME_PATH: '/nonexistent/chrome', CV_NO_BROWSER_INSTALL: '1' });
  expect(r.code).toBe(1);
  expect(r.err).toContain('CHROME_PATH is /nonexistent/chrome, which is not an executable file');
  expect(r.err + r.out).not.toMatch(/\n\s+at /);
});
