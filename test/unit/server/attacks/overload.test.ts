/**
 * Attack: flood the API until it cannot keep up, so every request queues until clients time out. While the
 * event loop lags past the limit, the API answers 503 `unavailable` with Retry-After at once.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../lib/api/contract.ts';
import { closeAfterEach, demoApp, forEachBackend, identify } from '../helpers.ts';

/** Keep the event loop busy for `ms` (what a flood of work does). */
function block(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) { /* busy */ }
}

forEachBackend(() => {
  const { open } = closeAfterEach();

  describe('overload', () => {
    it('answers 503 with Retry-After while the event loop lags, then serves again', async () => {
      const pair = await demoApp({ pressure: { maxEventLoopDelayMs: 50, sampleIntervalMs: 300 } });
      open.push(pair);
      const who = { interactionId: 'load-1', method: 'customerId', value: 'C-1001' };
      expect((await identify(pair.app, who)).statusCode).toBe(200);
      block(700); // longer than a sample interval: the overdue sample that runs next sees the lag
      await new Promise((r) => setTimeout(r, 5));
      const res = await identify(pair.app, who);
      expect(res.statusCode).toBe(503);
      expect(ApiError.parse(res.json()).error.code).toBe('unavailable');
      expect(res.headers['retry-after']).toBe('10');
      await new Promise((r) => setTimeout(r, 700)); // the next samples see a calm loop
      expect((await identify(pair.app, { ...who, interactionId: 'load-2' })).statusCode).toBe(200);
    });
  });
});
