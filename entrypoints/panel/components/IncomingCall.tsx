/**
 * A new call reported in this tab while the agent verifies the current caller. The caller on the line is
 * waiting, and a page can fake calls: so focus goes to "Keep this call" (Enter keeps, as does Escape), and
 * switching takes a deliberate second key (Tab, Enter) or a click. Keeping puts focus back where it was,
 * with the answers typed so far untouched.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { IncomingCall as Incoming } from '@/lib/interaction';
import { t } from '@/platform/i18n';
import { send } from '@/platform/messaging';

/** The prompt; rendered above the current step, which stays mounted. */
export function IncomingCall({ interactionId, incoming }: { interactionId: string; incoming: Incoming }) {
  const keep = useRef<HTMLButtonElement>(null);
  const before = useRef<Element | null>(null);
  useEffect(() => {
    before.current = document.activeElement;
    keep.current?.focus();
  }, [incoming.interactionId]);
  const restore = (): void => {
    const el = before.current;
    if (el instanceof HTMLElement && el.isConnected) el.focus();
  };
  const onKeep = (): void => {
    void send({ type: 'panel.keepCall', interactionId });
    restore();
  };
  const number = incoming.ani?.kind === 'number' ? incoming.ani.international : t('incomingNoNumber');
  return (
    <section class="notice incoming" role="alertdialog" aria-labelledby="incoming-text"
      onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onKeep(); } }}>
      <p id="incoming-text">{t('incomingCall', number)}</p>
      <button type="button" class="primary" ref={keep} onClick={onKeep}>{t('incomingKeep')}</button>
      <button type="button" onClick={() => void send({ type: 'panel.switchCall', interactionId })}>{t('incomingSwitch')}</button>
    </section>
  );
}
