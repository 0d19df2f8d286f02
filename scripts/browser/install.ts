/**
 * No browser found: say the one command that installs one, and on Debian as root run it (asking first on
 * a terminal). CV_NO_BROWSER_INSTALL=1 turns the install off (tests, machines where apt must not run).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';

export interface Host {
  platform: NodeJS.Platform;
  /** /etc/os-release ID and ID_LIKE, lower case ('' elsewhere). */
  osIds: string[];
  isRoot: boolean;
}

/** The host this process runs on. */
export function currentHost(): Host {
  let osIds: string[] = [];
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    osIds = [...text.matchAll(/^(?:ID|ID_LIKE)="?([^"\n]*)"?$/gm)].flatMap((m) => (m[1] ?? '').toLowerCase().split(/\s+/)).filter(Boolean);
  } catch {
    // Not Linux, or a minimal system without os-release: the generic advice below applies.
  }
  return { platform: process.platform, osIds, isRoot: process.getuid?.() === 0 };
}

/** True where this script may install Chromium itself: Debian proper (Ubuntu's chromium is a snap), as root. */
export function canAutoInstall(h: Host): boolean {
  return h.platform === 'linux' && h.isRoot && h.osIds[0] === 'debian';
}

/** The one command that gets a usable browser on this host. */
export function installCommand(h: Host): string {
  if (h.platform === 'darwin') return 'brew install --cask chromium';
  if (h.platform === 'win32') return 'winget install Google.Chrome';
  const sudo = h.isRoot ? '' : 'sudo ';
  if (h.osIds.includes('ubuntu')) return `${sudo}snap install chromium`;
  if (h.osIds.includes('debian')) return `${sudo}apt-get install chromium`;
  if (h.osIds.some((id) => ['fedora', 'rhel', 'centos'].includes(id))) return `${sudo}dnf install chromium`;
  if (h.osIds.includes('arch')) return `${sudo}pacman -S chromium`;
  return 'install Chromium, Google Chrome or Microsoft Edge with your package manager';
}

/** The message printed when there is no browser and none was installed. */
export function noBrowserMessage(h: Host): string {
  return [
    'No browser found for the demo (looked for CHROME_PATH, Chromium, Google Chrome, Microsoft Edge).',
    `Install one:  ${installCommand(h)}`,
    'or point CHROME_PATH at an installed Chromium, Chrome or Edge, then run `npm start` again.',
  ].join('\n');
}

/** On Debian as root: install chromium with apt-get (asking first on a terminal). True when it ran and succeeded. */
export async function offerInstall(h: Host, log: (line: string) => void): Promise<boolean> {
  if (!canAutoInstall(h) || process.env.CV_NO_BROWSER_INSTALL) return false;
  if (process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question('No browser found. Install Debian\'s chromium now (apt-get install chromium)? [Y/n] ');
    rl.close();
    if (/^n/i.test(answer.trim())) return false;
  } else {
    log('No browser found: installing Debian\'s chromium (apt-get install chromium; set CV_NO_BROWSER_INSTALL=1 to prevent this).');
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env }) : update;
  return install.status === 0;
}
