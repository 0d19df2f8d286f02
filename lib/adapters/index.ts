/**
 * The one list of built-in CRM adapters (each CRM in its own file). Order matters: the first adapter
 * whose host and URL match and whose call view is visible wins. Admin-declared adapters (policy
 * `customAdapters`) come before these and `disabledAdapters` removes any of them: see effective.ts,
 * which the worker uses (it imports zod; this file is bundled into the content script and must not).
 * Every host pattern here must be in CRM_MATCHES (lib/manifest-data.ts); a unit test checks both ways.
 */
import type { Adapter } from './types';
import { salesforceVoiceCall, salesforceEngagement } from './salesforce';
import { genesysCloud, genesysEmbedded } from './genesys';
import { dynamicsOmnichannel } from './dynamics';
import { zendeskTalk } from './zendesk';
import { amazonConnectCcp } from './amazon-connect';

export const BUILT_IN_ADAPTERS: readonly Adapter[] = [
  salesforceVoiceCall, salesforceEngagement, genesysCloud, genesysEmbedded, dynamicsOmnichannel, zendeskTalk, amazonConnectCcp,
];

/** Find an adapter by id among the built-in ones. */
export function adapterById(id: string): Adapter | undefined {
  return BUILT_IN_ADAPTERS.find((a) => a.id === id);
}

/** Every host pattern of the built-in adapters, without duplicates (the manifest's content-script matches). */
export function builtInMatches(): string[] {
  return [...new Set(BUILT_IN_ADAPTERS.flatMap((a) => a.matches))];
}
