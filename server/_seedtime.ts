import { openDb } from './db.ts';
import { seedFromFile } from './seed.ts';
const file = process.argv[2]!; const dbf = process.argv[3]!;
const db = openDb(dbf);
const t = Date.now();
const n = seedFromFile(db, file);
console.log(`seeded ${n} in ${Date.now() - t} ms`);
db.close();
