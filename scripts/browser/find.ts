/**
 * Which browser runs the demo: CHROME_PATH, else Chromium, Google Chrome, Microsoft Edge in their usual
 * places (PATH names first, then fixed install folders). All of them load the unpacked build over the
 * DevTools protocol (launch.ts), so branded Chrome 137+ works although it ignores --load-extension.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type BrowserKind = 'chromium' | 'chrome' | 'edge';

export interface FoundBrowser {
  path: string;
  kind: BrowserKind;
  /** Where it was found: CHROME_PATH, PATH or a fixed folder. */
  via: 'CHROME_PATH' | 'PATH' | 'fixed';
}

export interface SearchEnv {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** True for an existing executable file. */
  isExecutable: (path: string) => boolean;
}

/** Program names looked up on PATH, in order of preference. */
const PATH_NAMES: Record<BrowserKind, string[]> = {
  chromium: ['chromium', 'chromium-browser'],
  chrome: ['google-chrome-stable', 'google-chrome'],
  edge: ['microsoft-edge-stable', 'microsoft-edge'],
};

/** Fixed install locations per platform (Windows ones use the environment's folders). */
function fixedPaths(kind: BrowserKind, platform: NodeJS.Platform, env: SearchEnv['env']): string[] {
  if (platform === 'darwin') {
    const app = { chromium: 'Chromium', chrome: 'Google Chrome', edge: 'Microsoft Edge' }[kind];
    const inApps = (root: string): string => `${root}/Applications/${app}.app/Contents/MacOS/${app}`;
    return [inApps(''), ...(env.HOME ? [inApps(env.HOME)] : [])];
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((r): r is string => !!r);
    const rel = { chromium: 'Chromium\\Application\\chrome.exe', chrome: 'Google\\Chrome\\Application\\chrome.exe', edge: 'Microsoft\\Edge\\Application\\msedge.exe' }[kind];
    return roots.map((r) => `${r}\\${rel}`);
  }
  return { chromium: ['/snap/bin/chromium'], chrome: ['/opt/google/chrome/chrome'], edge: ['/opt/microsoft/msedge/msedge'] }[kind];
}

/** Kind of an explicitly given browser, from its file name (Chromium when unknown). */
export function kindOf(path: string): BrowserKind {
  const name = path.toLowerCase();
  if (name.includes('edge')) return 'edge';
  if (name.includes('google') || /[\\/]chrome(\.exe)?$/.test(name)) return 'chrome';
  return 'chromium';
}

/**
 * The browser to use, or null when there is none. Throws when CHROME_PATH is set but is not an
 * executable: an explicit choice that does not work should be fixed, not silently replaced.
 */
export function findBrowser(s: SearchEnv): FoundBrowser | null {
  const explicit = s.env.CHROME_PATH;
  if (explicit) {
    if (!s.isExecutable(explicit)) throw new Error(`CHROME_PATH is ${explicit}, which is not an executable file. Point it at Chromium, Chrome or Edge, or unset it to search the usual places.`);
    return { path: explicit, kind: kindOf(explicit), via: 'CHROME_PATH' };
  }
  const dirs = (s.env.PATH ?? '').split(s.platform === 'win32' ? ';' : delimiter).filter(Boolean);
  const exe = s.platform === 'win32' ? '.exe' : '';
  for (const kind of ['chromium', 'chrome', 'edge'] as const) {
    for (const name of PATH_NAMES[kind]) {
      for (const dir of dirs) {
        const path = join(dir, name + exe);
        if (s.isExecutable(path)) return { path, kind, via: 'PATH' };
      }
    }
    const fixed = fixedPaths(kind, s.platform, s.env).find((p) => s.isExecutable(p));
    if (fixed) return { path: fixed, kind, via: 'fixed' };
  }
  return null;
}

/** This process's environment, for findBrowser. */
export function processSearchEnv(): SearchEnv {
  return {
    env: process.env,
    platform: process.platform,
    isExecutable: (path) => {
      try {
        if (!statSync(path).isFile()) return false;
        accessSync(path, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
  };
}
