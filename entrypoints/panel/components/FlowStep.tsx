/** Renders the current step of the flow; every action is a message to the background. */
import type { Interaction } from '@/lib/interaction';
import type { FlowState } from '@/lib/flow';
import { focusOnMount } from './focus';
import { t } from '@/platform/i18n';
import { CandidateList } from './CandidateList';
import { ErrorNotice } from './ErrorNotice';
import { SearchForm } from './SearchForm';
import { VerifyForm, type Answers } from './VerifyForm';
import { Progress } from './Progress';
import { send } from '@/platform/messaging';
import { stepUpOffered } from '@/lib/flow';
import { StepUpOffer, StepUpPanel } from './stepup/StepUpPanel';

interface Props {
  interaction: Interaction;
  answers: Answers;
  setAnswers: (a: Answers) => void;
}

/** The body of the panel below the caller number. */
export function FlowStep({ interaction, answers, setAnswers }: Props) {
  const { flow, id } = interaction;
  const step = flow.step;
  const who = flow.role === 'representative' ? 'representative' : 'customer';
  switch (step.name) {
    case 'checking_prior':
      return <Progress text={t('checkingPrior')} />;
    case 'identifying':
      return <Progress text={t('identifying')} />;
    case 'engage':
      return (
        <div class="engage">
          <p class="hint">{t('engageHint')}</p>
          <button type="button" class="primary" ref={focusOnMount} onClick={() => send({ type: 'panel.engage', interactionId: id })}>{t('engageStart')}</button>
        </div>
      );
    case 'challenging':
      return <Progress text={t('loadingQuestions')} />;
    case 'verifying':
      return <Progress text={t('checkingAnswers')} />;
    case 'choose':
      return (
        <>
          <p class="hint">{t('chooseMatches', String(step.candidates.length))}</p>
          <CandidateList candidates={step.candidates} onSelect={(customerId) => send({ type: 'panel.select', interactionId: id, customerId })} />
          <SearchForm interaction={interaction} compact />
        </>
      );
    case 'search':
      return <SearchForm interaction={interaction} />;
    case 'not_identified':
      return <p class="notice" role="alert">{t('notIdentifiedFinal')}</p>;
    case 'verify': {
      // The first answer typed or marked tells the worker the agent is mid-verification (a new call then waits).
      const engage = flow.engaged ? undefined : () => void send({ type: 'panel.engage', interactionId: id });
      return (
        <div onInput={engage}>
          <VerifyForm interaction={interaction} step={step} answers={answers} setAnswers={setAnswers} who={who} />
          {stepUpOffered(flow) && <StepUpOffer interactionId={id} />}
        </div>
      );
    }
    case 'step_up':
      return <StepUpPanel interaction={interaction} />;
    case 'verified':
      return <><Verified interaction={interaction} /><StepUpPanel interaction={interaction} /></>;
    case 'stop':
      return (
        <div class="error" role="alert" data-stop={step.why}>
          <p class="what">{step.why === 'locked' && flow.stepUp?.phase.name === 'over' ? t('stepUp_locked') : t(`stop_${step.why}`)}</p>
          <p class="todo">{t('stopProcessing')}</p>
          {step.lockedUntil && <p class="details">{t('lockedUntil', new Date(step.lockedUntil).toLocaleString())}</p>}
          {stepUpOffered(flow) && <StepUpOffer interactionId={id} />}
        </div>
      );
    case 'opted_out':
      return <p class="notice" role="status">{t('optedOutNotice', t(`optOut_${step.reason}`))}</p>;
    case 'error':
      return <ErrorNotice error={step.error} onRetry={() => send({ type: 'panel.retry', interactionId: id })} />;
  }
}

/** A time of day in the agent's locale ("14:02"). */
export function timeOfDay(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '?';
}

function Verified({ interaction }: { interaction: Interaction }) {
  const { verifiedBy: by, prior } = interaction.flow;
  return (
    <div class="verified">
      {by && by !== 'agent' && <p class="notice" role="status">{t(by === 'ivr' ? 'verifiedInIvr' : 'verifiedByPreviousAgent', timeOfDay(prior?.verifiedAt))}</p>}
      <button type="button" class="primary" ref={focusOnMount} onClick={() => send({ type: 'panel.openRecord', interactionId: interaction.id })}>
        {t('openRecord')}
      </button>
    </div>
  );
}

/** Why a verification recorded before the flow started does not count: asking is expected, not a fault. */
export function PriorNotice({ prior }: { prior: FlowState['prior'] }) {
  if (!prior?.refused) return null;
  const text = prior.refused === 'other_number' ? t('priorOtherNumber')
    : t(prior.refused === 'stale' ? 'priorStale' : 'priorNoNumber', timeOfDay(prior.verifiedAt));
  return <p class="notice" role="status" data-prior={prior.refused}>{text}</p>;
}
