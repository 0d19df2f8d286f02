/** scripts/browser/: which browser the demo picks, and what it says when there is none. */
import { describe, expect, it } from 'vitest';
import { findBrowser, kindOf } from '../../../scripts/browser/find.ts';
import { canAutoInstall, installCommand, noBrowserMessage, type Host } from '../../../scripts/browser/install.ts';

/** A search environment where exactly `files` exist and are executable. */
function env(files: string[], vars: Record<string, string> = {}, platform: NodeJS.Platform = 'linux'): Parameters<typeof findBrowser>[0] {
  return { env: { PATH: '/usr/local/bin:/usr/bin', ...vars }, platform, isExecutable: (p) => files.includes(p) };
}

describe('findBrowser', () => {
  it('takes CHROME_PATH first, even when Chromium is on PATH', () => {
    expect(findBrowser(env(['/usr/bin/chromium', '/opt/x/google-chrome'], { CHROME_PATH: '/opt/x/google-chrome' }))).toEqual({ path: '/opt/x/google-chrome', kind: 'chrome', via: 'CHROME_PATH' });
  });

  it('refuses a CHROME_PATH that is not an executable instead of silently using another browser', () => {
    expect(() => findBrowser(env(['/usr/bin/chromium'], { CHROME_PATH: '/nowhere/chrome' }))).toThrow(/CHROME_PATH is \/nowhere\/chrome, which is not an executable/);
  });

  it('prefers Chromium, then Google Chrome, then Microsoft Edge', () => {
    const all = ['/usr/bin/microsoft-edge', '/opt/google/chrome/chrome', '/usr/bin/chromium'];
    expect(findBrowser(env(all))?.path).toBe('/usr/bin/chromium');
    expect(findBrowser(env(all.slice(0, 2)))).toEqual({ path: '/opt/google/chrome/chrome', kind: 'chrome', via: 'fixed' });
    expect(findBrowser(env(all.slice(0, 1)))).toEqual({ path: '/usr/bin/microsoft-edge', kind: 'edge', via: 'PATH' });
  });

  it('searches PATH in order and knows the macOS and Windows install folders', () => {
    expect(findBrowser(env(['/usr/bin/chromium', '/usr/local/bin/chromium']))?.path).toBe('/usr/local/bin/chromium');
    expect(findBrowser(env(['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'], { PATH: '' }, 'darwin'))?.kind).toBe('chrome');
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(findBrowser(env([edge], { PATH: 'C:\\Windows', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' }, 'win32'))).toEqual({ path: edge, kind: 'edge', via: 'fixed' });
  });

  it('returns null when nothing is installed', () => {
    expect(findBrowser(env([]))).toBeNull();
  });

  it('names the kind of an explicit path', () => {
    expect([kindOf('/usr/bin/chromium'), kindOf('/opt/google/chrome/chrome'), kindOf('C:\\x\\msedge.exe')]).toEqual(['chromium', 'chrome', 'edge']);
  });
});

describe('no browser', () => {
  const debian: Host = { platform: 'linux', osIds: ['debian'], isRoot: true };
  it('installs by itself only on Debian as root', () => {
    expect(canAutoInstall(debian)).toBe(true);
    expect(canAutoInstall({ ...debian, isRoot: false })).toBe(false);
    expect(canAutoInstall({ ...debian, osIds: ['ubuntu', 'debian'] })).toBe(false);
  });

  it('gives one command per platform, with sudo when not root', () => {
    expect(installCommand(debian)).toBe('apt-get install chromium');
    expect(installCommand({ ...debian, isRoot: false })).toBe('sudo apt-get install chromium');
    expect(installCommand({ platform: 'linux', osIds: ['ubuntu', 'debian'], isRoot: false })).toBe('sudo snap install chromium');
    expect(installCommand({ platform: 'linux', osIds: ['fedora'], isRoot: false })).toBe('sudo dnf install chromium');
    expect(installCommand({ platform: 'darwin', osIds: [], isRoot: false })).toBe('brew install --cask chromium');
    expect(noBrowserMessage({ ...debian, isRoot: false })).toContain('Install one:  sudo apt-get install chromium');
  });
});
