/**
 * KPI tiles of the filtered history (definitions in lib/reports/kpi.ts and docs/reports.md). The first
 * render with figures sets the performance mark `reports:kpis` (detail: how many calls it covered),
 * which bench/reports.ts reads.
 */
import { useLayoutEffect } from 'preact/hooks';
import { t, type MessageKey } from '@/platform/i18n';
import type { Kpis } from '@/lib/reports/kpi';
import { formatCount, formatDuration, formatRate } from '@/lib/reports/view';

interface Props {
  kpis: Kpis | null;
  maxVerifyAttempts: number;
}

interface Tile {
  id: string;
  label: MessageKey;
  value: string;
  detail: string;
}

/** The tiles for a set of KPIs, in display order. */
function tiles(k: Kpis, maxVerifyAttempts: number): Tile[] {
  const of = (n: number, d: number): string => t('reports_ofCalls', formatCount(n), formatCount(d));
  const ofTried = (n: number): string => t('reports_ofTried', formatCount(n), formatCount(k.verifyTried));
  return [
    { id: 'total', label: 'reports_kpi_total', value: formatCount(k.total), detail: t('reports_kpi_totalDetail', formatCount(k.verified), formatCount(k.identified), formatCount(k.notIdentified)) },
    { id: 'identificationRate', label: 'reports_kpi_identificationRate', value: formatRate(k.identificationRate), detail: of(k.verified + k.identified, k.total) },
    { id: 'aniMatchRate', label: 'reports_kpi_aniMatchRate', value: formatRate(k.aniMatchRate), detail: of(k.aniMatches, k.total) },
    { id: 'verificationRate', label: 'reports_kpi_verificationRate', value: formatRate(k.verificationRate), detail: of(k.verified, k.total) },
    { id: 'failureRate', label: 'reports_kpi_failureRate', value: formatRate(k.failureRate), detail: ofTried(k.failures) },
    { id: 'lockoutRate', label: 'reports_kpi_lockoutRate', value: formatRate(k.lockoutRate), detail: `${ofTried(k.lockouts)} · ${t('reports_lockoutLimit', String(maxVerifyAttempts))}` },
    { id: 'optOutRate', label: 'reports_kpi_optOutRate', value: formatRate(k.optOutRate), detail: of(k.optOuts, k.total) },
    { id: 'medianTtv', label: 'reports_kpi_medianTtv', value: formatDuration(k.medianTtvMs), detail: t('reports_ttvDetail') },
    { id: 'p90Ttv', label: 'reports_kpi_p90Ttv', value: formatDuration(k.p90TtvMs), detail: t('reports_ttvDetail') },
    { id: 'reasksAvoided', label: 'reports_kpi_reasksAvoided', value: formatCount(k.reasksAvoided), detail: t('reports_reasksDetail', formatRate(k.reasksAvoidedShare)) },
  ];
}

/** The KPI section. */
export function ReportsKpis({ kpis, maxVerifyAttempts }: Props) {
  const ready = kpis !== null;
  useLayoutEffect(() => {
    if (kpis && performance.getEntriesByName('reports:kpis').length === 0) performance.mark('reports:kpis', { detail: { calls: kpis.total } });
  }, [ready]); // only the first render with figures
  return (
    <section aria-labelledby="kpi-title" class="kpis" aria-busy={!ready}>
      <h2 id="kpi-title">{t('reports_kpis')}</h2>
      {kpis && (
        <dl class="tiles">
          {tiles(kpis, maxVerifyAttempts).map((tile) => (
            <div class="tile" key={tile.id} data-kpi={tile.id}>
              <dt>{t(tile.label)}</dt>
              <dd class="value">{tile.value}</dd>
              <dd class="detail">{tile.detail}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
