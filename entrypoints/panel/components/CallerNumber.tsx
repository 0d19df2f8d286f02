/** The caller's number in international format, or why there is none, with its STIR/SHAKEN trust. */
import type { Ani } from '@/lib/phone';
import { t } from '@/platform/i18n';

interface Props {
  ani: Ani | null;
  lowTrust?: boolean;
  attestation?: string | undefined;
}

/** Caller number line. */
export function CallerNumber({ ani, lowTrust, attestation }: Props) {
  let text: string;
  if (!ani) text = t('numberMissing');
  else if (ani.kind === 'number') text = ani.international;
  else if (ani.kind === 'withheld') text = t('numberWithheld');
  else text = t('numberInvalid', ani.raw);
  return (
    <p class="caller">
      <span class="label">{t('callerNumber')}</span>
      <span class="number" data-testid="caller-number">{text}</span>
      {attestation && <span class={lowTrust ? 'trust low' : 'trust'}>{t('attestation', attestation)}</span>}
      {lowTrust && <span class="trust low" role="note">{t('lowTrustNote')}</span>}
    </p>
  );
}
