/**
 * A picked adapter: the ready `customAdapters` entry, what it matches on the console now, Copy, and
 * "Try in this browser" (storage.local fieldTrial: the worker puts it in front of the custom adapters);
 * the adapter being tried, with "Stop trying" and a reload of the console tab (its content script reads
 * the adapters when the page loads).
 */
import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/platform/i18n';
import type { Proposal } from '@/lib/capture/propose';
import { fieldTrialItem } from '@/platform/storage';

interface Props {
  proposal: Proposal | null;
  /** The adapter tried in this browser now, as stored. */
  trial: unknown;
  /** The console's tab, to reload after trying. */
  tabId: number | null;
}

/** The entry with its keys in the admin guide's order (executeScript results come back with sorted keys). */
const ORDER = ['id', 'label', 'matches', 'callView', 'ani', 'interactionId', 'recordUrl'];
const ordered = (entry: object): object => Object.fromEntries(Object.entries(entry).sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b)));

const idOf = (v: unknown): string | null => (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : null);

/** The proposal (when there is one) and the adapter under trial. */
export function FieldToolsProposal({ proposal, trial, tabId }: Props) {
  const [note, setNote] = useState('');
  const json = proposal ? JSON.stringify(ordered(proposal.entry), null, 2) : '';
  const m = proposal?.matchesNow;
  const tried = idOf(trial);
  const copy = (): void => void navigator.clipboard.writeText(json).then(() => setNote(t('fieldTools_copied')), () => setNote(t('fieldTools_copyFailed')));

  return (
    <div class="field-tools-proposal">
      {proposal && m && (
        <>
          <h3 id="field-tools-proposal-title">{t('fieldTools_proposal')}</h3>
          <textarea readOnly rows={Math.min(16, json.split('\n').length + 1)} cols={70} aria-labelledby="field-tools-proposal-title" data-testid="proposed-entry" value={json} />
          <h3>{t('fieldTools_matchesNow')}</h3>
          <ul data-testid="matches-now">
            <li>{t('fieldTools_matchView', String(m.callView))}</li>
            <li>{m.aniEnds ? t('fieldTools_matchAni', String(m.ani), m.aniEnds) : t('fieldTools_matchAniNone', String(m.ani))}</li>
            <li>{proposal.entry.interactionId ? t('fieldTools_matchId', String(m.interactionId)) : t('fieldTools_noId')}</li>
          </ul>
          {proposal.problems.length > 0 && (
            <div class="bad"><p>{t('fieldTools_problems')}</p><ul>{proposal.problems.map((p) => <li key={p}><code>{p}</code></li>)}</ul></div>
          )}
          <p>
            <button type="button" onClick={copy}>{t('fieldTools_copy')}</button>{' '}
            <button type="button" disabled={proposal.problems.length > 0} onClick={() => void fieldTrialItem.setValue(proposal.entry)}>{t('fieldTools_try')}</button>
          </p>
        </>
      )}
      {tried && (
        <p class="ok" data-testid="field-trial">
          {t('fieldTools_trying', tried)}{' '}
          {tabId !== null && <button type="button" onClick={() => void browser.tabs.reload(tabId)}>{t('fieldTools_reload')}</button>}{' '}
          <button type="button" onClick={() => void fieldTrialItem.removeValue()}>{t('fieldTools_stopTrying')}</button>
        </p>
      )}
      <p role="status" class="muted">{note}</p>
    </div>
  );
}
