/**
 * WAL checkpoints of a SQLite file off the event loop. SQLite checkpoints automatically inside the commit that
 * takes the WAL past 1,000 pages: that commit then copies the pages into the database file and fsyncs it, on
 * the request thread (20 to 160 ms each on the loaded bench machine, every few seconds under identify load: a
 * stall for every request in flight, i.e. the p99). A worker thread with its own connection runs a PASSIVE
 * checkpoint every CHECKPOINT_MS instead (it never blocks readers or writers), so the WAL stays far below that
 * threshold. The automatic checkpoint stays as the safety net: if the worker fails, nothing else changes.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints (ms). */
const CHECKPOINT_MS = 250;

/** How long close() waits for the worker to close its connection before terminating it (ms). */
const STOP_MS = 2000;

// CommonJS source evaluated in the worker (no TypeScript loader needed there); better-sqlite3 by resolved path.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} // busy or failing: the automatic checkpoint still runs
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** A running checkpointer; stop() ends it (and its connection). */
export interface Checkpointer {
  stop(): Promise<void>;
}

/** Start checkpointing the WAL of `file` (an existing SQLite file in WAL mode) every `everyMs`. */
export function startCheckpointer(file: string, everyMs = CHECKPOINT_MS): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(SOURCE, { eval: true, workerData: { file, driver, everyMs } });
  worker.unref(); // never what keeps the process alive
  worker.on('error', () => undefined); // a failed checkpointer leaves SQLite's own checkpoints in charge
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  return {
    stop(): Promise<void> {
      stopping ??= (async () => {
        worker.postMessage('stop');
        const timer = setTimeout(() => void worker.terminate(), STOP_MS);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
