/**
 * Writes public/managed_schema.json from the zod policy schema (lib/policy/schema.ts).
 * `node scripts/policy-schema.ts --check` only compares: exit 1 when the committed file drifted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromeManagedSchemaText } from '../lib/policy/chrome-schema.ts';

export const SCHEMA_FILE = resolve(import.meta.dirname, '../public/managed_schema.json');

/** Whether the file on disk equals the generated schema. */
export function schemaUpToDate(file = SCHEMA_FILE): boolean {
  let current: string;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  return current === chromeManagedSchemaText();
}

/** CLI entry: write `file`, or with `--check` only compare. Returns the exit code. */
export function main(argv: string[], file = SCHEMA_FILE): number {
  if (argv.includes('--check')) {
    if (schemaUpToDate(file)) {
      console.log(`${file} is up to date.`);
      return 0;
    }
    console.error(`${file} differs from lib/policy/schema.ts: run \`node scripts/policy-schema.ts\` and commit the result.`);
    return 1;
  }
  writeFileSync(file, chromeManagedSchemaText());
  console.log(`Wrote ${file}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) process.exitCode = main(process.argv.slice(2));
