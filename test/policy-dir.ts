/**
 * Machine-wide managed policy (Chromium's and Firefox's policy folders) needs root. The real-policy specs in
 * both browsers ask this first and skip with a dated reason where they may not write; CI runs as root.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';

/** Create `dir` if needed and say whether this process may write policy files into it. */
export function policyDirWritable(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
