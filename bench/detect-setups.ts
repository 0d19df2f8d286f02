/**
 * The four detectors bench/detect.ts compares, each as: launch a browser, arm the page, read back the
 * detection times. (a) no extension; (b) the built extension (detection = the panel host attached to
 * the page, and call.detected received by the worker); (c) a 500 ms querySelectorAll poller and
 * (d) selector-observer, both in the page's main world with the same selectors and caller-number read.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page, type Worker } from '@playwright/test';
import { EXTENSION_DIR, chromiumPath, launchWithExtension } from '../test/e2e/chromium.ts';
import { RECORD_CALL_SENDS, contentWorld } from '../test/e2e/content-world.ts';

export interface Session {
  page: Page;
  worker?: Worker;
  /** Setup (b): evaluate an expression in our content script's isolated world (CDP), JSON result. */
  inContentWorld?: (expression: string) => Promise<unknown>;
  close(): Promise<void>;
}

export interface Setup {
  name: string;
  /** The built extension this setup loads (setup (b) and its variants). */
  extensionDir?: string;
  /** Script URLs whose samples (with the DOM/native calls under them) are this detector's main-thread time. */
  scripts: string[];
  launch(args: string[]): Promise<Session>;
  /** Install the detector's probe after the page loaded. */
  arm(s: Session): Promise<void>;
  /** Detection time (epoch ms) per call id; `starts` are the insertion times in call order. */
  detections(s: Session, ids: string[], starts: number[]): Promise<(number | undefined)[]>;
}

const ROOT = resolve(import.meta.dirname, '..');
const VIEW = 'one-record-home-flexipage2';
const ANI = '[data-target-selection-name="sfdc:RecordField.VoiceCall.FromPhoneNumber"] lightning-formatted-phone';
type Probe = { __det: Record<string, number> };

const plain = async (args: string[]): Promise<Session> => {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', ...args] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  return { page, close: () => browser.close() };
};
const fromProbe = (s: Session, ids: string[]) =>
  s.page.evaluate((list) => list.map((id) => (window as unknown as Probe).__det[id]), ids);

/** A page-side detector callback: the record id and caller number, as any real detector needs them. */
const recordFound = `(el) => {
  const ani = el.querySelector(${JSON.stringify(ANI)});
  const text = ani && ani.shadowRoot ? ani.shadowRoot.textContent : '';
  const id = el.getAttribute('data-record-id');
  if (id && text && !(id in window.__det)) window.__det[id] = performance.timeOrigin + performance.now();
}`;

export const SETUPS: Setup[] = [
  { name: '(a) no extension', scripts: [], launch: plain, arm: async () => {}, detections: async (_s, ids) => ids.map(() => undefined) },
  extensionSetup('(b) Caller Verify content script', EXTENSION_DIR),
  {
    name: '(c) 500 ms querySelectorAll polling',
    scripts: ['bench-poller.js'],
    launch: plain,
    arm: async (s) => {
      await s.page.addScriptTag({ content: `window.__det = {}; const onFound = ${recordFound};
        setInterval(() => { for (const el of document.querySelectorAll(${JSON.stringify(VIEW)})) onFound(el); }, 500);
        //# sourceURL=bench-poller.js` });
    },
    detections: (s, ids) => fromProbe(s, ids),
  },
  {
    name: '(d) selector-observer',
    scripts: ['selector-set.js', 'selector-observer.js', 'bench-observer.js'],
    launch: plain,
    arm: async (s) => {
      for (const [file, name] of [['node_modules/selector-set/selector-set.js', 'selector-set.js'], ['node_modules/selector-observer/dist/index.umd.js', 'selector-observer.js']]) {
        await s.page.addScriptTag({ content: `${readFileSync(resolve(ROOT, file as string), 'utf8')}\n//# sourceURL=${name}` });
      }
      await s.page.addScriptTag({ content: `window.__det = {}; SelectorObserver.observe(${JSON.stringify(VIEW)}, { add: ${recordFound} });
        //# sourceURL=bench-observer.js` });
    },
    detections: (s, ids) => fromProbe(s, ids),
  },
];

/** Setup (b) for the built extension in `extensionDir` (detection = the panel shown, and call.detected sent and received). */
export function extensionSetup(name: string, extensionDir: string): Setup {
  return {
    name,
    scripts: ['/content-scripts/content.js'],
    extensionDir,
    launch: async (args) => {
      const { context, worker } = await launchWithExtension({ extraArgs: args, extensionDir });
      const page = context.pages()[0] ?? (await context.newPage());
      return { page, worker, close: () => context.close() };
    },
    arm: async (s) => {
      // Content-script side: when the detector's call.detected is handed to the extension messaging.
      s.inContentWorld = await contentWorld(s.page);
      await s.inContentWorld(RECORD_CALL_SENDS);
      // Worker side: when call.detected arrives. Page side: when the panel is shown for a call: its host (a
      // <div> on <html>) appears for the tab's first call, and later calls (same host and iframe) set its style.
      await s.worker?.evaluate(() => {
        const g = globalThis as unknown as { __seen: Record<string, number>; chrome: { runtime: { onMessage: { addListener(f: (m: { type?: string; interactionId?: string }) => void): void } } } };
        g.__seen = {};
        g.chrome.runtime.onMessage.addListener((m) => { if (m?.type === 'call.detected' && m.interactionId && !(m.interactionId in g.__seen)) g.__seen[m.interactionId] = performance.timeOrigin + performance.now(); });
      });
      await s.page.evaluate(() => {
        const w = window as unknown as { __hosts: number[] };
        w.__hosts = [];
        const now = (): number => performance.timeOrigin + performance.now();
        const shown = new MutationObserver(() => w.__hosts.push(now()));
        new MutationObserver((recs) => {
          for (const n of recs.flatMap((r) => Array.from(r.addedNodes))) {
            if (n.nodeName !== 'DIV') continue;
            w.__hosts.push(now());
            shown.observe(n, { attributes: true, attributeFilter: ['style'] });
          }
        }).observe(document.documentElement, { childList: true });
      });
    },
    detections: async (s, _ids, starts) => {
      const hosts = await s.page.evaluate(() => (window as unknown as { __hosts: number[] }).__hosts);
      return starts.map((t, i) => hosts.find((h) => h >= t && h < (starts[i + 1] ?? Infinity)));
    },
  };
}

/** The content-script-side call.detected send times of setup (b). */
export async function contentSends(s: Session, ids: string[]): Promise<(number | undefined)[]> {
  if (!s.inContentWorld) return ids.map(() => undefined);
  const sent = (await s.inContentWorld('globalThis.__sent')) as Record<string, number>;
  return ids.map((id) => sent[id]);
}

/** The worker-side call.detected receipt times of setup (b). */
export async function workerReceipts(s: Session, ids: string[]): Promise<(number | undefined)[]> {
  if (!s.worker) return ids.map(() => undefined);
  return s.worker.evaluate((list) => list.map((id) => (globalThis as unknown as { __seen: Record<string, number> }).__seen[id]), ids);
}
