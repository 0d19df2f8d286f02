/**
 * The "Pick the caller's number" overlay in the CRM tab: every element showing something number-like is
 * outlined, the element under the pointer is highlighted, a click picks it (the page never sees that
 * click, so a click-to-dial link does not dial), Tab/arrows step through the outlined candidates and Enter
 * picks the current one, Esc cancels. The overlay lives in a closed shadow root and takes no pointer events.
 */
import { RootSet } from '@/lib/dom/roots';
import type { OpenRoot } from '@/lib/dom/root-opener';
import { isVisible } from '@/lib/detect/read';
import { t } from '@/platform/i18n';

/** Own text with at least 7 digits in a phone-like run, or a dial link. */
const PHONE = /\+?\(?\d[\d\s().\-/]{5,}\d/;
const MAX_CANDIDATES = 100;

const STYLE = `
  .box { position: fixed; box-sizing: border-box; border: 2px dashed #0b62d6; border-radius: 3px; pointer-events: none; }
  .box.current { border: 3px solid #b35c00; }
  .hover { position: fixed; box-sizing: border-box; border: 3px solid #c0143c; background: rgba(192, 20, 60, .08); pointer-events: none; }
  .banner { position: fixed; bottom: 12px; left: 50%; transform: translateX(-50%); max-width: 90vw; padding: 8px 14px; border-radius: 6px;
    background: #1b1b1b; color: #fff; font: 14px/1.4 system-ui, sans-serif; pointer-events: none; }`;

/** The element under a point, descending into shadow roots (open ones, and closed ones `openRoot` opens). */
function deepElementAt(doc: Document, x: number, y: number, openRoot: OpenRoot): Element | null {
  let el = doc.elementFromPoint(x, y);
  for (let i = 0; el && i < 32; i++) {
    const root = el.shadowRoot ?? openRoot(el);
    const inner = root?.elementFromPoint(x, y);
    if (!inner || inner === el) break;
    el = inner;
  }
  return el;
}

/** Visible elements whose own text (or dial link) looks like a phone number, in every root. */
function numberCandidates(doc: Document, openRoot: OpenRoot): Element[] {
  const roots = new RootSet(doc, openRoot);
  roots.collect(doc.documentElement, 'all');
  const out: Element[] = [];
  for (const root of roots.roots) {
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (out.length >= MAX_CANDIDATES) return out;
      const own = Array.from(el.childNodes).filter((n) => n.nodeType === 3).map((n) => n.nodeValue ?? '').join(' ');
      const dial = /^(tel|sips?):/i.test(el.getAttribute('href') ?? '');
      if ((dial || (PHONE.test(own) && own.replace(/\D/g, '').length >= 7)) && isVisible(el)) out.push(el);
    }
  }
  return out;
}

/** Start picking; `done` gets the picked element or null (cancelled). Returns a function that cancels. */
export function startPicker(doc: Document, openRoot: OpenRoot, done: (el: Element | null) => void): () => void {
  const candidates = numberCandidates(doc, openRoot);
  const host = doc.createElement('div');
  host.style.cssText = 'all: initial; position: fixed; inset: 0; pointer-events: none; z-index: 2147483647;';
  // Lets a test (and a curious admin in DevTools) see that picking is on; the page learns nothing else.
  host.setAttribute('data-caller-verify', 'picker');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const banner = doc.createElement('div');
  banner.className = 'banner';
  banner.setAttribute('role', 'status');
  banner.textContent = t('fieldTools_pickBanner');
  const boxes = candidates.map(() => Object.assign(doc.createElement('div'), { className: 'box' }));
  const hover = Object.assign(doc.createElement('div'), { className: 'hover' });
  shadow.append(style, ...boxes, hover, banner);
  doc.documentElement.append(host);

  let current = -1;
  let hovered: Element | null = null;
  const place = (box: HTMLElement, el: Element | null): void => {
    const r = el?.getBoundingClientRect();
    box.style.display = r && r.width + r.height > 0 ? 'block' : 'none';
    if (r) Object.assign(box.style, { left: `${r.left - 3}px`, top: `${r.top - 3}px`, width: `${r.width + 6}px`, height: `${r.height + 6}px` });
  };
  const draw = (): void => {
    candidates.forEach((el, i) => {
      place(boxes[i] as HTMLElement, el);
      (boxes[i] as HTMLElement).classList.toggle('current', i === current);
    });
    place(hover, hovered);
  };
  draw();

  const ac = new AbortController();
  const finish = (el: Element | null): void => {
    ac.abort();
    host.remove();
    done(el);
  };
  const opts = { capture: true, signal: ac.signal };
  const view = doc.defaultView as Window;
  const swallow = (e: Event): void => {
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  view.addEventListener('mousemove', (e) => {
    hovered = deepElementAt(doc, e.clientX, e.clientY, openRoot);
    draw();
  }, opts);
  for (const type of ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'dblclick', 'auxclick', 'contextmenu']) view.addEventListener(type, swallow, opts);
  view.addEventListener('click', (e) => {
    swallow(e);
    finish(deepElementAt(doc, e.clientX, e.clientY, openRoot));
  }, opts);
  view.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowDown' || e.key === 'ArrowRight' || (e.key === 'Tab' && !e.shiftKey) ? 1 : e.key === 'ArrowUp' || e.key === 'ArrowLeft' || (e.key === 'Tab' && e.shiftKey) ? -1 : 0;
    if (e.key === 'Escape') finish(null);
    else if ((e.key === 'Enter' || e.key === ' ') && current >= 0) finish(candidates[current] ?? null);
    else if (step !== 0 && candidates.length > 0) {
      current = (current + step + candidates.length) % candidates.length;
      candidates[current]?.scrollIntoView({ block: 'nearest' });
      hovered = candidates[current] ?? null;
      draw();
    } else return;
    swallow(e);
  }, opts);
  view.addEventListener('scroll', draw, { ...opts, passive: true });
  view.addEventListener('resize', draw, opts);
  return () => finish(null);
}
