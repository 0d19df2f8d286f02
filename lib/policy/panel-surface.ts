/**
 * Policy key `panel.surface` (issue 20): where the agent verifies. "page" is the hardened in-page panel, which
 * opens by itself at each call; "side-panel" is the browser's side panel (Chrome `sidePanel`, Firefox
 * `sidebar_action`), which no page can draw over or read, at the cost of one gesture to open or focus it.
 * Spread into the panel group so schema.ts gains one line; self-contained (zod only) for the admin CLI.
 */
import { z } from 'zod';

export const PANEL_SURFACES = ['page', 'side-panel'] as const;
export type PanelSurface = (typeof PANEL_SURFACES)[number];

/** The surface field of the panel group. */
export const PANEL_SURFACE_FIELDS = {
  surface: z.enum(PANEL_SURFACES, { error: 'must be "page" or "side-panel"' }).default('page')
    .describe('page: the panel opens inside the CRM page at each call; side-panel: the browser\'s side panel (the page shows only a call cue, Verified only in the side panel and on the toolbar badge; the agent opens it once with the toolbar button or Alt+Shift+V).'),
};
