/**
 * Writes docs/openapi.json from the zod schemas, or checks it:
 *   node server/openapi.ts [--out FILE]      write the document (default docs/openapi.json)
 *   node server/openapi.ts --check [--out FILE]  exit 1 when the committed file differs from the schemas
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openApiText } from './http/openapi-spec.ts';

/** Where the committed document lives. */
export const OPENAPI_FILE = path.resolve(import.meta.dirname, '..', 'docs', 'openapi.json');

/** Whether `file` holds exactly the document generated from the current schemas. */
export function openApiUpToDate(file: string = OPENAPI_FILE): boolean {
  try {
    return fs.readFileSync(file, 'utf8') === openApiText();
  } catch {
    return false;
  }
}

/** Run the CLI with `argv`; returns the exit code. */
export function runOpenApiCli(argv: string[], out: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): number {
  const { values } = parseArgs({ args: argv, options: { check: { type: 'boolean', default: false }, out: { type: 'string' } } });
  const file = path.resolve(values.out ?? OPENAPI_FILE);
  if (values.check) {
    if (openApiUpToDate(file)) {
      out(`${file} is up to date`);
      return 0;
    }
    out(`${file} is out of date with lib/api/contract.ts; run: node server/openapi.ts`);
    return 1;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, openApiText());
  out(`Wrote ${file}`);
  return 0;
}

if (import.meta.main) {
  try {
    process.exitCode = runOpenApiCli(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`Error: ${(err as Error).message}\n`);
    process.exitCode = 2;
  }
}
