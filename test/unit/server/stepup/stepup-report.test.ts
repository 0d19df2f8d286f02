/** The step-up report per channel (each backend): started, passed with the mean time to pass, failed, denied, expired, pending. */
import { expect, it } from 'vitest';
import { StepUp, StepUpReport } from '../../../../lib/api/contract-stepup.ts';
import { ADA, closeAfterEach, demoApp, forEachBackend, send, testClock } from '../helpers.ts';
import { ADA_DEVICE, codeFromOutbox } from './stepup-helpers.ts';

forEachBackend(() => {
  const { open } = closeAfterEach();

  it('counts step-ups per channel by how they ended, and the mean time to pass', async () => {
    const clock = testClock();
    const pair = await demoApp({ now: clock.now, stepUp: { demo: true } });
    open.push(pair);
    const { app } = pair;
    const start = async (channel: string, interactionId: string, customerId = ADA.customerId) =>
      StepUp.parse((await send(app, 'POST', '/v1/step-ups', { interactionId, customerId, channel })).json());
    const check = (s: StepUp, interactionId: string, code: string) => send(app, 'POST', `/v1/step-ups/${s.id}/check`, { interactionId, code });
    const decide = (s: StepUp, decision: string) => send(app, 'POST', `/app/v1/step-ups/${s.id}/decision`, { decision }, { authorization: ADA_DEVICE });

    const passedSms = await start('sms', 'r-1');
    const code = await codeFromOutbox(app);
    clock.advance(40_000);
    await check(passedSms, 'r-1', code);
    const passedApp = await start('app', 'r-2');
    clock.advance(20_000);
    await decide(passedApp, 'approve');
    await decide(await start('app', 'r-3'), 'deny');
    await start('voice', 'r-4'); // will expire
    clock.advance(5 * 60_000);
    const locked = await start('sms', 'r-5', 'C-1002');
    for (let i = 0; i < 5; i++) await check(locked, 'r-5', (await codeFromOutbox(app, '+442079460018')) === '000000' ? '000001' : '000000');
    await start('email', 'r-6'); // still pending

    const res = await send(app, 'GET', '/v1/reports/step-ups?from=2025-03-01&to=2025-03-01');
    const report = StepUpReport.parse(res.json());
    const by = Object.fromEntries(report.channels.map(({ channel, ...c }) => [channel, c]));
    expect(by.sms).toEqual({ started: 2, passed: 1, failed: 1, denied: 0, expired: 0, pending: 0, meanSecondsToPass: 40 });
    expect(by.app).toEqual({ started: 2, passed: 1, failed: 0, denied: 1, expired: 0, pending: 0, meanSecondsToPass: 20 });
    expect(by.voice).toEqual({ started: 1, passed: 0, failed: 0, denied: 0, expired: 1, pending: 0 });
    expect(by.email).toEqual({ started: 1, passed: 0, failed: 0, denied: 0, expired: 0, pending: 1 });
    expect(report.totals).toEqual({ started: 6, passed: 2, failed: 1, denied: 1, expired: 1, pending: 1, meanSecondsToPass: 30 });
    const empty = StepUpReport.parse((await send(app, 'GET', '/v1/reports/step-ups?from=2025-02-01&to=2025-02-28')).json());
    expect(empty.totals.started).toBe(0);
    expect((await send(app, 'GET', '/v1/reports/step-ups?from=2025-03-02&to=2025-03-01')).statusCode).toBe(400);
  }, 30_000);

  it('needs the reports scope', async () => {
    const token = 'agent-token-0123456789abcdef';
    const pair = await demoApp({ tokens: [{ token, scopes: ['agent'] }] });
    open.push(pair);
    const res = await send(pair.app, 'GET', '/v1/reports/step-ups', undefined, { authorization: `Bearer ${token}` });
    expect(res.statusCode).toBe(403);
  });
});
