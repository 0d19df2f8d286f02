/**
 * A fixture page skeleton from a capture: the outline as HTML, shadow roots as declarative shadow DOM
 * (`<template shadowrootmode>`), masked values filled with neutral stand-ins (a digit run `#` becomes 1,
 * number-like text a test number, other text a word). What an adapter's selectors test (tags, ids, data-*,
 * classes, shadow structure) is kept, so the adapter that matched the console finds its call view here too.
 */
import type { OutlineNode } from './outline';
import type { Capture } from './summary';

/** The caller number every number-like text becomes (a fictional US number). */
export const FIXTURE_NUMBER = '+1 415 555 0100';
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** Left out: code, and anything that would load or run. */
const DROPPED = new Set(['script', 'noscript', 'link', 'base', 'object', 'embed']);

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The attributes as HTML: masked digits as 1, content-like values (`…`) emptied, masked class tokens dropped. */
function attributes(attrs: Record<string, string> | undefined): string {
  return Object.entries(attrs ?? {})
    .map(([name, value]) => {
      const v = name === 'class' ? value.split(/\s+/).filter((c) => c !== '…').join(' ') : value === '…' ? '' : value.replace(/#/g, '1').replace(/…/g, '');
      return name === 'src' ? ` ${name}="about:blank" data-captured-src="${escapeHtml(v)}"` : ` ${name}="${escapeHtml(v)}"`;
    })
    .join('');
}

/** One node and its subtree as HTML. */
function render(node: OutlineNode, depth: number): string {
  const pad = '  '.repeat(depth);
  if (node.tag === '#text') return `${pad}${node.text === 'number' ? FIXTURE_NUMBER : 'Text'}\n`;
  if (DROPPED.has(node.tag) || !/^[a-z][a-z0-9-]*$/.test(node.tag)) return '';
  const open = `${pad}<${node.tag}${attributes(node.attrs)}>`;
  if (VOID.has(node.tag)) return `${open}\n`;
  const shadow = node.shadow ? `${pad}  <template shadowrootmode="${node.shadow.mode}">\n${node.shadow.children.map((c) => render(c, depth + 2)).join('')}${pad}  </template>\n` : '';
  const inner = shadow + (node.children ?? []).map((c) => render(c, depth + 1)).join('');
  return inner === '' ? `${open}</${node.tag}>\n` : `${open}\n${inner}${pad}</${node.tag}>\n`;
}

/** The fixture page for frame `index` of the capture. */
export function captureToFixture(capture: Capture, index = 0): string {
  const frame = capture.frames[index];
  if (!frame) throw new Error(`the capture has ${capture.frames.length} frame(s); there is no frame ${index + 1}`);
  // A `--` inside the values would end the comment early.
  const safe = (v: string): string => escapeHtml(v).replace(/-{2,}/g, '-');
  const comment = `<!-- Fixture skeleton from a console capture (${safe(capture.takenAt)}, ${safe(frame.url)}): text and digits are stand-ins. -->\n`;
  return `<!doctype html>\n${comment}${render(frame.outline, 0)}`;
}
