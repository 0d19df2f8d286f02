/**
 * A whole capture (every frame of the tab) and its readable summary, the text an admin pastes into a bug
 * report: per frame its address, size, shadow roots, custom elements and test ids, and per adapter what
 * each selector found.
 */
import type { FrameCapture, OutlineNode } from './outline';

export interface Capture {
  format: 'caller-verify-capture';
  version: 1;
  /** When it was taken (ISO 8601) and by which extension version. */
  takenAt: string;
  extensionVersion: string;
  frames: FrameCapture[];
}

/** The capture of a tab from its frames (the top frame first). */
export function buildCapture(frames: readonly FrameCapture[], meta: { takenAt: string; extensionVersion: string }): Capture {
  return { format: 'caller-verify-capture', version: 1, ...meta, frames: [...frames].sort((a, b) => Number(b.top) - Number(a.top)) };
}

/** Whether `raw` looks like a capture this version wrote. */
export function isCapture(raw: unknown): raw is Capture {
  const c = raw as Partial<Capture> | null;
  return !!c && c.format === 'caller-verify-capture' && c.version === 1 && Array.isArray(c.frames);
}

interface Tally {
  open: number;
  closed: number;
  custom: Set<string>;
  testIds: Set<string>;
  frames: Set<string>;
}

/** Count what the summary lists, over the whole outline. */
function tally(node: OutlineNode, t: Tally): Tally {
  if (node.tag.includes('-')) t.custom.add(node.tag);
  for (const [name, value] of Object.entries(node.attrs ?? {})) {
    if (/test-?id|^data-id$|^data-target-selection-name$|^data-field-id$|^field-label$/i.test(name)) t.testIds.add(`${name}="${value}"`);
    if (name === 'src' && (node.tag === 'iframe' || node.tag === 'frame')) t.frames.add(value);
  }
  if (node.shadow) {
    t[node.shadow.mode]++;
    node.shadow.children.forEach((c) => tally(c, t));
  }
  node.children?.forEach((c) => tally(c, t));
  return t;
}

/** At most `n` items of a list, then how many more. */
const some = (items: readonly string[], n = 25): string => (items.length <= n ? items.join(', ') : `${items.slice(0, n).join(', ')} and ${items.length - n} more`);

/** The readable summary of a capture (plain text, one block per frame). */
export function summarize(capture: Capture): string {
  const lines = [`Caller Verify console capture, ${capture.takenAt}, extension ${capture.extensionVersion}`, 'All text and every digit are masked.', ''];
  capture.frames.forEach((f, i) => {
    const t = tally(f.outline, { open: 0, closed: 0, custom: new Set(), testIds: new Set(), frames: new Set() });
    lines.push(`Frame ${i + 1}${f.top ? ' (top)' : ''}: ${f.url}`);
    lines.push(`  ${f.nodes} nodes${f.truncated ? ' (truncated)' : ''}; shadow roots: ${t.open} open, ${t.closed} closed`);
    if (t.custom.size > 0) lines.push(`  custom elements: ${some([...t.custom].sort())}`);
    if (t.testIds.size > 0) lines.push(`  test ids and API names: ${some([...t.testIds].sort())}`);
    if (t.frames.size > 0) lines.push(`  frames inside: ${some([...t.frames])}`);
    if (f.adapters.length === 0) lines.push('  no adapter is declared for this host');
    for (const a of f.adapters) {
      const view = a.selectors.find((s) => s.role === 'callView');
      const matched = a.urlMatches && !!view && view.found > 0;
      lines.push(`  adapter ${a.id} (${a.label}): ${matched ? 'matches' : 'does not match'}${a.urlMatches ? '' : ' (URL pattern does not accept this page)'}`);
      for (const s of a.selectors) lines.push(`    ${s.role}: ${s.found < 0 ? 'refused by the browser' : `${s.found} found`}  ${s.selector}`);
    }
    lines.push('');
  });
  return lines.join('\n');
}
