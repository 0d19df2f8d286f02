/**
 * Verification questions. caller-answer: the agent types what the caller says and the API checks it.
 * agent-judged: the expected value is shown and the agent marks each ✓/✗ (Y/N keys). Enter submits.
 */
import type { Question } from '@/lib/api/contract';
import type { Interaction } from '@/lib/interaction';
import type { Step } from '@/lib/flow';
import { focusOnMount } from './focus';
import { Expected } from './PanelGuard';
import { t } from '@/platform/i18n';
import { send } from '@/platform/messaging';

/** Typed answers and marks, kept in panel memory only (never in storage). */
export interface Answers {
  challengeId?: string;
  values: Record<string, string>;
  marks: Record<string, boolean>;
}

interface Props {
  interaction: Interaction;
  step: Extract<Step, { name: 'verify' }>;
  answers: Answers;
  setAnswers: (a: Answers) => void;
  who: 'customer' | 'representative';
}

/** The question form for the current challenge. */
export function VerifyForm({ interaction, step, answers, setAnswers, who }: Props) {
  const { challenge } = step;
  const judged = challenge.mode === 'agent-judged';
  const all = [...challenge.required, ...challenge.additional];
  const left = interaction.flow.config.maxVerifyAttempts - interaction.flow.verifyFailures;
  const set = (patch: Partial<Answers>): void => setAnswers({ ...answers, ...patch });
  const onSubmit = (e: Event): void => {
    e.preventDefault();
    const interactionId = interaction.id;
    if (judged) {
      void send({ type: 'panel.verify', interactionId, marks: all.map((q) => ({ questionId: q.id, passed: answers.marks[q.id] === true })) });
    } else {
      void send({ type: 'panel.verify', interactionId, answers: all.filter((q) => answers.values[q.id]?.trim()).map((q) => ({ questionId: q.id, answer: answers.values[q.id] as string })) });
    }
  };
  const onKey = (e: KeyboardEvent): void => {
    if (!judged || !(e.target instanceof HTMLElement)) return;
    const qid = e.target.closest<HTMLElement>('[data-question]')?.dataset.question;
    const key = e.key.toLowerCase();
    if (!qid || (key !== 'y' && key !== 'n')) return;
    e.preventDefault();
    set({ marks: { ...answers.marks, [qid]: key === 'y' } });
    // Move to the next question in document order (headings sit between required and additional).
    const all = Array.from((e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[data-question]'));
    const here = all.findIndex((el) => el.dataset.question === qid);
    all[here + 1]?.querySelector<HTMLElement>('button')?.focus();
  };
  const field = (q: Question, i: number) => (
    <div class="question" data-question={q.id} key={q.id}>
      <label for={`q-${q.id}`}>{q.label}</label>
      {judged ? (
        <div class="judge" role="group" aria-label={q.label}>
          <span class="expected" id={`q-${q.id}`}><Expected value={q.expected} /></span>
          <button type="button" aria-pressed={answers.marks[q.id] === true} ref={i === 0 ? focusOnMount : undefined} onClick={() => set({ marks: { ...answers.marks, [q.id]: true } })}>✓ {t('markPass')}</button>
          <button type="button" aria-pressed={answers.marks[q.id] === false} onClick={() => set({ marks: { ...answers.marks, [q.id]: false } })}>✗ {t('markFail')}</button>
        </div>
      ) : (
        <input
          id={`q-${q.id}`}
          ref={i === 0 ? focusOnMount : undefined}
          autoComplete="off"
          inputMode={q.inputKind === 'digits' ? 'numeric' : 'text'}
          placeholder={q.inputKind === 'date' ? t('datePlaceholder') : ''}
          value={answers.values[q.id] ?? ''}
          onInput={(e) => set({ values: { ...answers.values, [q.id]: (e.target as HTMLInputElement).value } })}
        />
      )}
    </div>
  );
  return (
    <form class="verify" onSubmit={onSubmit} onKeyDown={onKey} aria-label={t(who === 'customer' ? 'verifyCustomer' : 'verifyRepresentative')}>
      <h2>{t(who === 'customer' ? 'verifyCustomer' : 'verifyRepresentative')}</h2>
      {step.notice === 'failed_attempt' && <p class="notice" role="alert">{t('verifyFailedAttemptsLeft', String(left))}</p>}
      {step.notice === 'resubmit' && <p class="notice" role="alert">{t('verifyResubmit')}</p>}
      {challenge.required.length > 0 && <h3>{t('requiredQuestions')}</h3>}
      {challenge.required.map((q, i) => field(q, i))}
      {challenge.additional.length > 0 && <h3>{t('additionalQuestions', String(challenge.additionalNeeded))}</h3>}
      {challenge.additional.map((q, i) => field(q, challenge.required.length + i))}
      <button type="submit" class="primary">{t(judged ? 'submitMarks' : 'checkAnswers')}</button>
    </form>
  );
}
