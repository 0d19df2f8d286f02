/**
 * Synthetic result records for the Reports benchmark and e2e test: valid InteractionResult rows,
 * deterministic (seeded LCG), already 'synced' (the outbox ignores them), ending within the last `days`
 * days before `now` (the retention purge keeps them). Runs in the page (bundled by reports-seed.ts).
 */

/** A generator of stored results: record `i` of the sequence for `seed`. */
export function makeRecord(seed: number, now: number, days: number): (i: number) => unknown {
  let state = seed >>> 0;
  const rand = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const hosts = [['salesforce', 'acme.lightning.force.com'], ['salesforce', 'demo.lightning.force.com'], ['genesys', 'apps.mypurecloud.com']] as const;
  return (i: number) => {
    const endedAtMs = now - Math.floor(rand() * days * 86_400_000);
    const r = rand();
    const outcome = r < 0.6 ? 'verified' : r < 0.8 ? 'identified' : 'not_identified';
    const m = rand();
    const methods = outcome === 'not_identified' && rand() < 0.5 ? [] : m < 0.7 ? ['ani'] : m < 0.85 ? ['ani', 'lastName'] : m < 0.95 ? ['customerId'] : [];
    const ivr = outcome === 'verified' && rand() < 0.12;
    const verifyFailures = outcome === 'verified' ? (rand() < 0.1 ? 1 : 0) : outcome === 'identified' ? Math.floor(rand() * 4) : 0;
    const verify = ivr ? 0 : verifyFailures + (outcome === 'verified' ? 1 : 0);
    const seconds = outcome === 'verified' && !ivr ? 15 + Math.floor(-Math.log(1 - rand()) * 60) : 5 + Math.floor(rand() * 240);
    const [adapterId, crmHost] = pick(hosts);
    const customerId = outcome === 'not_identified' ? undefined : `C-${1000 + Math.floor(rand() * 5000)}`;
    const id = `SEED-${String(i).padStart(7, '0')}`;
    const record = {
      interactionId: id, adapterId, crmHost,
      startedAt: new Date(endedAtMs - seconds * 1000).toISOString(), endedAt: new Date(endedAtMs).toISOString(),
      outcome, methods, factorsPassed: outcome === 'verified' && !ivr ? ['dob', 'postcode'] : [],
      attempts: { identify: methods.length > 1 ? 1 : 0, verify }, verifiedBy: ivr ? 'ivr' : 'agent',
      ...(customerId ? { customerId, displayName: `Customer ${customerId.slice(2)}` } : {}),
      ...(outcome === 'not_identified' && methods.length === 0 ? { optOutReason: pick(['caller_declined', 'no_details', 'urgent', 'other']) } : {}),
    };
    return { interactionId: id, endedAtMs, record, sync: { state: 'synced', attempts: 0, nextAttemptAt: endedAtMs, revision: 1, savedAt: endedAtMs, syncedAt: endedAtMs } };
  };
}
