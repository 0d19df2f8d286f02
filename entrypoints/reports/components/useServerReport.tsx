/**
 * The fetch behind each team section of the page (supervisor, step-ups, risk): the API is asked only when the
 * policy allows the team reports, again when the settings, the range, `key` or a retry change, and an answer
 * that arrives after one of those changed (or after the section went away) is dropped so it cannot overwrite
 * the newer one. Also the loading and failure lines of a section whose figures come from one request.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/platform/i18n';
import type { ApiClientOptions, ApiResult } from '@/lib/api/client';
import { apiOptions, serverSummaryAllowed } from '@/lib/reports/server-summary';
import type { Policy } from '@/lib/policy/schema';

type Range = { from: string; to: string };

/** A team report: whether the policy allows it, its answer (null while loading) and a retry. */
export function useServerReport<T>(
  settings: Policy | null,
  range: Range,
  fetcher: (api: ApiClientOptions, range: Range) => Promise<T>,
  key?: string,
): { allowed: boolean; result: T | null; retry: () => void } {
  const allowed = settings !== null && serverSummaryAllowed(settings);
  const [result, setResult] = useState<T | null>(null);
  const [attempt, setAttempt] = useState(0);

  // The range is a new object on each render: its days are the dependency, and `fetcher` is read from the
  // render that changed one of these (a new closure each render would refetch every time).
  useEffect(() => {
    if (!allowed || !settings) return;
    let alive = true;
    setResult(null);
    void fetcher(apiOptions(settings), range).then((r) => {
      if (alive) setResult(r);
    });
    return () => void (alive = false);
  }, [allowed, settings, range.from, range.to, key, attempt]);

  return { allowed, result, retry: () => setAttempt((a) => a + 1) };
}

/** "Loading" while `result` is null; the failure with its request id and a Retry button; nothing once it is ok. */
export function ReportStatus({ result, retry }: { result: ApiResult<unknown> | null; retry: () => void }) {
  if (result === null) return <p role="status">{t('reports_supervisorLoading')}</p>;
  if (result.ok) return null;
  // The request id is what support asks for; a retry because the API may be back a moment later.
  return (
    <div role="alert" class="notice bad-box" data-state="down">
      <p>{t('reports_supervisorDown', t(`error_${result.error.kind}`))}</p>
      <p class="muted">{t('reports_requestId', result.error.requestId)}</p>
      <button type="button" onClick={retry}>{t('retry')}</button>
    </div>
  );
}
