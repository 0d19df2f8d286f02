/**
 * Export of the filtered, sorted history as CSV or XLSX (lib/reports/export.ts). The history worker
 * builds the file from the rows it holds (exceljs is loaded there, only when an XLSX export is asked
 * for) and hands the bytes over; the page saves them as a download of a blob: URL.
 */
import { useState } from 'preact/hooks';
import { t } from '@/platform/i18n';
import { exportFileName } from '@/lib/reports/export';
import { errorText, type ExportReply } from '@/lib/reports/history-protocol';
import { formatCount } from '@/lib/reports/view';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Save `blob` as `name` through a temporary link (revoked once the download has started). */
function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; count: number } | { kind: 'failed'; message: string };

/** The two export buttons (off until every record is read) and their status line. */
export function ReportsExport({ count, ready, build }: { count: number; ready: boolean; build: (format: 'csv' | 'xlsx') => Promise<ExportReply> }) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const run = async (format: 'csv' | 'xlsx'): Promise<void> => {
    setStatus({ kind: 'busy' });
    try {
      const file = await build(format);
      download(new Blob([file.data], { type: format === 'csv' ? 'text/csv;charset=utf-8' : XLSX_TYPE }), exportFileName(Date.now(), format));
      setStatus({ kind: 'done', count: file.count });
    } catch (err) {
      setStatus({ kind: 'failed', message: errorText(err) });
    }
  };
  const busy = status.kind === 'busy' || !ready;
  return (
    <div class="export">
      <button type="button" onClick={() => void run('csv')} disabled={busy || count === 0}>{t('reports_exportCsv')}</button>
      <button type="button" onClick={() => void run('xlsx')} disabled={busy || count === 0}>{t('reports_exportXlsx')}</button>
      <p role="status" class="muted" data-testid="export-status">
        {status.kind === 'busy' && t('reports_exporting')}
        {status.kind === 'done' && t('reports_exported', formatCount(status.count))}
        {status.kind === 'failed' && t('reports_exportFailed', status.message)}
        {status.kind === 'idle' && t('reports_exportNote')}
      </p>
    </div>
  );
}
