/**
 * `apiAuth: oauth2-pkce` from a REAL Chromium machine policy (rendered by the admin CLI, installed in
 * /etc/chromium/policies/managed/, removed after the test; see managed-policy.ts): the managed schema
 * carries the OAuth object through Chromium's policy stack and the worker signs in with it.
 */
import { expect, panelFrame, callUrl } from './fixtures.ts';
import { policyTest as test, useManagedPolicyFile } from './managed-policy.ts';
import { startOAuthServer } from '../fixtures/oauth-server.ts';
import { startAuthProxy } from './fake-api.ts';

const policyFile = useManagedPolicyFile('caller-verify-oauth-test.json');

test('a managed oauth2-pkce policy: silent PKCE sign-in, the gated API accepts the token, the caller is verified', async ({ api, launch }) => {
  const oauth = await startOAuthServer();
  const gate = await startAuthProxy(api.url, (t) => oauth.isValid(t));
  try {
    policyFile.install(policyFile.render({
      apiBaseUrl: gate.url,
      apiAuth: { type: 'oauth2-pkce', authorizeUrl: `${oauth.url}/authorize`, tokenUrl: `${oauth.url}/token`, clientId: oauth.clientId, scopes: ['verify', 'results'] },
    }));
    const { context, extensionId } = await launch();
    const page = await context.newPage();
    await page.goto(callUrl('+1 (415) 555-0100'));
    const panel = await panelFrame(page, extensionId);
    await expect(panel.getByLabel('Date of birth')).toBeVisible({ timeout: 15_000 });
    await panel.getByLabel('Date of birth').fill('10/12/1985');
    await panel.getByLabel('Postcode').fill('94107');
    await panel.getByRole('button', { name: 'Check answers' }).click();
    await expect(panel.locator('[data-outcome]')).toHaveText('Verified');
    expect(oauth.counts).toMatchObject({ exchanges: 1, badVerifier: 0 });
    expect(gate.counts.refused).toBe(0);
    expect(gate.counts.forwarded).toBeGreaterThanOrEqual(4);
  } finally {
    await gate.close();
    await oauth.close();
  }
});
