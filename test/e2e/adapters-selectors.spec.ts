/**
 * Selectors are data with fixture twins (refined-github style): for every built-in adapter and every
 * selector it uses, the expected number of matches on its fixture pages, counted in real Chromium with
 * the detector's own engine (lib/dom/deep-selector.ts: descendant combinators cross open shadow roots)
 * over the document and every open shadow root, no extension loaded. The Salesforce pages rendered by
 * the real LWC engine (native shadow) count too. A CRM markup change that breaks a selector shows up
 * here as one failing count once its fixture is updated to the new markup; a selector that matches
 * nothing on any fixture is dead weight and fails too.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { test, expect, chromium, type Browser, type Page } from '@playwright/test';
import { startCrmServer, type CrmServer } from '../fixtures/crm-server.ts';
import { ensureLwcFixture, lwcFixtureRoute } from '../fixtures/crm/lwc/build.ts';
import { engagement, sfId, voiceCall, type Form } from '../fixtures/crm/lwc/records.ts';
import { chromiumPath } from './chromium.ts';
import { BUILT_IN_ADAPTERS } from '../../lib/adapters/index.ts';
import type { Adapter } from '../../lib/adapters/types.ts';
import { selectorKeys as selectorsOf } from '../../lib/adapters/evidence.ts';

type Counts = Record<string, number>;
interface Case { adapter: string; name: string; url: string; setup?: (page: Page) => Promise<unknown>; counts: Counts }

const SF = 'https://acme.lightning.force.com/lightning/r';
const UUID = '3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70';
const ring = (ani: string) => async (page: Page) => page.evaluate((a) => (window as unknown as { fixture: { ring(o: object): string } }).fixture.ring({ ani: a, attestation: 'A' }), ani);
const LWC = 'https://acme.lightning.force.com/fixtures/lwc/console.html?shadow=native&delay=0';
/** Render a record in the LWC console (native shadow). */
const lwc = (path: string, record: object) => async (page: Page) =>
  page.evaluate(([p, r]) => (window as unknown as { lwcFixture: { open(p: string, r: object): void } }).lwcFixture.open(p as string, r as object), [path, record] as const);
const lwcVoiceCall = (form: Form) => lwc(`/lightning/r/VoiceCall/${sfId('0LQ')}/view`, voiceCall('+1 (415) 555-0100', form));

const CASES: Case[] = [
  { adapter: 'salesforce-voicecall', name: 'native shadow', url: `${SF}/VoiceCall/0LQ5g00000A1b2cAAA/view?attest=A`, counts: { callView: 1, 'ani[0]': 0, 'ani[1]': 0, 'ani[2]': 1, 'ani[3]': 1, attestation: 1 } },
  { adapter: 'salesforce-voicecall', name: 'synthetic shadow', url: `${SF}/VoiceCall/0LQ5g00000A1b2cAAA/view?shadow=synthetic`, counts: { callView: 1, 'ani[0]': 0, 'ani[1]': 0, 'ani[2]': 1, 'ani[3]': 1, attestation: 0 } },
  { adapter: 'salesforce-voicecall', name: 'LWC page layout', url: LWC, setup: lwcVoiceCall('layout'), counts: { callView: 1, 'ani[0]': 1, 'ani[1]': 0, 'ani[2]': 1, 'ani[3]': 2, attestation: 1 } },
  { adapter: 'salesforce-voicecall', name: 'LWC value in the item\'s shadow root', url: LWC, setup: lwcVoiceCall('inline'), counts: { callView: 1, 'ani[0]': 0, 'ani[1]': 0, 'ani[2]': 1, 'ani[3]': 2, attestation: 1 } },
  { adapter: 'salesforce-voicecall', name: 'LWC Dynamic Forms', url: LWC, setup: lwcVoiceCall('dynamic'), counts: { callView: 1, 'ani[0]': 0, 'ani[1]': 1, 'ani[2]': 0, 'ani[3]': 1, attestation: 1 } },
  { adapter: 'salesforce-engagement', name: 'Open CTI call', url: `${SF}/EngagementInteraction/0eI5g00000B7c8dAAA/view?ani=%2B14155550100&attendee=C-1001`, counts: { callView: 1, 'ani[0]': 0, 'ani[1]': 0, 'ani[2]': 1, 'ani[3]': 1, customerId: 1 } },
  {
    adapter: 'salesforce-engagement', name: 'LWC page layout', url: LWC,
    setup: lwc(`/lightning/r/EngagementInteraction/${sfId('0eI')}/view`, engagement('+1 (202) 555-0199', { id: 'C-1002', name: 'Grace Hopper' })),
    counts: { callView: 1, 'ani[0]': 1, 'ani[1]': 0, 'ani[2]': 1, 'ani[3]': 1, customerId: 1 },
  },
  {
    adapter: 'salesforce-engagement', name: 'LWC Dynamic Forms', url: LWC,
    setup: lwc(`/lightning/r/EngagementInteraction/${sfId('0eI')}/view`, engagement('+1 (202) 555-0199', { id: 'C-1002', name: 'Grace Hopper' }, 'dynamic')),
    counts: { callView: 1, 'ani[0]': 0, 'ani[1]': 1, 'ani[2]': 0, 'ani[3]': 0, customerId: 1 },
  },
  { adapter: 'genesys-cloud', name: 'agent UI', url: 'https://apps.mypurecloud.com/directory/#/engage/agent', setup: ring('+1 415-555-0100'), counts: { callView: 1, 'ani[0]': 1, 'ani[1]': 1, interactionId: 1, attestation: 1, version: 1 } },
  { adapter: 'genesys-cloud-embedded', name: 'softphone', url: 'https://apps.mypurecloud.com/crm/index.html?crm=salesforce', setup: ring('+1 415-555-0100'), counts: { callView: 1, 'ani[0]': 1, 'ani[1]': 1, interactionId: 1, attestation: 1, version: 1 } },
  { adapter: 'dynamics-omnichannel', name: 'ringing notification (no conversation id)', url: 'https://acme.crm.dynamics.com/main.aspx', setup: ring('+44 20 7946 0018'), counts: { callView: 0, 'ani[0]': 0 } },
  {
    adapter: 'dynamics-omnichannel', name: 'accepted conversation form', url: 'https://acme.crm.dynamics.com/main.aspx',
    setup: async (page) => { await ring('+44 20 7946 0018')(page); await page.click('#popupNotificationFooter #acceptButton'); },
    counts: { callView: 1, 'ani[0]': 1 },
  },
  { adapter: 'zendesk-talk', name: 'ringing (no evidenced markup)', url: 'https://acme.zendesk.com/agent/dashboard', setup: ring('+1 617-555-0188'), counts: { callView: 0, 'ani[0]': 0 } },
  { adapter: 'zendesk-talk', name: 'accepted call ticket', url: 'https://acme.zendesk.com/agent/dashboard', setup: async (page) => { await ring('+1 617-555-0188')(page); await page.evaluate(() => (window as unknown as { fixture: { accept(): void } }).fixture.accept()); }, counts: { callView: 1, 'ani[0]': 1 } },
  { adapter: 'zendesk-talk', name: 'hung up', url: 'https://acme.zendesk.com/agent/dashboard', setup: async (page) => { await ring('+1 617-555-0188')(page); await page.evaluate(() => { const f = (window as unknown as { fixture: { accept(): void; hangup(): void } }).fixture; f.accept(); f.hangup(); }); }, counts: { callView: 0, 'ani[0]': 1 } },
  { adapter: 'amazon-connect-ccp', name: 'ringing (connecting)', url: `https://acme.my.connect.aws/ccp-v2/?cid=${UUID}`, setup: ring('+1 (757) 555-0134'), counts: { callView: 1, 'ani[0]': 1, 'ani[1]': 1, interactionId: 1 } },
];


/** lib/dom/deep-selector.ts as a page script (window.__deep), transpiled here from its source. */
const DEEP = ts.transpileModule(readFileSync(new URL('../../lib/dom/deep-selector.ts', import.meta.url), 'utf8'), {
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
}).outputText;
const DEEP_SCRIPT = `(() => { const exports = {}; ${DEEP}; window.__deep = exports; })();`;

/** Matches of `selector` with the detector's engine, over the document and every open shadow root. */
const deepCount = (page: Page, selector: string): Promise<number> =>
  page.evaluate((sel) => {
    const roots: (Document | ShadowRoot)[] = [document];
    for (let i = 0; i < roots.length; i++) {
      for (const el of Array.from((roots[i] as ParentNode).querySelectorAll('*'))) if (el.shadowRoot) roots.push(el.shadowRoot);
    }
    const deep = (window as unknown as { __deep: { deepQueryAll(r: ParentNode[], s: string): Element[] } }).__deep;
    return deep.deepQueryAll(roots, sel).length;
  }, selector);

let crm: CrmServer;
let browser: Browser;
test.beforeAll(async () => {
  await ensureLwcFixture();
  crm = await startCrmServer();
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', ...crm.chromiumArgs] });
});
test.afterAll(async () => {
  await browser?.close();
  await crm?.close();
});

test('every built-in adapter has fixture cases, and every selector matches on at least one', () => {
  for (const adapter of BUILT_IN_ADAPTERS) {
    const cases = CASES.filter((c) => c.adapter === adapter.id);
    expect(cases.length, `${adapter.id} has no fixture case`).toBeGreaterThan(0);
    for (const key of Object.keys(selectorsOf(adapter))) {
      for (const c of cases) expect(c.counts, `${adapter.id} (${c.name}) lists no count for ${key}`).toHaveProperty([key]);
      expect(Math.max(...cases.map((c) => c.counts[key] ?? 0)), `${adapter.id}.${key} matches on no fixture`).toBeGreaterThan(0);
    }
  }
});

for (const c of CASES) {
  test(`${c.adapter} (${c.name}): expected match count of each selector`, async () => {
    const adapter = BUILT_IN_ADAPTERS.find((a) => a.id === c.adapter) as Adapter;
    const page = await browser.newPage();
    await lwcFixtureRoute(page);
    await page.goto(c.url);
    if (c.url === LWC) await page.waitForFunction(() => 'lwcFixture' in window);
    await page.addScriptTag({ content: DEEP_SCRIPT });
    await c.setup?.(page);
    const selectors = selectorsOf(adapter);
    await expect.poll(() => deepCount(page, adapter.callView)).toBe(c.counts.callView);
    const got: Counts = {};
    for (const [key, selector] of Object.entries(selectors)) got[key] = await deepCount(page, selector);
    expect(got).toEqual(c.counts);
    await page.close();
  });
}
