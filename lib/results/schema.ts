/**
 * The shape of the results database: the record rows with their delivery state, and the rollup rows that
 * count them. Both the store and the rollup code read it, so it sits below both.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import type { ApiFailure } from '../api/failure';
import type { ResultRecord } from './record';
import type { RollupRow } from './rollup';

export type SyncStateName = 'pending' | 'synced' | 'rejected';

export interface SyncMeta {
  state: SyncStateName;
  /** Failed attempts since the record was last saved. */
  attempts: number;
  /** Epoch ms when a pending record is due (next) to be sent. */
  nextAttemptAt: number;
  /** Bumped whenever the record is replaced; outbox updates name the revision they sent. */
  revision: number;
  savedAt: number;
  syncedAt?: number;
  lastError?: ApiFailure;
  /** The server answered 409 (it holds a different record for this interaction); see outbox.ts. */
  conflict?: boolean;
}

export interface StoredResult {
  interactionId: string;
  /** `record.endedAt` as epoch ms (ISO strings with offsets do not sort). */
  endedAtMs: number;
  record: ResultRecord;
  sync: SyncMeta;
}

export interface ResultsSchema extends DBSchema {
  results: { key: string; value: StoredResult; indexes: { endedAt: number; sync: [string, number] } };
  rollups: { key: string; value: RollupRow };
}

export type ResultsDb = IDBPDatabase<ResultsSchema>;
