import { buildApp } from './app.ts';
import { openDb } from './db.ts';
const db = openDb('/tmp/cvgen/bench/api-20000.sqlite');
const app = buildApp({ db, tokens: ['bench-token-0123456789abcdef'], rateLimits: { perTokenPerMinute: 1e9 }, logger: process.argv[2] === 'log' ? { level: 'info', stream: { write() {} } } : false });
await app.ready();
const headers = { 'content-type': 'application/json', authorization: 'Bearer bench-token-0123456789abcdef' };
const payload = JSON.stringify({ interactionId: 'x', method: 'ani', value: '+12012000000' });
for (let round = 0; round < 3; round++) {
  const t = performance.now(); const N = 5000;
  for (let i = 0; i < N; i++) await app.inject({ method: 'POST', url: '/v1/identify', headers, payload });
  console.log(`${((performance.now() - t) / N * 1000).toFixed(0)} µs/request`);
}
const { normaliseAni } = await import('../lib/phone.ts');
let t = performance.now(); for (let i = 0; i < 20000; i++) normaliseAni('+12012000000'); console.log('normaliseAni', ((performance.now() - t) / 20000 * 1000).toFixed(1), 'µs');
const { countHit } = await import('./ratelimit.ts');
t = performance.now(); for (let i = 0; i < 20000; i++) countHit(db, 'x', Date.now()); console.log('countHit', ((performance.now() - t) / 20000 * 1000).toFixed(1), 'µs');
const { findByPhone } = await import('./customers.ts');
t = performance.now(); for (let i = 0; i < 20000; i++) findByPhone(db, '+12012000000'); console.log('findByPhone', ((performance.now() - t) / 20000 * 1000).toFixed(1), 'µs');
await app.close();
