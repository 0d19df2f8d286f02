/**
 * Seeding customers from a JSON file (format: README.md in this folder). The file is validated with
 * zod, phones are normalised to E.164, and customers are upserted, so re-seeding is idempotent.
 */
import fs from 'node:fs';
import { isSupportedCountry } from 'libphonenumber-js/min';
import type { CountryCode } from '../../lib/phone.ts';
import { hasCustomers } from '../db/open.ts';
import type { SqliteDb } from '../db/sqlite.ts';
import { formatPath } from '../http/errors.ts';
import { scanSeedChunks } from './json.ts';
import { MAX_ISSUES, normalisePhones, SeedCustomer, SeedError, SeedFile, type SeedCustomerRow } from './schema.ts';
import { CustomerWriter, WRITE_BATCH } from './writer.ts';
import type { Db, Queryable } from '../db/sql.ts';

export { SeedError, SeedFile, type SeedCustomerRow } from './schema.ts';

/** Validate seed data and normalise phones; throws SeedError listing every problem. */
export function parseSeed(data: unknown, fallbackRegion: CountryCode = 'US'): SeedCustomerRow[] {
  const parsed = SeedFile.safeParse(data);
  if (!parsed.success) {
    throw new SeedError('Invalid seed data', parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  }
  const region = (parsed.data.defaultRegion ?? fallbackRegion) as CountryCode;
  const issues: string[] = [];
  const rows = parsed.data.customers.map((c, i) => ({ ...c, phones: normalisePhones(c, i, region, issues) }));
  if (issues.length > 0) throw new SeedError('Invalid phone numbers in seed data', issues);
  return rows;
}

/** Read and parse a seed JSON file into memory; throws SeedError naming the file on any problem. */
export function readSeedFile(file: string, fallbackRegion: CountryCode = 'US'): SeedCustomerRow[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new SeedError(`Cannot read seed file ${file}: ${(err as Error).message}`, []);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SeedError(`Seed file ${file} is not valid JSON: ${(err as Error).message}`, []);
  }
  try {
    return parseSeed(data, fallbackRegion);
  } catch (err) {
    if (err instanceof SeedError) throw new SeedError(`Invalid seed file ${file}`, err.issues);
    throw err;
  }
}

/** Upsert customers and replace their phones, in one transaction. Returns the number of customers written. */
export async function seedCustomers(db: Db, customers: readonly SeedCustomerRow[]): Promise<number> {
  await db.transaction(async (tx) => {
    const writer = new CustomerWriter(tx, false);
    customers.forEach((c) => writer.add(c));
    await writer.flush();
  });
  return customers.length;
}

/** The defaultRegion given before the customers array (from the text read so far), else the fallback. */
function regionBefore(topSoFar: string, fallback: CountryCode): CountryCode {
  try {
    const region = (JSON.parse(`${topSoFar}]}`) as { defaultRegion?: unknown }).defaultRegion;
    return typeof region === 'string' && isSupportedCountry(region) ? region : fallback;
  } catch {
    return fallback;
  }
}

/** Secondary indexes of migration 1, dropped while bulk-loading an empty database and rebuilt after. */
const BULK_INDEXES = [
  ['customers_last_name_lower', 'CREATE INDEX customers_last_name_lower ON customers (lower(last_name))'],
  ['customers_account_number', 'CREATE INDEX customers_account_number ON customers (account_number)'],
  ['customer_phones_e164', 'CREATE INDEX customer_phones_e164 ON customer_phones (e164)'],
] as const;

/**
 * Run `fn` in one transaction without the secondary indexes when the database is empty (rebuilt at the
 * end, much faster than maintaining them row by row); on SQLite also with a 256 MiB page cache.
 */
async function bulkLoad<T>(db: Db, fn: (tx: Queryable, empty: boolean) => Promise<T>): Promise<T> {
  const sqlite = db.dialect === 'sqlite' ? (db as SqliteDb).raw : undefined;
  const cache = sqlite?.pragma('cache_size', { simple: true }) as number | undefined;
  sqlite?.pragma('cache_size = -262144');
  try {
    return await db.transaction(async (tx) => {
      const empty = !(await hasCustomers(tx));
      if (empty) for (const [name] of BULK_INDEXES) await tx.exec(`DROP INDEX IF EXISTS ${name}`);
      const result = await fn(tx, empty);
      if (empty) for (const [, sql] of BULK_INDEXES) await tx.exec(sql);
      return result;
    });
  } finally {
    if (sqlite?.open) sqlite.pragma(`cache_size = ${cache}`);
  }
}

/**
 * Validate `file` and seed it into `db`, streaming: customers are read one at a time (json.ts)
 * and written in one transaction, so an invalid file writes nothing. Returns the number of customers.
 */
export async function seedFromFile(db: Db, file: string, fallbackRegion: CountryCode = 'US'): Promise<number> {
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (err) {
    throw new SeedError(`Cannot read seed file ${file}: ${(err as Error).message}`, []);
  }
  const issues: string[] = [];
  const seen = new Set<string>();
  let region: CountryCode | undefined;
  return bulkLoad(db, async (tx, empty) => {
    const writer = new CustomerWriter(tx, empty);
    const chunks = scanSeedChunks(file);
    let step = chunks.next();
    try {
      for (; !step.done; step = chunks.next()) {
        for (const { json, index: i, topSoFar } of step.value) {
          region ??= regionBefore(topSoFar, fallbackRegion);
          if (issues.length >= MAX_ISSUES) break;
          let data: unknown;
          try {
            data = JSON.parse(json);
          } catch {
            issues.push(`customers[${i}]: not valid JSON`);
            continue;
          }
          const parsed = SeedCustomer.safeParse(data);
          if (!parsed.success) {
            issues.push(...parsed.error.issues.map((e) => `${formatPath(['customers', i, ...e.path])}: ${e.message}`));
            continue;
          }
          if (seen.has(parsed.data.customerId)) issues.push(`customers[${i}].customerId: Duplicate customerId ${parsed.data.customerId}`);
          seen.add(parsed.data.customerId);
          const phones = normalisePhones(parsed.data, i, region, issues);
          if (issues.length === 0) writer.add({ ...parsed.data, phones });
        }
        if (issues.length === 0) await writer.flush(WRITE_BATCH);
      }
    } finally {
      if (!step.done) chunks.return({ top: '' }); // closes the file
    }
    const scan = step.value;
    let top: unknown;
    try {
      if (scan.error) throw new Error(scan.error);
      top = JSON.parse(scan.top);
    } catch (err) {
      throw new SeedError(`Seed file ${file} is not valid JSON: ${(err as Error).message}`, []);
    }
    const shape = SeedFile.safeParse(top);
    if (!shape.success) issues.unshift(...shape.error.issues.map((e) => `${formatPath(e.path)}: ${e.message}`));
    const declared = shape.success ? shape.data.defaultRegion : undefined;
    if (declared !== undefined && region !== undefined && declared !== region) {
      issues.push('defaultRegion: must come before customers in the file');
    }
    if (issues.length > 0) throw new SeedError(`Invalid seed file ${file}`, issues.slice(0, MAX_ISSUES));
    await writer.flush();
    return seen.size;
  });
}
