/**
 * Writing seed customers through the query layer, in multi-row statements (one round trip per
 * ROWS rows on PostgreSQL, few statements to step on SQLite). Statement texts have a fixed number of
 * rows (a remainder is written one row at a time), so each engine prepares a handful of statements.
 */
import { writeContacts } from './contacts.ts';
import { writeRiskFacts } from './risk-facts.ts';
import type { SeedCustomerRow } from './schema.ts';
import { valuesList, type Param, type Queryable } from '../db/sql.ts';

/** Rows per multi-row statement (8 columns: 2,000 parameters, below both engines' limits). */
const ROWS = 250;

const CUSTOMER_COLUMNS = 'customer_id, kind, first_name, last_name, account_name, role, account_number, answers_json';
const UPSERT_TAIL = `ON CONFLICT (customer_id) DO UPDATE SET
  kind = excluded.kind, first_name = excluded.first_name, last_name = excluded.last_name,
  account_name = excluded.account_name, role = excluded.role, account_number = excluded.account_number,
  answers_json = excluded.answers_json`;

/** Insert `rows` (each `columns` values long) into `head`, ROWS rows per statement. */
async function insertRows(tx: Queryable, head: string, columns: number, rows: Param[][], tail = ''): Promise<void> {
  let i = 0;
  for (; i + ROWS <= rows.length; i += ROWS) {
    await tx.run(`${head} VALUES ${valuesList(ROWS, columns)} ${tail}`, rows.slice(i, i + ROWS).flat());
  }
  for (; i < rows.length; i++) await tx.run(`${head} VALUES ${valuesList(1, columns)} ${tail}`, rows[i] as Param[]);
}

/**
 * Buffers customers and writes them in batches (call inside a transaction). With `fresh` (an empty
 * database, ids known unique) it only inserts; otherwise it upserts and replaces each customer's phones.
 */
export class CustomerWriter {
  private readonly tx: Queryable;
  private readonly fresh: boolean;
  private batch: SeedCustomerRow[] = [];

  constructor(tx: Queryable, fresh: boolean) {
    this.tx = tx;
    this.fresh = fresh;
  }

  /** Queue one customer (written by a later flush). */
  add(c: SeedCustomerRow): void {
    this.batch.push(c);
  }

  /** Write the queued customers once there are at least `min` of them. */
  async flush(min = 0): Promise<void> {
    if (this.batch.length === 0 || this.batch.length < min) return;
    const batch = this.batch;
    this.batch = [];
    const customers = batch.map((c): Param[] => [c.customerId, c.kind, c.firstName ?? null, c.lastName ?? null,
      c.accountName ?? null, c.role ?? null, c.accountNumber ?? null, JSON.stringify(c.answers)]);
    await insertRows(this.tx, `INSERT INTO customers (${CUSTOMER_COLUMNS})`, 8, customers, this.fresh ? '' : UPSERT_TAIL);
    if (!this.fresh) {
      for (const c of batch) await this.tx.run('DELETE FROM customer_phones WHERE customer_id = ?', [c.customerId]);
    }
    const phones = batch.flatMap((c) => c.phones.map((e164, position): Param[] => [e164, c.customerId, position]));
    await insertRows(this.tx, 'INSERT INTO customer_phones (e164, customer_id, position)', 3, phones);
    await writeContacts(this.tx, batch, this.fresh);
    await writeRiskFacts(this.tx, batch);
  }
}

/** Customers queued per flush while streaming a seed file. */
export const WRITE_BATCH = 2 * ROWS;
