/**
 * Seeding customers from a JSON file (format: server/README-seed.md). The file is validated with
 * zod, phones are normalised to E.164, and customers are upserted, so re-seeding is idempotent.
 */
import fs from 'node:fs';
import { isSupportedCountry } from 'libphonenumber-js/min';
import { z } from 'zod';
import { normaliseAni, type CountryCode } from '../lib/phone.ts';
import type { Db } from './db.ts';
import { formatPath } from './errors.ts';

const Name = z.string().trim().min(1).max(99); // "First Last" stays within the contract's 200

const SeedCustomer = z
  .strictObject({
    customerId: z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'Use letters, digits and . _ : - only'),
    kind: z.enum(['person', 'business']),
    firstName: Name.optional(),
    lastName: Name.optional(),
    accountName: z.string().trim().min(1).max(200).optional(),
    role: z.string().trim().min(1).max(100).optional(),
    phones: z.array(z.string().min(1).max(64)).max(20).default([]),
    accountNumber: z.string().trim().min(1).max(64).optional(),
    answers: z.record(z.string().min(1).max(64), z.string().max(200)).default({}),
  })
  .superRefine((c, ctx) => {
    for (const key of ['firstName', 'lastName'] as const) {
      if (c.kind === 'person' && !c[key]) ctx.addIssue({ code: 'custom', path: [key], message: `A person needs ${key}` });
    }
    if (c.kind === 'business' && !c.accountName) {
      ctx.addIssue({ code: 'custom', path: ['accountName'], message: 'A business needs accountName' });
    }
  });

/** The seed file schema. */
export const SeedFile = z
  .strictObject({
    defaultRegion: z
      .string()
      .refine((r) => isSupportedCountry(r), 'Not a supported ISO 3166 region code (e.g. "GB", "US")')
      .optional(),
    customers: z.array(SeedCustomer).max(100_000),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.customers.forEach((c, i) => {
      const first = seen.get(c.customerId);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['customers', i, 'customerId'], message: `Duplicate of customers[${first}]` });
      } else seen.set(c.customerId, i);
    });
  });
export type SeedFile = z.infer<typeof SeedFile>;

/** A customer ready for the database: phones in E.164. */
export interface SeedCustomerRow extends Omit<z.infer<typeof SeedCustomer>, 'phones'> {
  phones: string[];
}

/** A seed file that could not be read or is invalid; `issues` are one line each, path first. */
export class SeedError extends Error {
  readonly issues: string[];

  constructor(message: string, issues: string[]) {
    super(issues.length > 0 ? `${message}:\n  ${issues.join('\n  ')}` : message);
    this.name = 'SeedError';
    this.issues = issues;
  }
}

/** Validate seed data and normalise phones; throws SeedError listing every problem. */
export function parseSeed(data: unknown, fallbackRegion: CountryCode = 'US'): SeedCustomerRow[] {
  const parsed = SeedFile.safeParse(data);
  if (!parsed.success) {
    throw new SeedError('Invalid seed data', parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  }
  const region = (parsed.data.defaultRegion ?? fallbackRegion) as CountryCode;
  const issues: string[] = [];
  const rows = parsed.data.customers.map((c, i) => {
    const phones: string[] = [];
    c.phones.forEach((raw, j) => {
      const ani = normaliseAni(raw, region);
      if (ani.kind === 'number') {
        if (!phones.includes(ani.e164)) phones.push(ani.e164);
      } else {
        const why = ani.kind === 'withheld' ? 'is not a phone number' : `is not a valid phone number (region ${region})`;
        issues.push(`customers[${i}].phones[${j}]: customer ${c.customerId}: phone ${JSON.stringify(raw)} ${why}`);
      }
    });
    return { ...c, phones };
  });
  if (issues.length > 0) throw new SeedError('Invalid phone numbers in seed data', issues);
  return rows;
}

/** Read and parse a seed JSON file; throws SeedError naming the file on any problem. */
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
export function seedCustomers(db: Db, customers: readonly SeedCustomerRow[]): number {
  const upsert = db.prepare(`
    INSERT INTO customers (customer_id, kind, first_name, last_name, account_name, role, account_number, answers_json)
    VALUES (@customerId, @kind, @firstName, @lastName, @accountName, @role, @accountNumber, @answersJson)
    ON CONFLICT (customer_id) DO UPDATE SET
      kind = excluded.kind, first_name = excluded.first_name, last_name = excluded.last_name,
      account_name = excluded.account_name, role = excluded.role, account_number = excluded.account_number,
      answers_json = excluded.answers_json`);
  const clearPhones = db.prepare('DELETE FROM customer_phones WHERE customer_id = ?');
  const addPhone = db.prepare('INSERT INTO customer_phones (e164, customer_id, position) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const c of customers) {
      upsert.run({
        customerId: c.customerId,
        kind: c.kind,
        firstName: c.firstName ?? null,
        lastName: c.lastName ?? null,
        accountName: c.accountName ?? null,
        role: c.role ?? null,
        accountNumber: c.accountNumber ?? null,
        answersJson: JSON.stringify(c.answers),
      });
      clearPhones.run(c.customerId);
      c.phones.forEach((e164, position) => addPhone.run(e164, c.customerId, position));
    }
  })();
  return customers.length;
}

/** Validate `file` and seed it into `db`. Returns the number of customers written. */
export function seedFromFile(db: Db, file: string, fallbackRegion: CountryCode = 'US'): number {
  return seedCustomers(db, readSeedFile(file, fallbackRegion));
}
