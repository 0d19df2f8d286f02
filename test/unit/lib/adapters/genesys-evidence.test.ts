/** Every Genesys selector and event carries evidence; the agent UI's selectors are shown as unverified. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { genesysCloud, genesysEmbedded } from '../../../../lib/adapters/genesys.ts';
import { genesysEvidence } from '../../../../lib/adapters/genesys-evidence.ts';
import { selectorKeys as selectorsOf } from '../../../../lib/adapters/evidence.ts';

const evidence = genesysEvidence();

describe('Genesys evidence', () => {
  it.each([genesysCloud, genesysEmbedded].map((a) => [a.id, a] as const))('%s: every selector and event has evidence', (id, adapter) => {
    const mine = evidence[id] ?? {};
    for (const key of Object.keys(selectorsOf(adapter))) {
      expect(mine[key]?.length, key).toBeGreaterThan(0);
      // No public automation shows the agent UI's markup (issue "Real consoles II").
      expect(mine[key]?.every((e) => e.status === 'unverified'), key).toBe(true);
    }
    for (const kind of adapter.events ?? []) expect(mine[`event:${kind}`]?.length, kind).toBeGreaterThan(0);
  });

  it('the notification channel is cited from the SDK types the parser compiles against', () => {
    const types = readFileSync('node_modules/purecloud-platform-client-v2/index.d.ts', 'utf8');
    const channel = evidence['genesys-cloud']?.['event:notification-channel']?.[0];
    expect(channel?.status).toBe('vendor-code');
    for (const name of ['postNotificationsChannels', 'putNotificationsChannelSubscriptions', 'interface ConversationCallEventTopicCallConversation']) expect(types).toContain(name);
  });
});
