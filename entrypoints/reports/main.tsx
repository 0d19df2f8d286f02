/**
 * Reports page (unlisted extension page, built to reports.html): open it at
 * chrome-extension://<id>/reports.html or from a link to browser.runtime.getURL('/reports.html').
 * It reads the extension's IndexedDB and storage directly; it sends no messages to the worker.
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { ReportsApp } from '@/components/ReportsApp';
import { loadAllRollups } from '@/lib/reports/load';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t('reports_title');

// The rollups (KPIs, charts) are read while the page renders its first frame, not after it.
const rollups = loadAllRollups();
render(<ReportsApp prefetched={rollups} />, document.getElementById('app') as HTMLElement);
