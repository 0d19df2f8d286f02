/**
 * The read behind the sections built from the newest stored results (guards, security events): it waits
 * until the history finished loading, so the KPI and chart timings do not pay for it, reads again on
 * Refresh, and drops a read that finishes after a newer one started or after the section went away.
 */
import { useEffect, useState } from 'preact/hooks';
import { listResults, openResultsDb } from '@/lib/results/store';
import type { StoredResult } from '@/lib/results/schema';

/** How many of the newest calls these sections read. */
export const READ_LIMIT = 5000;

/** A report built from the newest stored results: null until read, `empty` when the store cannot be read. */
export function useStoredReport<R>(ready: boolean, generation: number, build: (results: StoredResult[]) => R, empty: R): R | null {
  const [report, setReport] = useState<R | null>(null);
  // `build` and `empty` are fixed per section: `ready` and the Refresh count are what call for a new read.
  useEffect(() => {
    if (!ready) return;
    let alive = true;
    void openResultsDb().then(async (db) => {
      try {
        const r = build(await listResults(db, { limit: READ_LIMIT }));
        if (alive) setReport(r);
      } finally {
        db.close();
      }
    }).catch(() => alive && setReport(empty));
    return () => void (alive = false);
  }, [ready, generation]);
  return report;
}
