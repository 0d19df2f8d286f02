import { describe, expect, it } from 'vitest';
import { asPanelLayout, DEFAULT_PANEL_LAYOUT, panelFragment, panelParams } from '../../../lib/panel-params';

describe('panel fragment', () => {
  it('round-trips interaction ids, tokens, origins that need escaping, and the layout', () => {
    const p = { interactionId: 'ACME-7&ix=evil#x', token: 'a+b/c=d', origin: 'https://acme.lightning.force.com', layout: { side: 'left', startCollapsed: true } as const };
    const hash = panelFragment(p);
    expect(hash.startsWith('#ix=')).toBe(true);
    expect(panelParams(hash)).toEqual(p);
    expect(panelParams(hash.slice(1))).toEqual(p); // location.hash without its '#'
    expect(panelParams(panelFragment({ ...p, layout: DEFAULT_PANEL_LAYOUT })).layout).toEqual(DEFAULT_PANEL_LAYOUT);
  });

  it('reads a missing value as empty (interaction), null (token, origin) or the default layout', () => {
    expect(panelParams('')).toEqual({ interactionId: '', token: null, origin: null, layout: DEFAULT_PANEL_LAYOUT });
    expect(panelParams('#ix=c1&s=top&c=yes')).toEqual({ interactionId: 'c1', token: null, origin: null, layout: DEFAULT_PANEL_LAYOUT });
  });

  it('accepts only a whole layout from a reply', () => {
    expect(asPanelLayout({ side: 'left', startCollapsed: false })).toEqual({ side: 'left', startCollapsed: false });
    for (const bad of [null, 'left', {}, { side: 'top', startCollapsed: false }, { side: 'left' }, { side: 'left', startCollapsed: 'no' }]) expect(asPanelLayout(bad)).toBeUndefined();
  });
});
