/**
 * Amazon Connect in Firefox through the real Amazon Connect Streams (connect.core.initCCP from the installed
 * amazon-connect-streams package, on the fixture Agent Workspace): the fake CCP frame replays agent
 * snapshots over Streams' conduit. Forged agent::update messages (the page posting to itself, a page-made
 * MessageEvent claiming the CCP's origin and frame, a frame on another host) and a queued callback report
 * nothing; the CCP's ringing voice contact opens the panel from the top frame, and its end is recorded.
 */
import type { Frame, Page } from 'puppeteer-core';
import { test, expect, panelFrame, expectText } from './fixtures.ts';
import { frameHref, poll } from './firefox.ts';
import { panelInteraction, sessionValue } from './extension-state.ts';
import { forgeRingingMessages, FOREIGN_FRAME_PREFIX, type Evaluate, type Replay, type ReplayOpts as Opts } from '../fixtures/connect-forgery.ts';

const KATHERINE = '+17575550134';
const ADA = '+14155550100';
const WORKSPACE = 'https://acme.my.connect.aws/agent-app-v2/';

/** A frame of `page` whose real location starts with `prefix`. */
const frameAt = (page: Page, prefix: string): Promise<Frame> => poll(`frame ${prefix}`, async () => {
  for (const f of page.frames()) if ((await frameHref(f))?.startsWith(prefix)) return f;
  return undefined;
}, 20_000);

const on = (f: Page | Frame): Evaluate => (fn, arg) => f.evaluate(fn, arg);
const replay = (ccp: Frame, name: string, opts: Opts): Promise<void> =>
  ccp.evaluate((n, o) => (window as unknown as Replay).fixture.replay(n, o), name, opts);

/** The contact's state as the page's Streams reads it ('' when Streams has no such contact). */
const streamsState = (page: Page, id: string): Promise<string> =>
  page.evaluate((cid) => document.querySelector(`#streams-contacts li[data-contact-id="${cid}"]`)?.getAttribute('data-state') ?? '', id);

test('forged agent::update messages and a queued callback report nothing; the CCP\'s ringing voice contact opens the panel, its end is recorded', async ({ firefox, options, useApi: _ }) => {
  const page = await firefox.browser.newPage();
  await page.goto(WORKSPACE);
  // Streams is 730 kB of script to parse: on a busy two-core machine that alone can take seconds.
  await poll('Streams initialised', () => page.evaluate(() => document.getElementById('streams-state')?.textContent === 'Streams: initialised' || undefined), 20_000);
  const ccp = await frameAt(page, 'https://acme.my.connect.aws/ccp-v2/?replay');
  await poll('CCP replay hook', () => ccp.evaluate(() => typeof (window as unknown as Partial<Replay>).fixture?.replay === 'function' || undefined));

  const callback = crypto.randomUUID();
  await replay(ccp, 'queuedCallbackIncoming', { contactId: callback, phoneNumber: KATHERINE });
  await poll('Streams sees the callback incoming', async () => ((await streamsState(page, callback)) === 'incoming' ? true : undefined));
  await replay(ccp, 'queuedCallbackConnecting', { contactId: callback, phoneNumber: KATHERINE });
  await poll('Streams sees the callback connecting', async () => ((await streamsState(page, callback)) === 'connecting' ? true : undefined));

  // Forged copies of the CCP's message. The page's own Streams lists no contact after them (seen in Firefox),
  // so the callback, checked against Streams, comes first.
  const forged = await forgeRingingMessages(on(ccp), on(page), async () => on(await frameAt(page, FOREIGN_FRAME_PREFIX)), ADA);

  // The real CCP's voice contact: read after the forged messages, which were refused.
  const id = crypto.randomUUID();
  await replay(ccp, 'inboundVoiceRinging', { contactId: id, phoneNumber: KATHERINE });
  const panel = await panelFrame(page, firefox.origin);
  await expectText(panel, '.status .name', 'Katherine Johnson');
  expect(await panelInteraction(panel)).toBe(id);
  expect(await sessionValue(options, `ix:${id}`)).toMatchObject({ adapterId: 'amazon-connect-ccp', frameId: 0, crmOrigin: 'https://acme.my.connect.aws' });
  for (const other of [...Object.values(forged), callback]) expect(await sessionValue(options, `ix:${other}`), other).toBeUndefined();

  await replay(ccp, 'inboundVoiceConnected', { contactId: id, phoneNumber: KATHERINE });
  await replay(ccp, 'inboundVoiceEnded', { contactId: id, phoneNumber: KATHERINE });
  await poll('call end recorded', async () => (typeof (await sessionValue<{ callEndedAt?: number }>(options, `ix:${id}`))?.callEndedAt === 'number' ? true : undefined));
});
