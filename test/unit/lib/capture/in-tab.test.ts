/** The console the admin names on the options page, as the match pattern access is asked for. */
import { describe, expect, it } from 'vitest';
import { consolePattern } from '../../../../lib/capture/in-tab.ts';

describe('consolePattern', () => {
  it('keeps a match pattern, reduces a page address to its origin', () => {
    expect(consolePattern('https://crm.example.com/*')).toBe('https://crm.example.com/*');
    expect(consolePattern(' https://*.lightning.force.com/* ')).toBe('https://*.lightning.force.com/*');
    expect(consolePattern('https://crm.example.test/calls/EX-1?ani=%2B1415')).toBe('https://crm.example.test/*');
  });

  it('refuses every site, other schemes and non-addresses', () => {
    for (const s of ['https://*/*', '*://*/*', 'file:///etc/passwd', 'chrome://settings', 'crm.example.com', '']) expect(consolePattern(s)).toBeNull();
  });
});
