/**
 * The Reports page's dedicated worker (started by main.tsx through Vite's `?worker` import): reads
 * the results store and serves the history table off the page's main thread (lib/reports/history-service.ts).
 */
import { serveHistory, type HistoryPort } from '@/lib/reports/history-service';

// The project's TypeScript lib is the DOM one, which types `self` as a Window; here it is a
// DedicatedWorkerGlobalScope, whose postMessage takes a transfer list.
serveHistory(self as unknown as HistoryPort);
