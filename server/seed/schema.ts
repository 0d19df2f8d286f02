/**
 * The seed file format (README.md in this folder) as zod schemas, its error type and phone normalisation,
 * shared by the in-memory (parseSeed) and streaming (seedFromFile) paths of seed.ts.
 */
import { isSupportedCountry } from 'libphonenumber-js/min';
import { z } from 'zod';
import { normaliseAni, type CountryCode } from '../../lib/phone.ts';
import { plainE164 } from '../domain/e164.ts';
import { SEED_RISK_FIELDS } from './risk-facts.ts';

/** At most this many problems are listed for one file. */
export const MAX_ISSUES = 100;

const Name = z.string().trim().min(1).max(99); // "First Last" stays within the contract's 200

/** One customer of a seed file. */
export const SeedCustomer = z
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
    email: z.email().max(254).optional(),
    appDevices: z.array(z.strictObject({ deviceId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), secret: z.string().regex(/^\S{16,200}$/) })).max(5).optional(),
    ...SEED_RISK_FIELDS,
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
    customers: z.array(SeedCustomer).max(100_000), // in memory (parseSeed); seedFromFile streams any size
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

/** The customer's phones in E.164 (duplicates dropped); unusable phones become lines in `issues`. */
export function normalisePhones(c: { customerId: string; phones: string[] }, i: number, region: CountryCode, issues: string[]): string[] {
  const phones: string[] = [];
  c.phones.forEach((raw, j) => {
    const e164 = plainE164(raw);
    if (e164 !== undefined) {
      if (!phones.includes(e164)) phones.push(e164);
      return;
    }
    const ani = normaliseAni(raw, region);
    if (ani.kind === 'number') {
      if (!phones.includes(ani.e164)) phones.push(ani.e164);
    } else {
      const why = ani.kind === 'withheld' ? 'is not a phone number' : `is not a valid phone number (region ${region})`;
      issues.push(`customers[${i}].phones[${j}]: customer ${c.customerId}: phone ${JSON.stringify(raw)} ${why}`);
    }
  });
  return phones;
}
