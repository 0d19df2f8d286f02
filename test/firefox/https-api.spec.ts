/**
 * A remote HTTPS API (the reference API with a bearer token, behind TLS with a self-signed certificate, at
 * a name that is not loopback) with NO CORS entry for the add-on: Firefox's preflight comes from
 * moz-extension://<random per-install UUID>, which no admin can allow-list. With host permission for the API
 * origin (asked for on the options page in Firefox) the worker's requests are not CORS-bound, so the API's
 * CORS list does not matter.
 */
import { test, expect, callUrl, panelFrame, expectText, AUTO_GRANT_PREFS, REMOTE_API_HOST } from './fixtures.ts';
import { poll } from './firefox.ts';

test.use({ prefs: AUTO_GRANT_PREFS });

const API_ORIGIN_PATTERN = `https://${REMOTE_API_HOST}/*`;

test('without host permission: preflighted from the per-install moz-extension origin and refused', async ({ firefox, useApi, remoteApi }) => {
  await useApi(remoteApi.url, { type: 'bearer', token: remoteApi.token });
  const seen = remoteApi.front.requests.length;
  const { url } = callUrl('+1 (415) 555-0100');
  const page = await firefox.browser.newPage();
  await page.goto(url);
  // The worker gives up on the interaction lookup (preflights only), then tries to identify the caller.
  await expect.poll(() => remoteApi.front.requests.slice(seen).map((r) => `${r.method} ${r.path}`)).toContain('OPTIONS /v1/identify');
  const fresh = remoteApi.front.requests.slice(seen);
  expect(fresh.filter((r) => r.method !== 'OPTIONS')).toEqual([]);
  expect(new Set(fresh.map((r) => r.origin))).toEqual(new Set([firefox.origin]));
  await expectText(await panelFrame(page, firefox.origin), '[role="alert"]', /Can't reach the verification service/);
});

test('the agent grants the API host on the options page: no preflight, the caller is identified', async ({ firefox, options, useApi, remoteApi }) => {
  await useApi(remoteApi.url, { type: 'bearer', token: remoteApi.token });
  const row = (): Promise<string> => options.evaluate((host) => document.querySelector(`section.host-access-api tr[data-host="${host}"]`)?.textContent ?? '', API_ORIGIN_PATTERN);
  await poll('API host listed without access', async () => ((await row()).includes('No access yet') ? true : undefined));
  await options.click('section.host-access-api button');
  await poll('API host granted', async () => ((await row()).includes('Granted') ? true : undefined));
  const seen = remoteApi.front.requests.length;
  const { url } = callUrl('+1 (415) 555-0100');
  const page = await firefox.browser.newPage();
  await page.goto(url);
  await expectText(await panelFrame(page, firefox.origin), '.status .name', 'Ada Lovelace');
  const fresh = remoteApi.front.requests.slice(seen);
  expect(fresh.map((r) => `${r.method} ${r.path}`)).toContain('POST /v1/identify');
  expect(fresh.filter((r) => r.method === 'OPTIONS')).toEqual([]);
});
