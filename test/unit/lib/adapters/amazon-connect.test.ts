/**
 * The Amazon Connect adapter against Amazon's own code: every citation of the installed
 * amazon-connect-streams package (amazonConnectEvidence) names a file that exists and quotes text it
 * contains; every selector, the URL pattern and the event source has evidence, the DOM marked unverified;
 * the conduit's event name is the one the package builds; and the URL gate takes CCP v2 and Agent Workspace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { amazonConnectCcp } from '../../../../lib/adapters/amazon-connect.ts';
import { amazonConnectEvidence, type ConnectEvidence } from '../../../../lib/adapters/amazon-connect-evidence.ts';
import { AGENT_UPDATE, CONNECT_CCP_HOSTS } from '../../../../lib/adapters/connect-snapshot.ts';
import { BUILT_IN_ADAPTERS } from '../../../../lib/adapters/index.ts';
import { urlCandidates } from '../../../../lib/detect/read.ts';
import { selectorKeys as selectorsOf } from '../../../../lib/adapters/evidence.ts';

const PACKAGE = dirname(createRequire(import.meta.url).resolve('amazon-connect-streams/package.json'));
const text = (file: string): string => readFileSync(join(PACKAGE, file), 'utf8');
const EVIDENCE = amazonConnectEvidence()['amazon-connect-ccp'] ?? {};
const cited: ConnectEvidence[] = Object.values(EVIDENCE).flat();

describe('Amazon Connect evidence', () => {
  it('every selector, the URL pattern and every event source has evidence', () => {
    const keys = [...Object.keys(selectorsOf(amazonConnectCcp)), 'urlPattern', ...(amazonConnectCcp.events ?? []).map((k) => `events.${k}`)];
    expect(Object.keys(EVIDENCE).sort()).toEqual(keys.sort());
    for (const [key, list] of Object.entries(EVIDENCE)) expect(list.length, key).toBeGreaterThan(0);
  });

  it('the DOM selectors, which nothing public shows, are marked unverified; the event source rests on vendor code', () => {
    for (const key of Object.keys(selectorsOf(amazonConnectCcp))) expect(EVIDENCE[key]?.map((e) => e.status), key).toContain('unverified');
    expect(EVIDENCE['events.connect-conduit']?.every((e) => e.status === 'vendor-code')).toBe(true);
  });

  it.each([...new Map(cited.filter((e) => e.source === 'amazon-connect-streams').map((e) => [`${e.file}#${e.quote}`, e])).values()])(
    '$file ($element) quotes the installed package', (e) => {
      expect(e.quote, 'a package citation carries its quote').toBeTruthy();
      expect(existsSync(join(PACKAGE, e.file))).toBe(true);
      expect(text(e.file)).toContain(e.quote);
    });

  it('the conduit event name is what Streams builds: prefix::value', () => {
    const js = text('release/connect-streams.js');
    expect(js).toMatch(/makeNamespacedEnum = function \(prefix, values\) \{[^}]*connect\.sprintf\("%s::%s", prefix/);
    expect(js).toMatch(/var AgentEvents = connect\.makeNamespacedEnum\('agent', \['init', 'update',/);
    expect(AGENT_UPDATE).toBe('agent::update');
  });

  it("our CCP hosts are Streams' Connect domains, without its internal test stage", () => {
    const domains = /isConnectDomain = function isConnectDomain\(origin\) \{\s*return origin\.match\(\/([^/]+)\/\)/.exec(text('release/connect-streams.js'))?.[1];
    const streamsHosts = (domains ?? '').split('|').map((d) => d.replace(/^\./, ''));
    expect(streamsHosts.filter((h) => h !== 'connect.aws.a2z.com').sort()).toEqual(CONNECT_CCP_HOSTS.map((p) => /^https:\/\/\*\.([^/]+)\/\*$/.exec(p)?.[1]).sort());
  });
});

describe('Amazon Connect URL gate', () => {
  it.each([
    ['https://acme.my.connect.aws/ccp-v2/', true], ['https://acme.my.connect.aws/ccp-v2/softphone', true],
    ['https://acme.my.connect.aws/agent-app-v2/', true], ['https://acme.awsapps.com/connect/agent-app-v2/', true],
    ['https://acme.awsapps.com/connect/ccp-v2/', true], ['https://acme.my.connect.aws/agent-app-v2x/', false],
    ['https://acme.my.connect.aws/connect/home', false], ['https://evil.example/agent-app-v2/', false],
  ])('%s → %s', (url, ok) => {
    const { candidates } = urlCandidates(BUILT_IN_ADAPTERS, url);
    expect(candidates.some((c) => c.adapter.id === 'amazon-connect-ccp')).toBe(ok);
  });
});
