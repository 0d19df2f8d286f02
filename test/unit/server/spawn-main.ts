/**
 * The API as production starts it (`node server/main.ts`, configured by flags or CV_API_* variables), as a
 * child process whose output the test reads. Call `killMains()` after each test: a failed assertion must
 * not leave a server holding a port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const MAIN = path.resolve(import.meta.dirname, '../../../server/main.ts');
const children: ChildProcess[] = [];

export interface MainRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Start `node server/main.ts ...args` in `cwd` with no API tokens unless `env` gives some. */
export function spawnMain(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): MainRun {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CV_API_TOKENS: '', ...env } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** SIGKILL every server this file started that is still running. */
export function killMains(): void {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
