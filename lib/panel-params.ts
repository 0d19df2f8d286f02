/**
 * The panel iframe's URL fragment, the contract between the content script that writes it
 * (lib/dom/panel-host.ts) and the panel page that reads it: the interaction shown (ix), the token the
 * content script pinned for this frame (t) and the CRM origin the panel may post to (o). The fragment
 * never leaves the browser, and the CRM page cannot read a cross-origin frame's URL.
 */

export interface PanelParams {
  interactionId: string;
  token: string | null;
  origin: string | null;
}

/** The fragment ("#ix=…&t=…&o=…") for `p`. */
export function panelFragment(p: { interactionId: string; token: string; origin: string }): string {
  return `#${new URLSearchParams({ ix: p.interactionId, t: p.token, o: p.origin }).toString()}`;
}

/** Parse a panel URL fragment; a missing interaction is '', a missing token or origin null. */
export function panelParams(hash: string): PanelParams {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  return { interactionId: p.get('ix') ?? '', token: p.get('t'), origin: p.get('o') };
}
