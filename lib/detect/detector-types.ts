/** The detector's options and handle (detector.ts). */
import type { Adapter, DetectedCall } from '../adapters/types';
import type { OpenRoot } from '../dom/root-opener';

/** Why an adapter's selectors look broken on this page. */
export interface HealthIssue {
  adapterId: string;
  reason: 'no-ani' | 'invalid-selector';
  pageVersion?: string;
}

export interface DetectorOptions {
  adapters: readonly Adapter[];
  doc: Document;
  getUrl: () => string;
  signal: AbortSignal;
  /** Called when the detected call changes; null when no call view is visible any more. */
  onCall: (call: DetectedCall | null) => void;
  /** Called once per interaction when the call view shows no caller-number element within `healthMs`. */
  onHealth?: (issue: HealthIssue) => void;
  openRoot?: OpenRoot;
  /** How long a call view may show no caller number before it is reported without one. */
  aniGraceMs?: number;
  /** How long a call view may lack every caller-number element before it counts as a selector-health issue. */
  healthMs?: number;
  /** Called for each shadow root found (the CRM guards mask fields inside it); no second observer needed. */
  onRoot?: (root: ShadowRoot) => void;
  /** Called when a shadow root's host left the page and the detector forgot the root. */
  onRootGone?: (root: ShadowRoot) => void;
  /** Elements walked per frame for new shadow roots before falling back to one rescan of the document. */
  burstLimit?: number;
}

export interface Detector {
  /** Look again at the end of the current task, never waiting for a frame (a URL change). */
  rescan(): void;
  /** Replace the adapters (the effective list arrived from the background). */
  setAdapters(adapters: readonly Adapter[]): void;
}
