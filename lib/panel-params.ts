/**
 * The panel iframe's URL fragment, the contract between the content script that writes it
 * (entrypoints/content/panel-host.ts) and the panel page that reads it: the interaction shown (ix), the token the
 * content script pinned for this frame (t), the CRM origin the panel may post to (o) and the layout the
 * policy asks for (s: side, c: start collapsed). The fragment never leaves the browser, and the CRM page
 * cannot read a cross-origin frame's URL. Plain TypeScript: the content script carries no zod.
 */

/** Policy `panel`: which edge of the page the panel sits on, and whether each call opens it collapsed. */
export interface PanelLayout {
  side: 'left' | 'right';
  startCollapsed: boolean;
  /** Policy `panel.surface`: absent is "page"; "side-panel" keeps the panel out of the page (only a call cue there). */
  surface?: 'side-panel';
}

export const DEFAULT_PANEL_LAYOUT: PanelLayout = Object.freeze({ side: 'right', startCollapsed: false });

/** The manifest command (Chromium) that opens the side panel, or takes the keyboard into it when it is open. */
export const OPEN_SIDE_PANEL_COMMAND = 'open-side-panel';

export interface PanelParams {
  interactionId: string;
  token: string | null;
  origin: string | null;
  layout: PanelLayout;
}

/** `raw` as a layout when it is exactly one (from our background, so this only guards version skew), else undefined. */
export function asPanelLayout(raw: unknown): PanelLayout | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { side, startCollapsed, surface } = raw as Partial<Record<keyof PanelLayout, unknown>>;
  if ((side !== 'left' && side !== 'right') || typeof startCollapsed !== 'boolean') return undefined;
  return surface === 'side-panel' ? { side, startCollapsed, surface } : { side, startCollapsed };
}

/** The fragment ("#ix=…&t=…&o=…&s=…&c=…") for `p`. */
export function panelFragment(p: { interactionId: string; token: string; origin: string; layout: PanelLayout }): string {
  const q = { ix: p.interactionId, t: p.token, o: p.origin, s: p.layout.side, c: p.layout.startCollapsed ? '1' : '0' };
  return `#${new URLSearchParams(q).toString()}`;
}

/** Parse a panel URL fragment; a missing interaction is '', a missing token or origin null, a missing layout the default. */
export function panelParams(hash: string): PanelParams {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const side = p.get('s') === 'left' ? 'left' : 'right';
  return { interactionId: p.get('ix') ?? '', token: p.get('t'), origin: p.get('o'), layout: { side, startCollapsed: p.get('c') === '1' } };
}
