/**
 * Policy key `genesys`: the Genesys Cloud region and the OAuth client (Code Authorization with PKCE) an
 * admin created for this extension. Both set: the worker signs the agent in at `login.<region>` and reads
 * their calls from the notification channel; empty (the default): DOM detection only. Its own file so
 * schema.ts gains one line; self-contained (zod only) for the admin CLI.
 */
import { z } from 'zod';

/** A Genesys Cloud region domain: `mypurecloud.com|ie|de|jp|com.au` or `<region>.pure.cloud`. */
export const GENESYS_REGION = /^(?:mypurecloud\.(?:com|ie|de|jp|com\.au)|[a-z0-9]+(?:-[a-z0-9]+)*\.pure\.cloud)$/;

export const GenesysSchema = z.object({
  region: z.string({ error: 'must be a string' }).check((ctx) => {
    if (ctx.value !== '' && !GENESYS_REGION.test(ctx.value)) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must be a Genesys Cloud region domain such as "mypurecloud.com" or "usw2.pure.cloud" (empty: off)' });
    }
  }).default('').describe('Genesys Cloud region domain, e.g. mypurecloud.com or usw2.pure.cloud (empty: no notification channel).'),
  clientId: z.string({ error: 'must be a string' }).trim().max(256, { error: 'must be at most 256 characters' }).default('')
    .describe('Genesys Cloud OAuth client id (Code Authorization with PKCE) whose redirect URI is the extension\'s.'),
}).describe('Genesys Cloud: calls from the notification channel with the agent\'s Genesys sign-in.');
