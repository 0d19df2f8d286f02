/**
 * The worker's side of the results store: a finished interaction becomes one result record in IndexedDB
 * (before the panel shows the outcome), then the outbox syncs it with PUT /v1/interactions/{id}, retried
 * with backoff through an alarm that survives the worker being stopped and the browser restarting.
 */
import { browser } from 'wxt/browser';
import { isTerminal, outcomeOf, type FlowState } from '../../lib/flow';
import { openResultsDb, saveResult, purgeExpired } from '../../lib/results/store';
import type { ResultsDb } from '../../lib/results/schema';
import { toResultRecord } from '../../lib/results/record';
import { flushOutbox, nextWakeUp } from '../../lib/results/outbox';
import { putResult } from '../../lib/results/sync';
import { updateInteraction } from './store';
import type { Interaction } from '../../lib/interaction';
import { loadSettings } from './settings-store';
import { clientOptions } from './api-options';
import type { GuardTally } from '../../lib/guards/tally';
import type { GuardedInteraction as PanelGuardedInteraction } from './panel-registry';

// The guards' tally is named here, not imported from the guards module: that module reaches the runner, which reaches us.
type GuardedInteraction = Interaction & { guards?: GuardTally };

export const OUTBOX_ALARM = 'results-outbox';
export const PURGE_ALARM = 'results-purge';

let dbPromise: Promise<ResultsDb> | undefined;
/** One connection per worker lifetime (a cache, not state: reopened after the worker restarts). */
function resultsDb(): Promise<ResultsDb> {
  dbPromise ??= openResultsDb();
  return dbPromise;
}

/** The result record of an interaction whose flow ended (ids, counts and names only). */
function resultFor(ix: Interaction, flow: FlowState, endedAt: number, agentId?: string) {
  const customer = flow.customer;
  const step = flow.step;
  return toResultRecord({
    interactionId: ix.id,
    adapterId: ix.adapterId,
    crmHost: new URL(ix.crmOrigin).host,
    startedAt: ix.startedAt,
    endedAt,
    outcome: outcomeOf(flow),
    ...(customer ? { customerId: customer.customerId, displayName: customer.displayName } : {}),
    methods: flow.methods,
    factorsPassed: flow.factorsPassed,
    attempts: { identify: flow.identifyFailures, verify: flow.verifyFailures + (step.name === 'verified' && flow.verifiedBy === 'agent' ? 1 : 0) },
    ...(step.name === 'opted_out' ? { optOutReason: step.reason } : {}),
    ...(flow.actingFor && customer ? { representativeOf: customer.customerId } : {}),
    ...(flow.verifiedBy ? { verifiedBy: flow.verifiedBy } : {}),
    ...(agentId ? { agentId } : {}),
    // The CRM guards' tally (entrypoints/background/guards.ts keeps it on the interaction).
    ...((ix as GuardedInteraction).guards ? { guards: (ix as GuardedInteraction).guards } : {}),
    securityEvents: (ix as PanelGuardedInteraction).securityEvents,
  });
}

/** The agent id the policy provides (`agentIdSource: {type:"policy"}`); CRM-user lookup is not built yet. */
async function agentId(): Promise<string | undefined> {
  const { settings } = await loadSettings();
  return settings.agentIdSource.type === 'policy' ? settings.agentIdSource.agentId : undefined;
}

/**
 * Arm the outbox alarm before a sync is attempted: if the worker is stopped while the PUT is in flight (before
 * syncResults re-arms or clears it), the alarm still wakes it and nothing waits for the next call to be sent.
 */
async function armOutbox(): Promise<void> {
  await browser.alarms.create(OUTBOX_ALARM, { when: Date.now() + 30_000 });
}

/** Store the result when `next` ends the flow; runs before the new state is written (and shown). */
export async function recordIfFinished(ix: Interaction, next: FlowState): Promise<void> {
  if (!isTerminal(next) || isTerminal(ix.flow)) return;
  await saveResult(await resultsDb(), resultFor(ix, next, Date.now(), await agentId()), Date.now());
  await armOutbox();
  void syncResults();
}

/** Send what is due, then arm the alarm for the next retry (or clear it when nothing is pending). */
export async function syncResults(): Promise<void> {
  const db = await resultsDb();
  const opts = await clientOptions();
  await flushOutbox({ db, now: Date.now, random: Math.random, put: (record) => putResult(opts, record) });
  const due = await nextWakeUp(db);
  if (due === undefined) await browser.alarms.clear(OUTBOX_ALARM);
  // Chrome fires alarms at most every 30 s; an earlier retry waits for the next alarm.
  else await browser.alarms.create(OUTBOX_ALARM, { when: Math.max(due, Date.now() + 30_000) });
}

/** Daily retention purge: only synced records older than `retentionDays`. */
export async function purgeResults(): Promise<void> {
  const { settings } = await loadSettings();
  await purgeExpired(await resultsDb(), Date.now(), settings.retentionDays);
}

/** A call that ended without an outcome (tab closed, replaced by the next call) is recorded as it stood. */
export async function recordAbandoned(ix: Interaction): Promise<void> {
  if (isTerminal(ix.flow) || ix.endedAt) return;
  const endedAt = Date.now();
  await saveResult(await resultsDb(), resultFor(ix, ix.flow, endedAt, await agentId()), endedAt);
  await updateInteraction(ix.id, (cur) => (cur ? { ...cur, endedAt } : undefined));
  await armOutbox();
  void syncResults();
}
