/**
 * What the panel's guard (guard.ts) shows: a notice while the panel cannot prove it is seen (clicks and
 * keys are refused then), a notice when the page took the keyboard while the agent typed, and the expected
 * answers of agent-judged questions only while the panel is proven seen.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { t } from '@/platform/i18n';
import type { GuardState, PanelGuard as Guard } from './guard';

/** Outside a guard nothing is proven: expected answers stay hidden. */
const GuardContext = createContext<GuardState>({ seen: false, refused: false, thefts: 0 });

/** A short wait (ms) before "covered" is shown: the first proof arrives within a frame or two of loading. */
const NOTICE_GRACE_MS = 400;

/** Wrap the panel: the guard's notices above it, its state for Expected below. */
export function PanelGuard({ guard, children }: { guard: Guard; children: ComponentChildren }) {
  const [state, setState] = useState(guard.state());
  const [late, setLate] = useState(false);
  useEffect(() => guard.subscribe(setState), [guard]);
  useEffect(() => {
    const timer = setTimeout(() => setLate(true), NOTICE_GRACE_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <GuardContext.Provider value={state}>
      {!state.seen && (late || state.refused) && (
        <p class="notice guard" role="alert" data-guard="covered">{t('guardCovered')}</p>
      )}
      {state.thefts > 0 && (
        <p class="notice guard" role="alert" data-guard="focus-theft">{t('guardFocusTheft')}</p>
      )}
      {children}
    </GuardContext.Provider>
  );
}

/** The expected answer of an agent-judged question: shown only while the panel is proven seen. */
export function Expected({ value }: { value: string | undefined }) {
  const { seen } = useContext(GuardContext);
  return seen ? <>{value ?? '—'}</> : <span class="muted" data-guard="expected-hidden">{t('guardExpectedHidden')}</span>;
}
