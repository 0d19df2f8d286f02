/**
 * The step-up view, on its own so any panel surface can render it: the channel choice (masked destinations
 * only), then the code field or the wait for the app, with errors and the lockout explained. Every action
 * is a message to the worker; the state shown is the stored one.
 */
import type { Interaction } from '@/lib/interaction';
import type { StepUpFlow } from '@/lib/flow';
import { t } from '@/platform/i18n';
import { send } from '@/platform/messaging';
import { focusOnMount } from '../focus';
import { Progress } from '../Progress';
import { ErrorNotice } from '../ErrorNotice';
import { StepUpPending } from './StepUpPending';

/** Why this step-up is on screen. */
function Why({ s }: { s: StepUpFlow }) {
  const text = s.reason === 'guarded-action' ? t('stepUp_why_guarded', s.label ?? '') : t(s.reason === 'policy' ? 'stepUp_why_policy' : 'stepUp_why_knowledge');
  return <p class="hint">{text}</p>;
}

/** One button per channel on file (the first has the keyboard: Enter sends on the preferred channel). */
function Channels({ interactionId, s }: { interactionId: string; s: StepUpFlow }) {
  return (
    <div class="step-up-channels" role="group" aria-label={t('stepUp_sendCode')}>
      {s.notice === 'expired' && <p class="notice" role="alert">{t('stepUp_expired')}</p>}
      {s.notice === 'denied' && <p class="notice" role="alert">{t('stepUp_denied')}</p>}
      {s.channels.map((c, i) => (
        <button type="button" class={i === 0 ? 'primary' : ''} key={c.channel} data-channel={c.channel} ref={i === 0 ? focusOnMount : undefined}
          onClick={() => void send({ type: 'panel.stepUpSend', interactionId, channel: c.channel })}>
          {t(`stepUp_channel_${c.channel}`, c.maskedDestination)}
        </button>
      ))}
    </div>
  );
}

/** Where the step-up ended without a pass. */
function Over({ s }: { s: StepUpFlow }) {
  if (s.phase.name !== 'over') return null;
  const { why, lockedUntil } = s.phase;
  const text = why === 'locked' ? t('stepUp_locked') : t(why === 'no_channels' ? 'stepUp_noChannels' : 'stepUp_noMore');
  return (
    <div class="error" role="alert" data-step-up-over={why}>
      <p class="what">{text}</p>
      {lockedUntil && <p class="details">{t('lockedUntil', new Date(lockedUntil).toLocaleString())}</p>}
    </div>
  );
}

/** The step-up of an interaction, whatever its phase. */
export function StepUpPanel({ interaction }: { interaction: Interaction }) {
  const s = interaction.flow.stepUp;
  if (!s) return null;
  const id = interaction.id;
  const p = s.phase;
  const body = (() => {
    switch (p.name) {
      case 'loading': return <Progress text={t('stepUp_loadingChannels')} />;
      case 'choose': return <Channels interactionId={id} s={s} />;
      case 'sending':
      case 'resending': return <Progress text={t('stepUp_sending')} />;
      case 'checking': return <Progress text={t('stepUp_checking')} />;
      case 'pending':
      case 'polling': return s.current ? <StepUpPending interactionId={id} s={s} current={s.current} /> : null;
      case 'passed':
        return <p class="notice" role="status">{t(s.current?.channel === 'app' ? 'stepUp_approvedInApp' : s.reason === 'guarded-action' ? 'stepUp_guardedPassed' : 'stepUp_passed')}</p>;
      case 'over': return <Over s={s} />;
      case 'error': return <ErrorNotice error={p.error} onRetry={() => void send({ type: 'panel.retry', interactionId: id })} />;
    }
  })();
  return (
    <section class="step-up" aria-label={t('stepUp_title')} data-step-up={p.name}>
      <h2>{t('stepUp_title')}</h2>
      {p.name !== 'passed' && <Why s={s} />}
      {body}
    </section>
  );
}

/** The low-trust policy's offer on the question step: a code or an app approval instead of the answers. */
export function StepUpOffer({ interactionId }: { interactionId: string }) {
  return (
    <button type="button" class="link" data-step-up-offer onClick={() => void send({ type: 'panel.stepUpOffer', interactionId })}>
      {t('stepUp_offer')}
    </button>
  );
}
