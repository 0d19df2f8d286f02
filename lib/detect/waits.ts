/**
 * The detector's two per-call timers. Grace: a call view may render its caller number a little after
 * the view itself, so it is reported without one only after `graceMs`. Health: if the view of a call
 * still has no caller-number element at all after `healthMs`, the adapter's selectors probably no longer
 * fit the CRM's markup; that is reported once per call. Both are cancelled when `signal` aborts.
 */
import { later } from './timers';

const idle = { id: '', flag: false, cancel: (): void => {} };

export class CallWaits {
  private grace = { ...idle };
  private health = { ...idle };
  private readonly signal: AbortSignal;
  private readonly graceMs: number;
  private readonly healthMs: number;
  private readonly onGraceOver: () => void;

  constructor(signal: AbortSignal, graceMs: number, healthMs: number, onGraceOver: () => void) {
    this.signal = signal;
    this.graceMs = graceMs;
    this.healthMs = healthMs;
    this.onGraceOver = onGraceOver;
  }

  /** Whether the call `id` may be reported without a number now; starts its grace period on first ask. */
  graceOver(id: string): boolean {
    if (this.grace.id === id) return this.grace.flag;
    this.grace.cancel();
    const grace = { id, flag: false, cancel: (): void => {} };
    grace.cancel = later(() => { grace.flag = true; this.onGraceOver(); }, this.graceMs, this.signal);
    this.grace = grace;
    return false;
  }

  /** Record whether call `id`'s view lacks every caller-number element; `report` runs once if it still does after healthMs. */
  watchHealth(id: string, missing: boolean, report: () => void): void {
    if (this.health.id === id) {
      this.health.flag = missing;
      return;
    }
    this.health.cancel();
    const health = { id, flag: missing, cancel: (): void => {} };
    health.cancel = later(() => { if (this.health === health && health.flag) report(); }, this.healthMs, this.signal);
    this.health = health;
  }

  /** No call view any more: nothing to report for the last one. */
  clear(): void {
    this.health.cancel();
    this.health = { ...idle };
  }
}
