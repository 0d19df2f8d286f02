/** The caller's number in international format, or why there is none. */
import type { Ani } from '@/lib/phone';
import { t } from '@/lib/i18n';

/** Caller number line. */
export function CallerNumber({ ani }: { ani: Ani | null }) {
  let text: string;
  if (!ani) text = t('numberMissing');
  else if (ani.kind === 'number') text = ani.international;
  else if (ani.kind === 'withheld') text = t('numberWithheld');
  else text = t('numberInvalid', ani.raw);
  return (
    <p class="caller">
      <span class="label">{t('callerNumber')}</span>
      <span class="number" data-testid="caller-number">{text}</span>
    </p>
  );
}
