/**
 * Reports page (unlisted extension page, built to reports.html): open it at
 * chrome-extension://<id>/reports.html or from a link to browser.runtime.getURL('/reports.html').
 * It reads the extension's IndexedDB and storage directly (the records through its own dedicated worker,
 * history-worker.ts); it sends no messages to the extension's service worker.
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { t } from '@/platform/i18n';
import { ReportsApp } from '@/entrypoints/reports/components/ReportsApp';
import { loadAllRollups } from '@/lib/reports/load';
import { HistoryClient } from '@/lib/reports/history-client';
import HistoryWorker from './history-worker?worker';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t('reports_title');

// The rollups (KPIs, charts) are read while the page renders its first frame, not after it.
const rollups = loadAllRollups();
// The worker starts (and parses its bundle) now; it reads records only when the page asks, after the charts.
const history = new HistoryClient(new HistoryWorker({ name: 'reports-history' }));
render(<ReportsApp prefetched={rollups} history={history} />, document.getElementById('app') as HTMLElement);
