/**
 * The Playwright fixtures of the specs that need Genesys Cloud: a loopback Genesys service
 * (test/fixtures/genesys-service.ts) answering as its login, API and notification hosts, and a browser
 * whose host rules send those names there and the CRM fixtures' names to the CRM fixture server.
 */
import { test as base } from './fixtures.ts';
import { startGenesysService, type GenesysService } from '../fixtures/genesys-service.ts';
import { CRM_FIXTURE_HOSTS } from '../fixtures/crm-server.ts';
import { launchWithExtension } from './chromium.ts';

/** Served by the Genesys service: its hosts, the org's Genesys Cloud for Salesforce frame and a foreign one. */
const GC_HOSTS = ['login.mypurecloud.com', 'api.mypurecloud.com', 'streaming.mypurecloud.com', 'acme--purecloud.vf.force.com', 'evil.example'];

/** The e2e `test` with a `genesys` service and the browser mapped to it. */
export const test = base.extend<{ genesys: GenesysService }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern for fixtures without dependencies
  genesys: async ({}, use) => { const s = await startGenesysService(); await use(s); await s.close(); },
  context: async ({ crm, genesys }, use) => {
    // The first matching rule wins: the Genesys service's hosts before the CRM fixture's wildcards.
    const rules = [...GC_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${genesys.port}`), ...CRM_FIXTURE_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${crm.port}`)];
    const launched = await launchWithExtension({ extraArgs: [`--host-resolver-rules=${rules.join(', ')}`, '--ignore-certificate-errors'] });
    await use(launched.context);
    await launched.context.close();
  },
});
