/** The one list of built-in CRM adapters. Order matters: the first whose URL matches wins. */
import type { Adapter } from './types';
import { salesforceVoiceCall } from './salesforce';

export const BUILT_IN_ADAPTERS: readonly Adapter[] = [salesforceVoiceCall];

/** Find an adapter by id among the built-in ones. */
export function adapterById(id: string): Adapter | undefined {
  return BUILT_IN_ADAPTERS.find((a) => a.id === id);
}
