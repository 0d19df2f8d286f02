/**
 * Mints an API token with its scopes, as a line for the token file (`--token-file`):
 *   node server/tokens.ts agent              the extension's token
 *   node server/tokens.ts ivr                an IVR (Genesys data actions): may record verifiedBy "ivr"
 *   node server/tokens.ts reports            the reports page's summary
 *   node server/tokens.ts agent agent-judged an agent who may see expected answers (off by default)
 * The token is 32 random bytes (base64url); the server keeps only its SHA-256 digest.
 */
import { randomBytes } from 'node:crypto';
import { Scope } from '../lib/api/contract.ts';

/** A new token line `cv_<random> SCOPE ...`; throws on an unknown or missing scope. */
export function mintToken(scopes: readonly string[]): string {
  if (scopes.length === 0) throw new Error(`name at least one scope: ${Scope.options.join(', ')}`);
  for (const scope of scopes) {
    if (!Scope.safeParse(scope).success) throw new Error(`unknown scope "${scope}" (one of ${Scope.options.join(', ')})`);
  }
  return `cv_${randomBytes(32).toString('base64url')} ${[...new Set(scopes)].join(' ')}`;
}

if (import.meta.main) {
  try {
    process.stdout.write(`${mintToken(process.argv.slice(2))}\n`);
  } catch (err) {
    process.stderr.write(`Usage: node server/tokens.ts SCOPE... (${Scope.options.join(', ')})\nError: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
