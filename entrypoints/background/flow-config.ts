/** The flow's and the panel's configuration from the effective settings (policy > options > defaults). */
import { DEFAULT_FLOW_CONFIG, type FlowConfig, type SearchMethod } from '../../lib/flow';
import { DEFAULT_PANEL_LAYOUT, type PanelLayout } from '../../lib/panel-params';
import { riskExtraFrom, type RiskPolicy } from '../../lib/policy/risk';

interface FlowSettings {
  identification?: { aniLookup?: boolean; methods?: SearchMethod[]; maxAttempts?: number };
  verification?: {
    mode?: FlowConfig['verifyMode']; maxAttempts?: number; priorStatusWindowMinutes?: number; challenge?: FlowConfig['challenge'];
    stepUp?: FlowConfig['stepUp']; stepUpChannels?: FlowConfig['stepUpChannels']; stepUpReplacesQuestions?: boolean;
  };
  allowOptOut?: boolean;
  risk?: Partial<RiskPolicy>;
  panel?: Partial<Omit<PanelLayout, 'surface'>> & { surface?: string };
}

/** Pick the flow-relevant keys; anything missing falls back to the flow defaults. */
export function flowConfigFrom(settings: object): FlowConfig {
  const s = settings as FlowSettings;
  return {
    aniLookup: s.identification?.aniLookup ?? DEFAULT_FLOW_CONFIG.aniLookup,
    methods: s.identification?.methods ?? DEFAULT_FLOW_CONFIG.methods,
    maxIdentifyAttempts: s.identification?.maxAttempts ?? DEFAULT_FLOW_CONFIG.maxIdentifyAttempts,
    verifyMode: s.verification?.mode ?? DEFAULT_FLOW_CONFIG.verifyMode,
    maxVerifyAttempts: s.verification?.maxAttempts ?? DEFAULT_FLOW_CONFIG.maxVerifyAttempts,
    allowOptOut: s.allowOptOut ?? DEFAULT_FLOW_CONFIG.allowOptOut,
    priorWindowMinutes: s.verification?.priorStatusWindowMinutes ?? DEFAULT_FLOW_CONFIG.priorWindowMinutes,
    challenge: s.verification?.challenge ?? DEFAULT_FLOW_CONFIG.challenge,
    stepUp: s.verification?.stepUp ?? 'never',
    ...(s.verification?.stepUpChannels ? { stepUpChannels: s.verification.stepUpChannels } : {}),
    stepUpReplacesQuestions: s.verification?.stepUpReplacesQuestions ?? false,
    riskExtraQuestions: riskExtraFrom(s.risk), riskShowReasons: s.risk?.showReasons ?? true,
  };
}

/** The panel layout the content script applies to each new call (policy `panel`). */
export function panelLayoutFrom(settings: object): PanelLayout {
  const p = (settings as FlowSettings).panel;
  const layout: PanelLayout = { side: p?.side ?? DEFAULT_PANEL_LAYOUT.side, startCollapsed: p?.startCollapsed ?? DEFAULT_PANEL_LAYOUT.startCollapsed };
  return p?.surface === 'side-panel' ? { ...layout, surface: 'side-panel' } : layout;
}
