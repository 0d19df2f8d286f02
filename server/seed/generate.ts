/**
 * Writes N synthetic customers in the seed format (README.md in this folder), streamed, so a million is fine:
 *   node server/seed/generate.ts N [--out FILE] [--seed 42]
 * Deterministic for a given --seed. Every customer has a unique US number (+1 NPA NXX XXXX) and a
 * unique 8-digit account number; every 50th pair shares a household number; one in ten is a business.
 */
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { faker } from '@faker-js/faker';

const AREA_CODES = [201, 202, 212, 213, 214, 215, 305, 310, 312, 404, 415, 512, 602, 617, 646, 702, 713, 718, 720, 805, 818, 917, 206, 303, 503];
/** Exchange codes 200-999 except N11 and 555 (reserved for directory and fiction). */
const EXCHANGES = Array.from({ length: 800 }, (_, i) => i + 200).filter((x) => x % 100 !== 11 && x !== 555);

/** The unique E.164 number of customer `k` (k < 195 million). */
export function syntheticPhone(k: number): string {
  const area = AREA_CODES[k % AREA_CODES.length];
  const rest = Math.floor(k / AREA_CODES.length);
  const exchange = EXCHANGES[rest % EXCHANGES.length];
  const line = Math.floor(rest / EXCHANGES.length);
  if (line > 9999) throw new Error(`too many customers for synthetic numbers: ${k}`);
  return `+1${area}${exchange}${String(line).padStart(4, '0')}`;
}

/** The id of synthetic customer `i` (sortable). */
function syntheticId(i: number): string {
  return `G-${String(i + 1).padStart(8, '0')}`;
}

/** One synthetic customer as a seed-file object. */
export function syntheticCustomer(i: number): Record<string, unknown> {
  const phones = i % 50 === 1 ? [syntheticPhone(i - 1), syntheticPhone(i)] : [syntheticPhone(i)];
  if (i % 5 === 3) phones.push(syntheticPhone(i + 100_000_000)); // a second (e.g. mobile) number
  const customer: Record<string, unknown> = {
    customerId: syntheticId(i),
    kind: i % 10 === 9 ? 'business' : 'person',
    firstName: faker.person.firstName(),
    lastName: faker.person.lastName(),
  };
  if (customer.kind === 'business') {
    customer.accountName = faker.company.name().slice(0, 200);
    customer.role = faker.person.jobTitle().slice(0, 100);
  }
  customer.phones = phones;
  customer.accountNumber = String(10_000_000 + i);
  customer.answers = {
    dob: faker.date.birthdate({ mode: 'age', min: 18, max: 95 }).toISOString().slice(0, 10),
    postcode: faker.location.zipCode('#####'),
    pin_last4: faker.string.numeric(4),
  };
  return customer;
}

/** Write `n` customers to `out` as one seed file, in batches, waiting whenever the stream is full. */
export async function writeCustomers(n: number, out: Writable, seed = 42): Promise<void> {
  faker.seed(seed);
  faker.setDefaultRefDate(new Date('2025-01-01T00:00:00Z'));
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await write('{"defaultRegion":"US","customers":[\n');
  const BATCH = 1000;
  for (let start = 0; start < n; start += BATCH) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(n, start + BATCH); i++) lines.push(JSON.stringify(syntheticCustomer(i)));
    await write(`${start === 0 ? '' : ',\n'}${lines.join(',\n')}`);
  }
  await write('\n]}\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string' }, seed: { type: 'string', default: '42' } },
  });
  const n = Number(positionals[0]);
  if (positionals.length !== 1 || !Number.isInteger(n) || n < 0 || n > 50_000_000 || !/^\d+$/.test(values.seed)) {
    process.stderr.write('Usage: node server/seed/generate.ts N [--out FILE] [--seed 42]\n');
    return 1;
  }
  const out = values.out === undefined ? process.stdout : fs.createWriteStream(values.out, { mode: 0o600 });
  await writeCustomers(n, out, Number(values.seed));
  if (out !== process.stdout) await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  if (values.out !== undefined) process.stderr.write(`Wrote ${n} customers to ${values.out}\n`);
  return 0;
}

if (import.meta.main) {
  main().then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`Error: ${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
