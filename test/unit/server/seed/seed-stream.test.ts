import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IdentifyResponse } from '../../../../lib/api/contract.ts';
import { buildApp } from '../../../../server/app.ts';
import { countCustomers, type Db } from '../../../../server/db/open.ts';
import { syntheticCustomer, syntheticPhone, writeCustomers } from '../../../../server/seed/generate.ts';
import { SeedError, seedFromFile } from '../../../../server/seed/seed.ts';
import { scanSeedFile } from '../../../../server/seed/json.ts';
import { freshDb } from '../backends.ts';
import { currentBackend, forEachBackend } from '../helpers.ts';

forEachBackend(() => {

  const dirs: string[] = [];
  const dbs: Db[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function tempFile(name: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cv-stream-'));
    dirs.push(dir);
    return path.join(dir, name);
  }

  async function db(): Promise<Db> {
    const d = await freshDb(currentBackend());
    dbs.push(d);
    return d;
  }

  /** Generate `n` customers into a temp file. */
  async function generated(n: number, seed = 42): Promise<string> {
    const file = tempFile(`gen-${n}-${seed}.json`);
    const out = fs.createWriteStream(file);
    await writeCustomers(n, out, seed);
    await new Promise<void>((resolve) => out.end(resolve));
    return file;
  }

  const person = (id: string, extra: object = {}) => ({ customerId: id, kind: 'person', firstName: 'Zoë', lastName: 'Brontë', phones: ['+44 20 7946 0000'], ...extra });

  /** The SeedError thrown by seeding `file`. */
  async function seedError(d: Db, file: string): Promise<SeedError> {
    try {
      await seedFromFile(d, file);
    } catch (err) {
      expect(err).toBeInstanceOf(SeedError);
      return err as SeedError;
    }
    throw new Error('expected a SeedError');
  }

  describe('server/seed/generate.ts', () => {
    it('writes valid, deterministic customers that seed and identify (6,000 customers, over one read chunk)', async () => {
      const file = await generated(6000);
      expect(fs.statSync(file).size).toBeGreaterThan(1 << 20);
      expect(fs.readFileSync(await generated(50)).toString()).toBe(fs.readFileSync(await generated(50)).toString());
      const d = await db();
      expect(await seedFromFile(d, file)).toBe(6000);
      expect(await countCustomers(d)).toBe(6000);
      expect(await d.get('SELECT COUNT(DISTINCT account_number) AS n FROM customers')).toEqual({ n: 6000 });
      const app = buildApp({ db: d });
      const res = await app.inject({ method: 'POST', url: '/v1/identify', payload: { interactionId: 'g', method: 'ani', value: syntheticPhone(50) } });
      expect(IdentifyResponse.parse(res.json()).candidates.map((c) => c.customerId)).toEqual(['G-00000051', 'G-00000052']); // a household
      await app.close();
    });

    it('gives every customer a stored answer for the default questions and unique primary numbers', () => {
      const phones = new Set(Array.from({ length: 20_000 }, (_, i) => syntheticPhone(i)));
      expect(phones.size).toBe(20_000);
      expect(Object.keys(syntheticCustomer(7).answers as object).sort()).toEqual(['dob', 'pin_last4', 'postcode']);
    });

    it('runs as a command writing to stdout', () => {
      const script = path.resolve(import.meta.dirname, '../../../../server/seed/generate.ts');
      const res = spawnSync(process.execPath, [script, '3'], { encoding: 'utf8' });
      expect(res.status, res.stderr).toBe(0);
      expect((JSON.parse(res.stdout) as { customers: unknown[] }).customers).toHaveLength(3);
      expect(spawnSync(process.execPath, [script, 'many'], { encoding: 'utf8' }).status).toBe(1);
    }, 20_000);
  });

  describe('streaming seedFromFile', () => {
    it('reads a multi-byte character split across two read chunks', async () => {
      const customers = Array.from({ length: 12000 }, (_, i) => person(`C-${i}`, { phones: [syntheticPhone(i)] }));
      const build = (pad: number) => `{"defaultRegion":"GB",${' '.repeat(pad)}"customers":${JSON.stringify(customers)}}`;
      const bytes = Buffer.from(build(0));
      const at = bytes.indexOf(Buffer.from('ë'), (1 << 20) - 400);
      expect(at).toBeGreaterThan(0);
      const file = tempFile('split.json');
      fs.writeFileSync(file, build((1 << 20) - at - 1)); // 'ë' now starts one byte before the chunk end
      expect(Buffer.from(fs.readFileSync(file)).subarray((1 << 20) - 1, (1 << 20) + 1).toString()).toBe('ë');
      const d = await db();
      expect(await seedFromFile(d, file)).toBe(12000);
      expect(await d.get('SELECT COUNT(*) AS n FROM customers WHERE first_name = ? AND last_name = ?', ['Zoë', 'Brontë'])).toEqual({ n: 12000 });
    });

    it('hands over each customer with the text before the array', () => {
      const file = tempFile('scan.json');
      fs.writeFileSync(file, '{"defaultRegion":"GB","customers":[{"a":"],[{"} , [1,2] ,"x"]}');
      const seen: [string, number][] = [];
      const result = scanSeedFile(file, (json, i, top) => {
        seen.push([json, i]);
        expect(top).toBe('{"defaultRegion":"GB","customers":[');
      });
      expect(seen).toEqual([['{"a":"],[{"}', 0], ['[1,2]', 1], ['"x"', 2]]);
      expect(result).toEqual({ top: '{"defaultRegion":"GB","customers":[]}' });
    });

    it('lists problems with their paths and writes nothing from an invalid file', async () => {
      const d = await db();
      const file = tempFile('bad.json');
      fs.writeFileSync(file, JSON.stringify({ defaultRegion: 'GB', customers: [person('C-1'), { ...person('C-2'), kind: 'robot' }, person('C-1'), 7] }));
      const err = await seedError(d, file);
      expect(err.message).toContain(`Invalid seed file ${file}`);
      expect(err.issues).toEqual([
        expect.stringMatching(/^customers\[1\]\.kind: /),
        'customers[2].customerId: Duplicate customerId C-1',
        expect.stringMatching(/^customers\[3\]: /),
      ]);
      expect(await countCustomers(d)).toBe(0);
    });

    it('rejects truncated files, unknown top-level keys and a defaultRegion after the customers', async () => {
      const d = await db();
      const truncated = tempFile('t.json');
      fs.writeFileSync(truncated, JSON.stringify({ customers: [person('C-1')] }).slice(0, -5));
      expect((await seedError(d, truncated)).message).toMatch(/is not valid JSON/);
      const extra = tempFile('x.json');
      fs.writeFileSync(extra, JSON.stringify({ customers: [person('C-1')], owner: 'me' }));
      expect((await seedError(d, extra)).issues).toEqual([expect.stringMatching(/owner/)]);
      const late = tempFile('late.json');
      fs.writeFileSync(late, `{"customers":${JSON.stringify([person('C-1', { phones: ['+44 20 7946 0000'] })])},"defaultRegion":"GB"}`);
      expect((await seedError(d, late)).issues).toEqual(['defaultRegion: must come before customers in the file']);
      expect(await countCustomers(d)).toBe(0);
    });

    it('rebuilds the secondary indexes after a bulk load exactly as the migrations define them', async () => {
      const indexSql = (x: Db) =>
        x.dialect === 'postgres'
          ? x.all('SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname')
          : x.all("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name");
      const fresh = await db();
      const expected = await indexSql(fresh);
      expect(expected.length).toBeGreaterThan(3);
      const file = tempFile('one.json');
      fs.writeFileSync(file, JSON.stringify({ customers: [person('C-1', { phones: ['+14155550100'] })] }));
      await seedFromFile(fresh, file);
      expect(await indexSql(fresh)).toEqual(expected);
      await seedFromFile(fresh, file); // a re-seed upserts
      expect(await countCustomers(fresh)).toBe(1);
    });
  });
});
