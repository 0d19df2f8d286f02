import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { salesforceVoiceCall } from '../../../lib/adapters/salesforce.ts';
import { CRM_MATCHES } from '../../../lib/manifest-data.ts';
import { matchesAny, matchesPattern } from '../../../lib/match-pattern.ts';

const LIGHTNING = 'https://*.lightning.force.com/*';

describe('matchesPattern: wildcard subdomains', () => {
  it.each([
    'https://acme.lightning.force.com/lightning/r/VoiceCall/0LQ000000000001AAA/view',
    'https://acme.lightning.force.com/',
    'https://acme.lightning.force.com',
    'https://a.b.c.lightning.force.com/x?y=1#z',
    'https://ACME.Lightning.Force.COM/upper-case-host',
    'https://acme.lightning.force.com:443/default-port',
    'https://acme.lightning.force.com:8443/other-port',
    'https://user:pass@acme.lightning.force.com/with-userinfo',
    'https://lightning.force.com/the-base-domain-itself',
  ])('matches %s', (url) => {
    expect(matchesPattern(LIGHTNING, url)).toBe(true);
  });

  it.each([
    ['a look-alike prefix', 'https://evil-lightning.force.com/'],
    ['a look-alike without the dot', 'https://acmelightning.force.com/'],
    ['the domain as a subdomain of another', 'https://lightning.force.com.evil.com/'],
    ['the domain as a label of another', 'https://acme.lightning.force.com.evil.com/x'],
    ['the parent domain', 'https://force.com/'],
    ['a sibling domain', 'https://acme.my.salesforce.com/'],
    ['userinfo that looks like the host', 'https://acme.lightning.force.com@evil.com/'],
    ['the host in the query', 'https://evil.com/?next=acme.lightning.force.com'],
    ['the host in the fragment', 'https://evil.com/#acme.lightning.force.com'],
    ['the host in the path', 'https://evil.com/acme.lightning.force.com/'],
    ['a backslash trick', 'https://evil.com\\@acme.lightning.force.com/'],
    ['plain http', 'http://acme.lightning.force.com/'],
    ['wss', 'wss://acme.lightning.force.com/'],
  ])('does not match %s', (_label, url) => {
    expect(matchesPattern(LIGHTNING, url)).toBe(false);
  });
});

describe('matchesPattern: exact hosts', () => {
  const pattern = 'https://crm.example.com/*';
  it('matches the host with any path, query or port', () => {
    expect(matchesPattern(pattern, 'https://crm.example.com/')).toBe(true);
    expect(matchesPattern(pattern, 'https://crm.example.com/a/b?c=d#e')).toBe(true);
    expect(matchesPattern(pattern, 'https://crm.example.com:8443/')).toBe(true);
  });

  it('does not match subdomains, parents or look-alikes', () => {
    expect(matchesPattern(pattern, 'https://sub.crm.example.com/')).toBe(false);
    expect(matchesPattern(pattern, 'https://example.com/')).toBe(false);
    expect(matchesPattern(pattern, 'https://crm.example.com.evil.net/')).toBe(false);
    expect(matchesPattern(pattern, 'https://xcrm.example.com/')).toBe(false);
  });

  it('compares the scheme exactly', () => {
    expect(matchesPattern(pattern, 'http://crm.example.com/')).toBe(false);
    expect(matchesPattern('http://crm.example.com/*', 'http://crm.example.com/')).toBe(true);
    expect(matchesPattern('http://crm.example.com/*', 'https://crm.example.com/')).toBe(false);
  });

  it('works for loopback hosts as in the API host permissions', () => {
    expect(matchesPattern('http://127.0.0.1/*', 'http://127.0.0.1:8787/v1/identify')).toBe(true);
    expect(matchesPattern('http://localhost/*', 'http://localhost:8787/v1/identify')).toBe(true);
    expect(matchesPattern('http://127.0.0.1/*', 'http://127.0.0.2/')).toBe(false);
  });
});

describe('matchesPattern: the * scheme and * host', () => {
  it('"*" scheme means http or https only', () => {
    const p = '*://*.example.com/*';
    expect(matchesPattern(p, 'https://a.example.com/')).toBe(true);
    expect(matchesPattern(p, 'http://a.example.com/')).toBe(true);
    for (const scheme of ['ftp', 'ws', 'wss', 'file', 'chrome-extension', 'data', 'javascript']) {
      expect(matchesPattern(p, `${scheme}://a.example.com/`)).toBe(false);
    }
  });

  it('"*" host matches any host with the scheme', () => {
    expect(matchesPattern('https://*/*', 'https://anything.at.all/')).toBe(true);
    expect(matchesPattern('https://*/*', 'https://127.0.0.1:1/')).toBe(true);
    expect(matchesPattern('https://*/*', 'http://anything.at.all/')).toBe(false);
    expect(matchesPattern('*://*/*', 'http://x/')).toBe(true);
    expect(matchesPattern('*://*/*', 'file:///etc/passwd')).toBe(false);
    expect(matchesPattern('*://*/*', 'chrome-extension://abc/panel.html')).toBe(false);
  });
});

describe('matchesPattern: bad input', () => {
  it.each(['', 'not a url', 'acme.lightning.force.com', '//acme.lightning.force.com/', 'https://', 'https://[::1/'])(
    'a bad URL %j never matches',
    (url) => {
      expect(matchesPattern(LIGHTNING, url)).toBe(false);
      expect(matchesPattern('*://*/*', url)).toBe(false);
    },
  );

  it.each([
    ['empty', ''],
    ['<all_urls>', '<all_urls>'],
    ['no path', 'https://*.example.com'],
    ['a wildcard in the middle of the host', 'https://ex*ample.com/*'],
    ['a wildcard not followed by a dot', 'https://*example.com/*'],
    ['a wildcard in the middle label', 'https://a.*.example.com/*'],
    ['two wildcards', 'https://*.*.com/*'],
    ['a wildcard with nothing after "*."', 'https://*./*'],
    ['an empty host', 'https:///*'],
    ['an unsupported scheme', 'ftp://example.com/*'],
    ['a scheme with a wildcard suffix', 'http*://example.com/*'],
    ['no scheme separator', 'https:/example.com/*'],
    ['leading space', ' https://example.com/*'],
  ])('a bad pattern (%s) never matches', (_label, pattern) => {
    for (const url of ['https://example.com/', 'https://a.example.com/foo', 'ftp://example.com/', 'https://x.com/']) {
      expect(matchesPattern(pattern, url)).toBe(false);
    }
  });
});

describe('matchesPattern: paths', () => {
  it.each([
    ['https://crm.example.com/desk*', 'https://crm.example.com/desk', true],
    ['https://crm.example.com/desk*', 'https://crm.example.com/desk/calls/42?tab=1#top', true],
    ['https://crm.example.com/desk*', 'https://crm.example.com/', false],
    ['https://crm.example.com/desk*', 'https://crm.example.com/admin/desk', false],
    ['https://crm.example.com/desk*', 'https://evil.example.com/desk', false],
    ['https://*.example.com/foo', 'https://a.example.com/foo', true],
    ['https://*.example.com/foo', 'https://a.example.com/foo/bar', false],
    ['https://*.example.com/*/calls/*', 'https://a.example.com/eu/calls/7', true],
    ['https://*.example.com/*/calls/*', 'https://a.example.com/eu/chats/7', false],
    ['https://crm.example.com/a.b?x', 'https://crm.example.com/aXb?x', false],
    ['https://crm.example.com/*?call=*', 'https://crm.example.com/desk?call=1', true],
    ['https://crm.example.com/*?call=*', 'https://crm.example.com/desk#call=1', false],
  ])('%s on %s: %s', (pattern, url, expected) => {
    expect(matchesPattern(pattern, url)).toBe(expected);
  });

  it('a port in the pattern must be the URL\'s (the default port counts)', () => {
    expect(matchesPattern('https://crm.example.com:8443/*', 'https://crm.example.com:8443/x')).toBe(true);
    expect(matchesPattern('https://crm.example.com:8443/*', 'https://crm.example.com/x')).toBe(false);
    expect(matchesPattern('https://crm.example.com:443/*', 'https://crm.example.com/x')).toBe(true);
  });
});

describe('matchesAny', () => {
  it('is false for no patterns', () => {
    expect(matchesAny([], 'https://acme.lightning.force.com/')).toBe(false);
  });

  it('is true when any pattern matches, false when none does', () => {
    const patterns = ['https://crm.example.com/*', LIGHTNING];
    expect(matchesAny(patterns, 'https://acme.lightning.force.com/x')).toBe(true);
    expect(matchesAny(patterns, 'https://crm.example.com/x')).toBe(true);
    expect(matchesAny(patterns, 'https://evil-lightning.force.com/x')).toBe(false);
  });

  it('a bad pattern in the list does not stop a good one from matching', () => {
    expect(matchesAny(['<all_urls>', 'bad', LIGHTNING], 'https://acme.lightning.force.com/')).toBe(true);
  });

  it('the Salesforce adapter and the manifest accept Lightning and My Domain hosts only', () => {
    for (const patterns of [salesforceVoiceCall.matches, CRM_MATCHES]) {
      expect(matchesAny(patterns, 'https://acme.lightning.force.com/lightning/r/VoiceCall/0LQ000000000001AAA/view')).toBe(true);
      expect(matchesAny(patterns, 'https://acme.my.salesforce.com/home')).toBe(true);
      expect(matchesAny(patterns, 'https://acme.my.salesforce.com.evil.io/')).toBe(false);
      expect(matchesAny(patterns, 'https://salesforce.com/')).toBe(false);
      expect(matchesAny(patterns, 'http://acme.lightning.force.com/')).toBe(false);
    }
  });
});

describe('matchesPattern properties', () => {
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
  const path = fc.webPath();

  it('any subdomain of the base matches; gluing a label onto the base does not', () => {
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 3 }), label, path, (labels, glued, p) => {
        const sub = labels.join('.');
        expect(matchesPattern(LIGHTNING, `https://${sub}.lightning.force.com${p}`)).toBe(true);
        expect(matchesPattern(LIGHTNING, `https://${glued}lightning.force.com${p}`)).toBe(false);
        expect(matchesPattern(LIGHTNING, `https://${sub}.lightning.force.com.${glued}.net${p}`)).toBe(false);
        expect(matchesPattern(LIGHTNING, `http://${sub}.lightning.force.com${p}`)).toBe(false);
      }),
    );
  });

  it('never throws, whatever the pattern and URL', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constant(LIGHTNING)), fc.oneof(fc.string(), fc.webUrl()), (pattern, url) => {
        expect(typeof matchesPattern(pattern, url)).toBe('boolean');
      }),
    );
  });
});
