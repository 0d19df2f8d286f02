/**
 * "No answer text anywhere": dump every object store of a database and report which rows contain any of
 * the given strings. Used by unit tests, and meant for the e2e tests (run it in an extension page with
 * the answers the test typed).
 */
import type { IDBPDatabase } from 'idb';

export interface StringHit {
  store: string;
  key: unknown;
  needle: string;
}

const squash = (s: string): string => s.toLowerCase().replace(/[\s./-]+/g, '');

/**
 * Every (store, row, needle) where the row's JSON contains the needle, case-insensitively, either as
 * written or with spaces, dots, slashes and dashes removed on both sides ("4111 1111" finds "41111111").
 */
export async function scanForStrings<S>(typedDb: IDBPDatabase<S>, needles: readonly string[]): Promise<StringHit[]> {
  const db = typedDb as unknown as IDBPDatabase; // any schema: every store is read as unknown rows
  const hits: StringHit[] = [];
  for (const store of Array.from(db.objectStoreNames)) {
    const tx = db.transaction(store, 'readonly');
    const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
    values.forEach((value, i) => {
      const text = JSON.stringify(value).toLowerCase();
      const flat = squash(text);
      for (const needle of needles) {
        const n = needle.toLowerCase();
        const sq = squash(needle);
        if ((n && text.includes(n)) || (sq.length >= 3 && flat.includes(sq))) hits.push({ store, key: keys[i], needle });
      }
    });
  }
  return hits;
}
