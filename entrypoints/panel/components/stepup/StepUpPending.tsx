/**
 * A live step-up: the code field (digits only, a paste keeps its digits, sent once it has the server's
 * length) or the wait for the app (read again after the server's Retry-After), the countdown to expiry,
 * resend with its cool-down, and another channel. The typed code lives in this component only.
 */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { StepUp } from '@/lib/api/contract-stepup';
import type { StepUpFlow } from '@/lib/flow';
import { clock, codeComplete, codeDigits, liveStatus, resendState, secondsUntil } from '@/lib/stepup/code-entry';
import { t } from '@/platform/i18n';
import { send } from '@/platform/messaging';
import { focusOnMount } from '../focus';

/** The current time, once a second (the countdown and the resend cool-down). */
function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

interface Props {
  interactionId: string;
  s: StepUpFlow;
  current: StepUp;
}

/** The code field, or the wait for the app. */
export function StepUpPending({ interactionId, s, current }: Props) {
  const now = useNow();
  const [digits, setDigits] = useState('');
  const app = current.channel === 'app';
  const length = current.codeLength ?? 6;
  const expired = liveStatus(current, now) === 'expired';
  // A pending app approval is read again once the server's Retry-After has passed (through the worker).
  useEffect(() => {
    if (!app || s.phase.name !== 'pending') return;
    const timer = setTimeout(() => void send({ type: 'panel.stepUpPoll', interactionId }), Math.max(0, (s.pollAfter ?? 0) - Date.now()));
    return () => clearTimeout(timer);
  }, [app, s.phase.name, s.pollAfter, current.id]);
  // Each check answer (wrong code) starts an empty field. A layout effect, run with the render that shows the
  // answer: a passive one waits for the next frame (late in a busy or throttled frame) and wiped digits the
  // agent had started typing once "Wrong code" was on screen, so the next code was never complete.
  useLayoutEffect(() => setDigits(''), [current.attemptsRemaining, current.id]);

  const submit = (value: string): void => {
    if (!codeComplete(value, length) || expired) return;
    setDigits('');
    void send({ type: 'panel.stepUpCheck', interactionId, code: value });
  };
  const onInput = (e: Event): void => {
    const value = codeDigits((e.target as HTMLInputElement).value, length);
    setDigits(value);
    (e.target as HTMLInputElement).value = value;
    if (codeComplete(value, length)) submit(value);
  };
  const resend = resendState(current, now);
  return (
    <div class="step-up-live" data-channel={current.channel}>
      <p class="hint" role="status">{t(app ? 'stepUp_waitingForApp' : 'stepUp_enterCode', current.maskedDestination)}</p>
      {s.notice === 'wrong_code' && <p class="notice" role="alert">{t('stepUp_wrongCode', String(current.attemptsRemaining))}</p>}
      {s.notice === 'resent' && <p class="notice" role="status">{t('stepUp_resent')}</p>}
      {s.notice === 'resend_wait' && <p class="notice" role="status">{t('stepUp_resendWait')}</p>}
      {expired && <p class="notice" role="alert" data-expired>{t('stepUp_expired')}</p>}
      {!app && (
        <form onSubmit={(e) => { e.preventDefault(); submit(digits); }}>
          <label for="step-up-code">{t('stepUp_codeLabel')}</label>
          <input id="step-up-code" ref={focusOnMount} value={digits} onInput={onInput} inputMode="numeric" autoComplete="off"
            aria-describedby="step-up-expiry" maxLength={length + 8} disabled={expired} />
        </form>
      )}
      <p id="step-up-expiry" class="muted" data-countdown>{t('stepUp_expiresIn', clock(secondsUntil(current.expiresAt, now)))}</p>
      <div class="actions">
        <button type="button" disabled={resend.kind !== 'ready'} data-step-up-resend onClick={() => void send({ type: 'panel.stepUpResend', interactionId })}>
          {resend.kind === 'wait' ? t('stepUp_resendIn', clock(resend.seconds)) : resend.kind === 'none' ? t('stepUp_noResends') : t('stepUp_resend')}
        </button>
        <button type="button" class="link" onClick={() => void send({ type: 'panel.stepUpOther', interactionId })}>{t('stepUp_otherChannel')}</button>
      </div>
    </div>
  );
}
