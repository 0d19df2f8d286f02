/**
 * `npm run bench`: every benchmark in one run, one after the other (two cores: never in parallel), each
 * printing its own table. `--quick` scales the API data set down to 100,000 customers.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');

const BENCHES: { title: string; script: string; args: string[] }[] = [
  { title: 'Reference API: SQLite, PostgreSQL, 2 replicas on PostgreSQL (autocannon, loopback)', script: 'bench/api-bench.ts', args: ['--customers', quick ? '100000' : '1000000', '--duration', '10'] },
  { title: 'Call detection on a heavy console page', script: 'bench/detect.ts', args: ['--no-build'] },
  { title: 'Call detection on record pages the real LWC engine renders', script: 'bench/detect-lwc.ts', args: ['--extension', resolve(ROOT, '.output/chrome-mv3')] },
  { title: 'Call view to caller identified on the panel (fixture console, API on loopback)', script: 'bench/panel.ts', args: ['--no-build'] },
  { title: 'The same with the API at an HTTPS host reached through CORS, as a business API is (preflights counted)', script: 'bench/panel.ts', args: ['--no-build', '--api-cors', '--tabs', '2'] },
  { title: 'Ring to name on the panel, before the answer (Connect, Genesys, Dynamics fixture consoles)', script: 'bench/ringing.ts', args: ['--no-build'] },
  { title: 'Reports page with 100,000 records', script: 'bench/reports.ts', args: ['--extension', resolve(ROOT, '.output/chrome-mv3')] },
];

console.log('Building the extension (.output/chrome-mv3)…');
execFileSync(resolve(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
let failed = 0;
for (const b of BENCHES) {
  console.log(`\n=== ${b.title} (node ${b.script} ${b.args.join(' ')})`);
  try {
    execFileSync(process.execPath, [resolve(ROOT, b.script), ...b.args], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    failed++;
    console.log(`${b.script} failed`);
  }
}
process.exit(failed ? 1 : 0);
