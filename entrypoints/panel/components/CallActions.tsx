/** Actions available at any step: the caller acts for the customer; the caller opts out. */
import { useState } from 'preact/hooks';
import type { Interaction } from '@/lib/interaction';
import { OPT_OUT_REASONS, type OptOutReason } from '@/lib/values';
import { focusOnMount } from './focus';
import { t } from '@/platform/i18n';
import { send } from '@/platform/messaging';

/** Representative toggle and opt-out with a reason. */
export function CallActions({ interaction }: { interaction: Interaction }) {
  const { flow, id } = interaction;
  const [optingOut, setOptingOut] = useState(false);
  const [reason, setReason] = useState<OptOutReason>(OPT_OUT_REASONS[0]);
  return (
    <footer class="actions">
      {flow.role === 'customer' && (
        <label class="check">
          <input type="checkbox" checked={flow.actingFor} onChange={(e) => send({ type: 'panel.representative', interactionId: id, on: (e.target as HTMLInputElement).checked })} />
          {t('actingFor')}
        </label>
      )}
      {flow.config.allowOptOut && !optingOut && (
        <button type="button" class="link" onClick={() => setOptingOut(true)}>{t('optOut')}</button>
      )}
      {optingOut && (
        <form class="optout" onSubmit={(e) => { e.preventDefault(); void send({ type: 'panel.optOut', interactionId: id, reason }); }}>
          <label for="optout-reason">{t('optOutReason')}</label>
          <select id="optout-reason" ref={focusOnMount} value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value as OptOutReason)}>
            {OPT_OUT_REASONS.map((r) => <option key={r} value={r}>{t(`optOut_${r}`)}</option>)}
          </select>
          <button type="submit">{t('optOutConfirm')}</button>
          <button type="button" class="link" onClick={() => setOptingOut(false)}>{t('cancel')}</button>
        </form>
      )}
    </footer>
  );
}
