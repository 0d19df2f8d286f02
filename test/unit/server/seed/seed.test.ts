import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countCustomers, type Db } from '../../../../server/db/open.ts';
import { parseSeed, readSeedFile, SeedError, seedCustomers, seedFromFile } from '../../../../server/seed/seed.ts';
import { freshDb } from '../backends.ts';
import { currentBackend, DEMO_SEED, forEachBackend } from '../helpers.ts';

forEachBackend(() => {

  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function writeTemp(content: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cv-seed-'));
    dirs.push(dir);
    const file = path.join(dir, 'seed.json');
    fs.writeFileSync(file, content);
    return file;
  }

  /** The issues of the SeedError thrown by `fn`. */
  function issuesOf(fn: () => unknown): string[] {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(SeedError);
      return (err as SeedError).issues;
    }
    throw new Error('expected a SeedError');
  }

  const person = { customerId: 'C-1', kind: 'person', firstName: 'Ada', lastName: 'Lovelace', phones: ['+1 415 555 0100'] };

  async function dump(db: Db): Promise<{ customers: unknown[]; phones: unknown[] }> {
    return {
      customers: await db.all('SELECT * FROM customers ORDER BY customer_id'),
      phones: await db.all('SELECT * FROM customer_phones ORDER BY customer_id, position'),
    };
  }

  describe('demo customers', () => {
    const rows = readSeedFile(DEMO_SEED);
    const byId = new Map(rows.map((r) => [r.customerId, r]));

    it('has the demo call number, the GB number, the shared household number and the business', () => {
      expect(rows.length).toBeGreaterThanOrEqual(8);
      expect(byId.get('C-1001')).toMatchObject({ kind: 'person', firstName: 'Ada', lastName: 'Lovelace' });
      expect(byId.get('C-1001')?.phones).toContain('+14155550100');
      expect(byId.get('C-1002')).toMatchObject({ firstName: 'Grace', lastName: 'Hopper' });
      expect(byId.get('C-1002')?.phones).toContain('+442079460018');
      const shared = rows.filter((r) => r.phones.includes('+442079460123')).map((r) => r.customerId);
      expect(shared.sort()).toEqual(['C-1003', 'C-1004']);
      expect(byId.get('C-2001')).toMatchObject({
        kind: 'business',
        accountName: 'Babbage Engines Ltd',
        firstName: 'Charles',
        lastName: 'Babbage',
        role: 'Director',
      });
    });

    it('gives every customer dob, postcode and pin_last4 answers', () => {
      for (const r of rows) expect(Object.keys(r.answers).sort()).toEqual(['dob', 'pin_last4', 'postcode']);
    });
  });

  describe('parseSeed', () => {
    it('normalises phones in any common notation, using defaultRegion for national numbers', () => {
      const [row] = parseSeed({
        defaultRegion: 'GB',
        customers: [{ ...person, phones: ['+44 20 7946 0000', '020 7946 0018', 'tel:+1-415-555-0100', '00442079460000'] }],
      });
      expect(row?.phones).toEqual(['+442079460000', '+442079460018', '+14155550100']);
    });

    it('reports schema problems with precise paths', () => {
      const issues = issuesOf(() =>
        parseSeed({
          customers: [
            person,
            { ...person, customerId: 'C-2', kind: 'robot' },
            { ...person, customerId: 'C-3', phones: '+1 415 555 0100' },
            { customerId: 'C-4', kind: 'business', firstName: 'A', lastName: 'B' },
            { ...person, customerId: 'C-5', nickname: 'x' },
          ],
        }),
      );
      expect(issues.some((i) => i.startsWith('customers[1].kind:'))).toBe(true);
      expect(issues.some((i) => i.startsWith('customers[2].phones:'))).toBe(true);
      expect(issues.some((i) => i.startsWith('customers[3].accountName:'))).toBe(true);
      expect(issues.some((i) => i.startsWith('customers[4]') && i.includes('nickname'))).toBe(true);
      expect(issues.some((i) => i.startsWith('customers[0]'))).toBe(false);
    });

    it('rejects a missing customers array, a bad region and duplicate ids', () => {
      expect(issuesOf(() => parseSeed({}))).toEqual([expect.stringMatching(/^customers:/)]);
      expect(issuesOf(() => parseSeed({ defaultRegion: 'XX', customers: [] }))).toEqual([
        expect.stringMatching(/^defaultRegion:/),
      ]);
      expect(issuesOf(() => parseSeed({ customers: [person, person] }))).toEqual([
        expect.stringMatching(/^customers\[1\]\.customerId: Duplicate of customers\[0\]/),
      ]);
    });

    it('names the customer and the phone for an invalid number', () => {
      const issues = issuesOf(() =>
        parseSeed({ customers: [person, { ...person, customerId: 'C-77', phones: ['+1 415 555 0100', '12', 'anonymous'] }] }),
      );
      expect(issues).toHaveLength(2);
      expect(issues[0]).toMatch(/^customers\[1\]\.phones\[1\]: customer C-77: phone "12" is not a valid phone number/);
      expect(issues[1]).toMatch(/^customers\[1\]\.phones\[2\]: customer C-77: phone "anonymous"/);
    });
  });

  describe('readSeedFile', () => {
    it('names the file when it is not JSON or missing', () => {
      const file = writeTemp('{ "customers": [ ');
      expect(() => readSeedFile(file)).toThrow(new RegExp(`Seed file ${file} is not valid JSON`));
      expect(() => readSeedFile(`${file}.missing`)).toThrow(/Cannot read seed file/);
    });

    it('prefixes validation issues with the file name', () => {
      const file = writeTemp(JSON.stringify({ customers: [{ ...person, kind: 'robot' }] }));
      expect(() => readSeedFile(file)).toThrow(new RegExp(`Invalid seed file ${file}:\\n  customers\\[0\\]\\.kind:`));
    });
  });

  describe('seeding', () => {
    it('is idempotent: seeding the same file twice changes nothing', async () => {
      const db = await freshDb(currentBackend());
      expect(await seedFromFile(db, DEMO_SEED)).toBeGreaterThanOrEqual(8);
      const first = await dump(db);
      await seedFromFile(db, DEMO_SEED);
      expect(await dump(db)).toEqual(first);
      expect(await countCustomers(db)).toBe(first.customers.length);
      await db.close();
    });

    it('upserts: changed customers are updated and their phones replaced, others kept', async () => {
      const db = await freshDb(currentBackend());
      await seedCustomers(db, parseSeed({ customers: [person, { ...person, customerId: 'C-2', phones: ['+1 415 555 0101'] }] }));
      await seedCustomers(db, parseSeed({ customers: [{ ...person, lastName: 'King', phones: ['+1 415 555 0199'] }] }));
      expect(await db.get("SELECT last_name FROM customers WHERE customer_id = 'C-1'")).toEqual({ last_name: 'King' });
      expect(await db.all("SELECT e164 FROM customer_phones WHERE customer_id = 'C-1'")).toEqual([
        { e164: '+14155550199' },
      ]);
      expect(await countCustomers(db)).toBe(2);
      await db.close();
    });
  });
});
