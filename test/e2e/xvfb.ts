/** A virtual X display for headful Chromium, where a test must press real keys (browser UI, commands) with xdotool. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect } from '@playwright/test';

export interface Xvfb {
  display: string;
  /** Run xdotool on this display; true when it succeeded. */
  xdotool(...args: string[]): boolean;
  stop(): void;
}

/** Start Xvfb on a free display; null when Xvfb or xdotool is not installed. */
export async function startXvfb(): Promise<Xvfb | null> {
  const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
  if (!has('Xvfb') || !has('xdotool')) return null;
  let n = 500 + Math.floor(Math.random() * 100);
  while (existsSync(`/tmp/.X11-unix/X${n}`)) n++;
  const proc: ChildProcess = spawn('Xvfb', [`:${n}`, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await expect.poll(() => existsSync(`/tmp/.X11-unix/X${n}`), { timeout: 10_000 }).toBe(true);
  const display = `:${n}`;
  return {
    display,
    xdotool: (...args) => spawnSync('xdotool', args, { env: { ...process.env, DISPLAY: display } }).status === 0,
    stop: () => void proc.kill(),
  };
}
