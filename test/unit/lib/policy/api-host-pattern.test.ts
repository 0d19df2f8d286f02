// The API host the options page asks access for in Firefox: none on loopback (granted at install).
import { describe, expect, it } from 'vitest';
import { apiHostPattern } from '../../../../lib/policy/custom-hosts.ts';

describe('apiHostPattern', () => {
  it('is the origin pattern of a remote API, without port or path', () => {
    expect(apiHostPattern('https://Verify.Example.com')).toBe('https://verify.example.com/*');
    expect(apiHostPattern('https://verify.example.com:8443/api/v2')).toBe('https://verify.example.com/*');
  });

  it('is null where the manifest already grants the host (loopback over http) or the URL is unusable', () => {
    expect(apiHostPattern('http://127.0.0.1:8787')).toBeNull();
    expect(apiHostPattern('http://localhost:3000/x')).toBeNull();
    expect(apiHostPattern('not a url')).toBeNull();
    expect(apiHostPattern('ftp://verify.example.com')).toBeNull();
  });

  it('still asks for loopback over https, which the manifest does not list', () => {
    expect(apiHostPattern('https://127.0.0.1:8443')).toBe('https://127.0.0.1/*');
  });
});
