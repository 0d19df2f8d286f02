/**
 * A remote HTTPS API (the reference API behind TLS with a self-signed certificate, at a name that is not
 * loopback) with NO CORS entry for the add-on: Firefox's preflight comes from moz-extension://<random
 * per-install UUID>, which no admin can allow-list. With host permission for the API origin the worker's
 * requests are not CORS-bound, so the API's CORS list does not matter.
 */
import { test, expect, callUrl, grantOrigins, AUTO_GRANT_PREFS } from './fixtures.ts';

test.use({ prefs: AUTO_GRANT_PREFS });

const API_ORIGIN_PATTERN = 'https://api.callverify.example/*';

test('without host permission: preflighted from the per-install moz-extension origin and refused', async ({ firefox, useApi, remoteApi }) => {
  await useApi(remoteApi.url);
  const seen = remoteApi.front.requests.length;
  const { url } = callUrl('+1 (415) 555-0100');
  const page = await firefox.browser.newPage();
  await page.goto(url);
  // The worker gives up on the interaction lookup (preflights only), then tries to identify the caller.
  await expect.poll(() => remoteApi.front.requests.slice(seen).map((r) => `${r.method} ${r.path}`)).toContain('OPTIONS /v1/identify');
  const fresh = remoteApi.front.requests.slice(seen);
  expect(fresh.filter((r) => r.method !== 'OPTIONS')).toEqual([]);
  expect(new Set(fresh.map((r) => r.origin))).toEqual(new Set([firefox.origin]));
});

test('with host permission for the API origin: no preflight, the worker requests reach the API', async ({ firefox, options, useApi, remoteApi }) => {
  expect(await grantOrigins(options, [API_ORIGIN_PATTERN])).toBe(true);
  await useApi(remoteApi.url);
  const seen = remoteApi.front.requests.length;
  const { url } = callUrl('+1 (415) 555-0100');
  const page = await firefox.browser.newPage();
  await page.goto(url);
  await expect.poll(() => remoteApi.front.requests.slice(seen).map((r) => `${r.method} ${r.path}`)).toContain('POST /v1/identify');
  const fresh = remoteApi.front.requests.slice(seen);
  expect(fresh.filter((r) => r.method === 'OPTIONS')).toEqual([]);
  expect(fresh.every((r) => r.origin === undefined || r.origin === firefox.origin)).toBe(true);
});
