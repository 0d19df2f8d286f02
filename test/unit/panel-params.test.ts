import { describe, expect, it } from 'vitest';
import { panelFragment, panelParams } from '../../lib/panel-params';

describe('panel fragment', () => {
  it('round-trips interaction ids, tokens and origins that need escaping', () => {
    const p = { interactionId: 'ACME-7&ix=evil#x', token: 'a+b/c=d', origin: 'https://acme.lightning.force.com' };
    const hash = panelFragment(p);
    expect(hash.startsWith('#ix=')).toBe(true);
    expect(panelParams(hash)).toEqual(p);
    expect(panelParams(hash.slice(1))).toEqual(p); // location.hash without its '#'
  });

  it('reads a missing value as empty (interaction) or null (token, origin)', () => {
    expect(panelParams('')).toEqual({ interactionId: '', token: null, origin: null });
    expect(panelParams('#ix=c1')).toEqual({ interactionId: 'c1', token: null, origin: null });
  });
});
