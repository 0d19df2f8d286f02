/** The filter bar of the Reports page: UTC date range, outcome, method, adapter and CRM host. */
import { t, type MessageKey } from '@/platform/i18n';
import { EMPTY_FILTER, NONE, type ReportFilter } from '@/lib/reports/filter';
import { METHOD_ORDER } from '@/lib/reports/charts';
import type { InteractionOutcome } from '@/lib/api/contract';

interface Props {
  filter: ReportFilter;
  adapters: string[];
  hosts: string[];
  onChange: (next: ReportFilter) => void;
}

const OUTCOME_KEYS: Record<InteractionOutcome, MessageKey> = {
  verified: 'outcome_verified',
  identified: 'outcome_identified',
  not_identified: 'outcome_not_identified',
};

/** Label of an identify method (or of "no method") in the Reports page. */
export const METHOD_KEYS: Record<(typeof METHOD_ORDER)[number], MessageKey> = {
  ani: 'reports_method_ani',
  customerId: 'reports_method_customerId',
  accountNumber: 'reports_method_accountNumber',
  phone: 'reports_method_phone',
  lastName: 'reports_method_lastName',
  none: 'reports_method_none',
};

/** Label of an outcome. */
export const outcomeLabel = (o: InteractionOutcome): string => t(OUTCOME_KEYS[o]);

/** A select of fixed choices plus "Any". */
function Choice(props: { id: string; label: string; value: string; choices: [string, string][]; onInput: (v: string) => void }) {
  return (
    <div class="filter">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onInput={(e) => props.onInput(e.currentTarget.value)}>
        <option value="">{t('reports_any')}</option>
        {props.choices.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
      </select>
    </div>
  );
}

/** The filter form; every change applies at once. */
export function ReportsFilters({ filter, adapters, hosts, onChange }: Props) {
  const set = (patch: Partial<ReportFilter>): void => onChange({ ...filter, ...patch });
  const plain = (v: string): [string, string] => [v, v === NONE ? t('reports_none') : v];
  return (
    <section aria-labelledby="filters-title" class="filters">
      <h2 id="filters-title" class="visually-hidden">{t('reports_filters')}</h2>
      <form onSubmit={(e) => e.preventDefault()}>
        <div class="filter">
          <label for="f-from">{t('reports_from')}</label>
          <input id="f-from" type="date" value={filter.from} max={filter.to || undefined} onInput={(e) => set({ from: e.currentTarget.value })} />
        </div>
        <div class="filter">
          <label for="f-to">{t('reports_to')}</label>
          <input id="f-to" type="date" value={filter.to} min={filter.from || undefined} onInput={(e) => set({ to: e.currentTarget.value })} />
        </div>
        <Choice id="f-outcome" label={t('reports_outcome')} value={filter.outcome}
          choices={(Object.keys(OUTCOME_KEYS) as InteractionOutcome[]).map((o) => [o, outcomeLabel(o)])}
          onInput={(v) => set({ outcome: v as ReportFilter['outcome'] })} />
        <Choice id="f-method" label={t('reports_method')} value={filter.method}
          choices={METHOD_ORDER.map((m) => [m === 'none' ? NONE : m, t(METHOD_KEYS[m])])}
          onInput={(v) => set({ method: v as ReportFilter['method'] })} />
        <Choice id="f-adapter" label={t('reports_adapter')} value={filter.adapterId} choices={adapters.map(plain)} onInput={(v) => set({ adapterId: v })} />
        <Choice id="f-host" label={t('reports_host')} value={filter.crmHost} choices={hosts.map(plain)} onInput={(v) => set({ crmHost: v })} />
        <button type="button" class="link" onClick={() => onChange(EMPTY_FILTER)}>{t('reports_resetFilters')}</button>
      </form>
    </section>
  );
}
