/** The panel: follows its interaction over a port to the worker (platform/panel-port.ts) and renders the flow state. */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { CALL_COMING, followInteraction, type FollowHandlers, type Following } from '@/platform/panel-port';
import { send } from '@/platform/messaging';
import { newerInteraction, sameShown, shownOutcome, type Interaction } from '@/lib/interaction';
import { isTerminal, isLowTrust, apiCallFor, stepUpBusy } from '@/lib/flow';
import { t } from '@/platform/i18n';
import { StatusLine } from './StatusLine';
import { CallerNumber } from './CallerNumber';
import { RiskNotice } from './RiskNotice';
import { FlowStep, PriorNotice } from './FlowStep';
import { CallActions } from './CallActions';
import { SignInNotice } from './SignInNotice';
import { IncomingCall } from './IncomingCall';
import { GenesysSignInHint } from './GenesysSignInHint';
import type { Answers } from './VerifyForm';
import type { PanelLayout } from '@/lib/panel-params';

interface Props {
  interactionId: string;
  /** Policy `panel`: the page edge the panel is on (the arrows point that way) and whether it opens collapsed. */
  layout: PanelLayout;
  onCollapse: (collapsed: boolean) => void;
  /** The state to show at once (the worker pushed this call to the panel of the previous one). */
  initial?: Interaction;
  /** The worker pushed a newer call of this tab: the page shows that one now. */
  onNext?: (ix: Interaction) => void;
}

const NO_ANSWERS: Answers = { values: {}, marks: {} };

/** A state updater that keeps the newest revision (pushes and the hello reply race). */
const newest = (next: Interaction | null) => (prev: Interaction | null | undefined): Interaction | null => newerInteraction(prev, next);

/** The worker still owes this interaction a step (an API call in flight): its result must reach the panel. */
const workerBusy = (ix: Interaction | null): boolean => ix !== null && (apiCallFor(ix.flow) !== null || ix.flow.step.name === 'verifying' || stepUpBusy(ix.flow.stepUp));

/** A port on its way from the previous call's panel to the next one's (set and taken within one remount). */
let handover: { id: string; follow: Following } | null = null;

/** Root component of the panel page. */
export function PanelApp({ interactionId, layout, onCollapse, initial, onNext }: Props) {
  const [ix, setIx] = useState<Interaction | null | undefined>(initial);
  const [collapsed, setCollapsed] = useState(layout.startCollapsed);
  const [answers, setAnswers] = useState<Answers>(NO_ANSWERS);

  const helloAfterPaint = useRef<(() => void) | null>(null);
  // A layout effect: it runs with the render that mounts this call, not after the next frame. A state pushed
  // meanwhile (the name, often a few ms behind the new call) went to the unmounted call's handlers and was shown
  // only once this effect took the port over, a frame or more later (up to 100 ms where no frame comes).
  useLayoutEffect(() => {
    let latest: Interaction | null = initial ?? null;
    let first = true;
    const show = (next: Interaction | null): void => {
      const before = latest;
      latest = newerInteraction(latest, next);
      // A write of the worker's own bookkeeping shows nothing new: no render (it would hold up the next state).
      if (before && latest && latest !== before && latest.id === before.id && sameShown(before, latest)) return;
      setIx(newest(next));
    };
    // Every (re)connection says hello: the reply is the current state and resumes a step a stopped worker left.
    const hello = (): void => {
      const initial = first;
      first = false;
      void send({ type: 'panel.hello', interactionId }).then((reply) => { if (reply?.interaction || initial) show(reply?.interaction ?? null); });
    };
    // The previous call's panel hands over its port when the worker moved it to this call (no new port).
    let handed = false;
    const handlers: FollowHandlers = {
      onState: show, waiting: () => workerBusy(latest), onConnect: hello,
      onNext: (next) => {
        handed = true;
        handover = { id: next.id, follow };
        onNext?.(next);
      },
    };
    const taken = handover?.id === interactionId ? handover.follow : null;
    handover = null;
    const follow: Following = taken ?? followInteraction(interactionId, show, handlers.waiting, hello, undefined, handlers.onNext);
    if (taken) {
      follow.rebind(handlers);
      helloAfterPaint.current = hello; // the worker learns the call reached the agent, as on a new port
    }
    // The content script saw a call coming: a port the stopped worker dropped is opened again now, so the
    // worker, woken by that call, can push it here as soon as it is written.
    const onHint = (): void => follow.ensure();
    window.addEventListener(CALL_COMING, onHint);
    // A stopped worker dropped the port: the agent's next key or click reconnects before its message goes out.
    const wake = (): void => follow.ensure();
    window.addEventListener('pointerdown', wake, true);
    window.addEventListener('keydown', wake, true);
    return () => {
      if (!handed) follow.close();
      window.removeEventListener(CALL_COMING, onHint);
      window.removeEventListener('pointerdown', wake, true);
      window.removeEventListener('keydown', wake, true);
    };
  }, [interactionId]);
  // The taken port's hello goes after the first paint: sent with the mount, the worker's write of the shown time
  // came as the look-up answered, and the name's write waited behind it in the call's chain of writes.
  useEffect(() => {
    helloAfterPaint.current?.();
    helloAfterPaint.current = null;
  }, [interactionId]);

  // Answers belong to one challenge; a new challenge (or the end of the flow) forgets them. With the render
  // that shows the new challenge (a layout effect), not after the next frame: the agent may type by then, and
  // those keys were wiped (seen once renders of bookkeeping-only states, which ran pending effects, stopped).
  const challengeId = ix?.flow.step.name === 'verify' || ix?.flow.step.name === 'verifying' ? ix.flow.step.challenge.challengeId : undefined;
  useLayoutEffect(() => {
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
        <StatusLine {...shownOutcome(ix)} representative={flow.representative} compact={collapsed} />
        <button type="button" class="icon" onClick={toggle} aria-label={collapsed ? t('expand') : t('collapse')} aria-expanded={!collapsed}>
          {(layout.side === 'right') === collapsed ? '«' : '»'}
        </button>
      </header>
      {!collapsed && (
        <>
          {ix.incoming && <IncomingCall interactionId={ix.id} incoming={ix.incoming} />}
          <CallerNumber ani={ix.ani} lowTrust={isLowTrust(flow)} attestation={flow.aniTrust?.attestation} />
          <RiskNotice flow={flow} />
          <PriorNotice prior={flow.prior} />
          {signIn ? <SignInNotice interactionId={ix.id} error={signIn} /> : <FlowStep interaction={ix} answers={answers} setAnswers={setAnswers} />}
          {!isTerminal(flow) && <CallActions interaction={ix} />}
          <GenesysSignInHint hint={ix.genesysSignIn} />
        </>
      )}
    </main>
  );
}
