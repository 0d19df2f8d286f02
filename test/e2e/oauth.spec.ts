/**
 * `apiAuth: oauth2-pkce` end to end: the built extension in Chromium, the loopback OAuth fixture
 * (test/fixtures/oauth-server.ts) and the reference API behind a gate that accepts only the access tokens
 * that fixture issued (test/e2e/fake-api.ts startAuthProxy).
 */
import type { Frame, Worker } from '@playwright/test';
import { test, expect, panelFrame, callUrl } from './fixtures.ts';
import { startOAuthServer, type OAuthServer } from '../fixtures/oauth-server.ts';
import { startAuthProxy, type AuthProxy } from './fake-api.ts';
import { dumpExtensionStorage } from './worker.ts';

let oauth: OAuthServer;
let gate: AuthProxy;

test.beforeEach(async ({ api }) => {
  oauth = await startOAuthServer();
  gate = await startAuthProxy(api.url, (t) => oauth.isValid(t));
});
test.afterEach(async () => {
  await gate.close();
  await oauth.close();
});

/** Agent options: the gated API and OAuth (the same keys a managed policy would set). */
async function useOAuth(worker: Worker): Promise<void> {
  const options = {
    apiBaseUrl: gate.url,
    apiAuth: { type: 'oauth2-pkce', authorizeUrl: `${oauth.url}/authorize`, tokenUrl: `${oauth.url}/token`, clientId: oauth.clientId, scopes: ['verify'] },
  };
  await worker.evaluate((o) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: o }), options);
}

async function answer(panel: Frame): Promise<void> {
  await panel.getByLabel('Date of birth').fill('10/12/1985');
  await panel.getByLabel('Postcode').fill('94107');
  await panel.getByRole('button', { name: 'Check answers' }).click();
}

test('a call verifies with an access token obtained silently via PKCE; tokens only in storage.session', async ({ context, worker, extensionId, useApi: _ }) => {
  await useOAuth(worker);
  const page = await context.newPage();
  await page.goto(callUrl('+1 (415) 555-0100'));
  const panel = await panelFrame(page, extensionId);
  await expect(panel.getByLabel('Date of birth')).toBeVisible();
  await answer(panel);
  await expect(panel.locator('[data-outcome]')).toHaveText('Verified');
  expect(oauth.counts).toMatchObject({ authorize: 1, exchanges: 1, badVerifier: 0 });
  expect(gate.counts.refused).toBe(0);
  expect(gate.counts.forwarded).toBeGreaterThanOrEqual(4); // prior, identify, challenge, verify
  const dump = await dumpExtensionStorage(context, extensionId);
  const tokens = (dump.session as Record<string, { accessToken?: string; refreshToken?: string }>)['auth:tokens'];
  expect(tokens?.accessToken && oauth.isValid(tokens.accessToken)).toBe(true);
  expect(tokens?.refreshToken).toBeTruthy();
  expect(JSON.stringify(dump.local)).not.toContain(tokens?.refreshToken as string);
  expect(JSON.stringify(dump.idb)).not.toContain(tokens?.accessToken as string);
});

test('an access token about to expire is refreshed before the next call, and the flow continues', async ({ context, worker, extensionId, useApi: _ }) => {
  oauth.accessTtlS = 4; // renewed within min(60 s, half its life) of expiry
  await useOAuth(worker);
  const page = await context.newPage();
  await page.goto(callUrl('+1 (415) 555-0100'));
  const panel = await panelFrame(page, extensionId);
  await expect(panel.getByLabel('Date of birth')).toBeVisible();
  await page.waitForTimeout(4500); // the token has expired
  await answer(panel);
  await expect(panel.locator('[data-outcome]')).toHaveText('Verified');
  expect(oauth.counts).toMatchObject({ exchanges: 1, refreshes: 1 });
  expect(gate.counts.refused).toBe(0);
});

test('a token the API refuses (401) is refreshed once and the call is sent again', async ({ context, worker, extensionId, useApi: _ }) => {
  await useOAuth(worker);
  const page = await context.newPage();
  await page.goto(callUrl('+1 (415) 555-0100'));
  const panel = await panelFrame(page, extensionId);
  await expect(panel.getByLabel('Date of birth')).toBeVisible();
  oauth.revokeAccessTokens(); // e.g. revoked at the authorization server: the API now answers 401
  await answer(panel);
  await expect(panel.locator('[data-outcome]')).toHaveText('Verified');
  expect(gate.counts.refused).toBe(1);
  expect(oauth.counts).toMatchObject({ exchanges: 1, refreshes: 1 });
});

test('a sign-in answer with a wrong state is refused and explained; nothing is exchanged', async ({ context, worker, extensionId, useApi: _ }) => {
  oauth.mode = 'wrong-state';
  await useOAuth(worker);
  const page = await context.newPage();
  await page.goto(callUrl('+1 (415) 555-0100'));
  const panel = await panelFrame(page, extensionId);
  const box = panel.locator('[data-sign-in="failed"]');
  await expect(box).toContainText('Sign in to the verification service');
  await expect(box).toContainText('Signing in did not work');
  await expect(box.locator('.details')).toContainText('state');
  expect(oauth.counts.exchanges).toBe(0);
  expect(gate.counts.forwarded + gate.counts.refused).toBe(0);
});

test('a failing token endpoint is explained; "Sign in" then signs in and the call resumes', async ({ context, worker, extensionId, useApi: _ }) => {
  oauth.mode = 'token-500';
  await useOAuth(worker);
  const page = await context.newPage();
  await page.goto(callUrl('+1 (415) 555-0100'));
  const panel = await panelFrame(page, extensionId);
  const box = panel.locator('[data-sign-in="failed"]');
  await expect(box.locator('.details')).toContainText('Token endpoint: HTTP 500');
  await expect(box.getByRole('button', { name: 'Sign in' })).toBeFocused();
  oauth.mode = 'auto';
  await box.getByRole('button', { name: 'Sign in' }).click(); // interactive flow: the window closes at once (302)
  await expect(panel.getByLabel('Date of birth')).toBeVisible();
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
});

test('an identity provider that needs the agent: the panel asks, the sign-in window opens on the click, the call resumes', async ({ context, worker, extensionId, useApi: _ }) => {
  oauth.mode = 'login'; // /authorize shows a page with an Approve link: only an interactive flow gets past it
  await useOAuth(worker);
  const page = await context.newPage();
  await page.goto(callUrl('+1 (415) 555-0100'));
  const panel = await panelFrame(page, extensionId);
  const box = panel.locator('[data-sign-in="required"]');
  await expect(box).toContainText('needs you to sign in');
  const opened = context.waitForEvent('page', (p) => p.url().startsWith(`${oauth.url}/authorize`));
  await box.getByRole('button', { name: 'Sign in' }).click();
  const idp = await opened;
  await idp.getByRole('link', { name: 'Approve' }).click();
  await expect(panel.getByLabel('Date of birth')).toBeVisible();
  expect(oauth.counts).toMatchObject({ authorize: 2, exchanges: 1, badVerifier: 0 });
});
