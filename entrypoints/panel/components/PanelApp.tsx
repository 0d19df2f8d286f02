/** The panel: subscribes to its interaction in storage.session and renders the flow state. */
import { useEffect, useState } from 'preact/hooks';
import { STORAGE, watchEntry } from '@/platform/storage';
import { send } from '@/platform/messaging';
import { newerInteraction, type Interaction } from '@/lib/interaction';
import { outcomeOf, isTerminal, isLowTrust } from '@/lib/flow';
import { t } from '@/platform/i18n';
import { StatusLine } from './StatusLine';
import { CallerNumber } from './CallerNumber';
import { FlowStep } from './FlowStep';
import { CallActions } from './CallActions';
import { SignInNotice } from './SignInNotice';
import type { Answers } from './VerifyForm';
import type { PanelLayout } from '@/lib/panel-params';

interface Props {
  interactionId: string;
  /** Policy `panel`: the page edge the panel is on (the arrows point that way) and whether it opens collapsed. */
  layout: PanelLayout;
  onCollapse: (collapsed: boolean) => void;
}

const NO_ANSWERS: Answers = { values: {}, marks: {} };

/** A state updater that keeps the newest revision (storage events and the hello reply race). */
const newest = (next: Interaction | null) => (prev: Interaction | null | undefined): Interaction | null => newerInteraction(prev, next);

/** Root component of the panel page. */
export function PanelApp({ interactionId, layout, onCollapse }: Props) {
  const [ix, setIx] = useState<Interaction | null | undefined>(undefined);
  const [collapsed, setCollapsed] = useState(layout.startCollapsed);
  const [answers, setAnswers] = useState<Answers>(NO_ANSWERS);

  useEffect(() => {
    const unwatch = watchEntry(STORAGE.interactions, (value) => setIx(newest((value as Interaction | undefined) ?? null)), interactionId);
    void send({ type: 'panel.hello', interactionId }).then((reply) => setIx(newest(reply?.interaction ?? null)));
    return unwatch;
  }, [interactionId]);

  // Answers belong to one challenge; a new challenge (or the end of the flow) forgets them.
  const challengeId = ix?.flow.step.name === 'verify' || ix?.flow.step.name === 'verifying' ? ix.flow.step.challenge.challengeId : undefined;
  useEffect(() => {
    if (answers.challengeId !== challengeId) setAnswers({ ...NO_ANSWERS, ...(challengeId ? { challengeId } : {}) });
  }, [challengeId]);

  const toggle = (): void => {
    setCollapsed(!collapsed);
    onCollapse(!collapsed);
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !collapsed) toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (ix === undefined) return <p class="muted" role="status">{t('loading')}</p>;
  if (ix === null) return <p class="notice" role="alert">{t('panelMissing')}</p>;
  const flow = ix.flow;
  // OAuth: a step waiting for the agent to sign in, or one that failed for want of a token.
  const signIn = ix.signIn ?? (flow.step.name === 'error' && flow.step.error.signIn ? flow.step.error : undefined);
  return (
    <main class={collapsed ? 'panel collapsed' : 'panel'}>
      <h1 class="sr-only">{t('extName')}</h1>
      <header>
        <StatusLine outcome={outcomeOf(flow)} customer={flow.customer} representative={flow.representative} compact={collapsed} />
        <button type="button" class="icon" onClick={toggle} aria-label={collapsed ? t('expand') : t('collapse')} aria-expanded={!collapsed}>
          {(layout.side === 'right') === collapsed ? '«' : '»'}
        </button>
      </header>
      {!collapsed && (
        <>
          <CallerNumber ani={ix.ani} lowTrust={isLowTrust(flow)} attestation={flow.aniTrust?.attestation} />
          {signIn ? <SignInNotice interactionId={ix.id} error={signIn} /> : <FlowStep interaction={ix} answers={answers} setAnswers={setAnswers} />}
          {!isTerminal(flow) && <CallActions interaction={ix} />}
        </>
      )}
    </main>
  );
}
