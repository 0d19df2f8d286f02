/**
 * Field tools (options page): for a console where detection fails, "Capture this console" saves a redacted
 * outline (JSON and a readable summary, as downloads) and "Pick the caller's number" proposes a
 * `customAdapters` entry from the number the admin clicks, shows what it matches now, copies it, and tries
 * it in this browser only (lib/policy/trial-adapter.ts) before it is rolled out by policy. Nothing is sent.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/platform/i18n';
import { consolePattern } from '@/lib/capture/in-tab';
import type { Proposal } from '@/lib/capture/propose';
import { buildCapture, summarize } from '@/lib/capture/summary';
import { CRM_MATCHES } from '@/lib/manifest-data';
import { fieldTrialItem, STORAGE, watchEntry } from '@/platform/storage';
import { askAccess, cancelPick, captureTab, consoleTab, pickInTab } from '../field-tools';
import { FieldToolsProposal } from './FieldToolsProposal';

interface Download {
  json: string;
  text: string;
  summary: string;
}

/** A file to download, built here (a Blob URL): nothing leaves the browser. */
const blobUrl = (body: string, type: string): string => URL.createObjectURL(new Blob([body], { type }));

/** The "Field tools" section. */
export function FieldTools({ hosts }: { hosts: readonly string[] }) {
  const [target, setTarget] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; msg: string } | null>(null);
  const [download, setDownload] = useState<Download | null>(null);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [picking, setPicking] = useState<number | null>(null);
  const [trial, setTrial] = useState<unknown>(undefined);
  const [tabId, setTabId] = useState<number | null>(null);

  useEffect(() => {
    void fieldTrialItem.getValue().then(setTrial);
    return watchEntry(STORAGE.fieldTrial, setTrial);
  }, []);
  useEffect(() => () => {
    if (download) [download.json, download.text].forEach((u) => URL.revokeObjectURL(u));
  }, [download]);

  /** Access (inside the click), then the console's tab, then `work` on it; every failure becomes the status. */
  const start = (work: (tab: { id: number; windowId: number }) => Promise<void>): void => {
    const pattern = consolePattern(target);
    if (!pattern) return setStatus({ ok: false, msg: t('fieldTools_badTarget') });
    const access = askAccess(pattern);
    void (async () => {
      if (!(await access)) return setStatus({ ok: false, msg: t('fieldTools_refused', pattern) });
      const tab = await consoleTab(pattern);
      if (!tab) return setStatus({ ok: false, msg: t('fieldTools_noTab', pattern) });
      setTabId(tab.id);
      await work(tab);
    })().catch((e: unknown) => setStatus({ ok: false, msg: t('fieldTools_failed', e instanceof Error ? e.message : String(e)) }));
  };

  const capture = (): void => start(async (tab) => {
    setStatus({ ok: true, msg: t('fieldTools_capturing') });
    const frames = await captureTab(tab.id);
    const whole = buildCapture(frames, { takenAt: new Date().toISOString(), extensionVersion: browser.runtime.getManifest().version });
    const summary = summarize(whole);
    setDownload({ json: blobUrl(JSON.stringify(whole, null, 2), 'application/json'), text: blobUrl(summary, 'text/plain'), summary });
    setStatus({ ok: true, msg: t('fieldTools_captured', String(frames.length)) });
  });

  const pick = (): void => start(async (tab) => {
    setPicking(tab.id);
    setProposal(null);
    setStatus({ ok: true, msg: t('fieldTools_picking') });
    try {
      const outcome = await pickInTab(tab);
      if (outcome.kind === 'picked') {
        setProposal(outcome.proposal);
        setStatus({ ok: true, msg: t('fieldTools_picked') });
      } else setStatus({ ok: false, msg: t(outcome.kind === 'busy' ? 'fieldTools_busy' : 'fieldTools_cancelled') });
    } finally {
      setPicking(null);
    }
  });

  return (
    <section aria-labelledby="field-tools-title" class="field-tools">
      <h2 id="field-tools-title">{t('fieldTools_title')}</h2>
      <p class="muted">{t('fieldTools_help')}</p>
      <div class="field">
        <label class="label" for="field-tools-target">{t('fieldTools_target')}</label>
        <input id="field-tools-target" type="text" list="field-tools-hosts" value={target} placeholder="https://crm.example.com/*"
          aria-describedby="field-tools-target-help" onInput={(e) => setTarget((e.target as HTMLInputElement).value)} />
        <datalist id="field-tools-hosts">{[...hosts, ...CRM_MATCHES].map((h) => <option key={h} value={h} />)}</datalist>
        <span id="field-tools-target-help" class="muted">{t('fieldTools_targetHelp')}</span>
      </div>
      <p>
        <button type="button" onClick={capture} disabled={picking !== null}>{t('fieldTools_capture')}</button>{' '}
        {picking === null
          ? <button type="button" onClick={pick}>{t('fieldTools_pick')}</button>
          : <button type="button" onClick={() => void cancelPick(picking)}>{t('fieldTools_cancelPick')}</button>}
      </p>
      <p role="status" class={status ? (status.ok ? 'ok' : 'bad') : 'muted'}>{status?.msg ?? ''}</p>
      {download && (
        <div class="field-tools-capture">
          <p>
            <a href={download.json} download="caller-verify-capture.json">{t('fieldTools_downloadJson')}</a>{' · '}
            <a href={download.text} download="caller-verify-capture.txt">{t('fieldTools_downloadSummary')}</a>
          </p>
          <pre style="white-space: pre-wrap; font-size: .8rem;" data-testid="capture-summary">{download.summary}</pre>
        </div>
      )}
      {proposal && <FieldToolsProposal proposal={proposal} trial={trial} tabId={tabId} />}
      {!proposal && trial !== undefined && trial !== null && <FieldToolsProposal proposal={null} trial={trial} tabId={tabId} />}
    </section>
  );
}
