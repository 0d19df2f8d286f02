/**
 * The options page as data: one field per setting (leaf paths for nested objects), how it is edited,
 * and helpers to read, change and validate a dotted path in the agent's options object.
 */
import { isObject, SEARCH_METHODS, type MessageKey, type SearchMethod } from '../values.ts';
import { resolvePolicy } from './resolve.ts';
import { STEP_UP_CHANNELS, STEP_UP_WHEN, type StepUpPolicyChannel, type StepUpWhen } from './stepup.ts';

export type FieldKind = 'text' | 'int' | 'bool' | 'select' | 'multi' | 'ids' | 'json';

export interface Field {
  /** Dotted path in the policy/options object, e.g. "identification.maxAttempts". */
  path: string;
  kind: FieldKind;
  label: MessageKey;
  /** Allowed values (select, multi) with their label keys. */
  choices?: readonly { value: string; label: MessageKey }[];
  /** Mask secrets (apiAuth token) in what is displayed. */
  secret?: boolean;
}

export interface Section {
  title: MessageKey;
  fields: Field[];
}

const METHOD_LABELS: Record<SearchMethod, MessageKey> = {
  customerId: 'options_method_customerId',
  accountNumber: 'options_method_accountNumber',
  phone: 'options_method_phone',
  lastName: 'options_method_lastName',
};

const STEP_UP_WHEN_LABELS: Record<StepUpWhen, MessageKey> = {
  never: 'options_stepUp_never',
  'low-trust': 'options_stepUp_low_trust',
  always: 'options_stepUp_always',
  'on-guarded-action': 'options_stepUp_on_guarded_action',
};

const STEP_UP_CHANNEL_LABELS: Record<StepUpPolicyChannel, MessageKey> = {
  app: 'options_stepUp_channel_app',
  sms: 'options_stepUp_channel_sms',
  voice: 'options_stepUp_channel_voice',
  email: 'options_stepUp_channel_email',
};

export const SECTIONS: Section[] = [
  { title: 'options_section_api', fields: [
    { path: 'apiBaseUrl', kind: 'text', label: 'opt_apiBaseUrl' },
    { path: 'apiAuth', kind: 'json', label: 'opt_apiAuth', secret: true },
    { path: 'apiTimeoutMs', kind: 'int', label: 'opt_apiTimeoutMs' },
    { path: 'defaultRegion', kind: 'text', label: 'opt_defaultRegion' },
    { path: 'genesys', kind: 'json', label: 'opt_genesys' },
  ] },
  { title: 'options_section_identification', fields: [
    { path: 'identification.aniLookup', kind: 'bool', label: 'opt_identification_aniLookup' },
    { path: 'identification.methods', kind: 'multi', label: 'opt_identification_methods', choices: SEARCH_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] })) },
    { path: 'identification.maxAttempts', kind: 'int', label: 'opt_identification_maxAttempts' },
  ] },
  { title: 'options_section_verification', fields: [
    { path: 'verification.mode', kind: 'select', label: 'opt_verification_mode', choices: [
      { value: 'caller-answer', label: 'options_mode_caller_answer' },
      { value: 'agent-judged', label: 'options_mode_agent_judged' },
    ] },
    { path: 'verification.maxAttempts', kind: 'int', label: 'opt_verification_maxAttempts' },
    { path: 'verification.lowTrustExtraQuestions', kind: 'int', label: 'opt_verification_lowTrustExtraQuestions' },
    { path: 'verification.priorStatusWindowMinutes', kind: 'int', label: 'opt_verification_priorStatusWindowMinutes' },
    { path: 'verification.challenge', kind: 'select', label: 'opt_verification_challenge', choices: [
      { value: 'auto', label: 'options_challenge_auto' },
      { value: 'on-engage', label: 'options_challenge_on_engage' },
    ] },
    { path: 'verification.stepUp', kind: 'select', label: 'opt_verification_stepUp', choices: STEP_UP_WHEN.map((w) => ({ value: w, label: STEP_UP_WHEN_LABELS[w] })) },
    { path: 'verification.stepUpChannels', kind: 'multi', label: 'opt_verification_stepUpChannels', choices: STEP_UP_CHANNELS.map((c) => ({ value: c, label: STEP_UP_CHANNEL_LABELS[c] })) },
    { path: 'verification.stepUpReplacesQuestions', kind: 'bool', label: 'opt_verification_stepUpReplacesQuestions' },
    { path: 'allowOptOut', kind: 'bool', label: 'opt_allowOptOut' },
  ] },
  { title: 'options_section_panel', fields: [
    { path: 'panel.side', kind: 'select', label: 'opt_panel_side', choices: [{ value: 'right', label: 'options_side_right' }, { value: 'left', label: 'options_side_left' }] },
    { path: 'panel.startCollapsed', kind: 'bool', label: 'opt_panel_startCollapsed' },
    { path: 'panel.surface', kind: 'select', label: 'opt_panel_surface', choices: [{ value: 'page', label: 'options_surface_page' }, { value: 'side-panel', label: 'options_surface_side_panel' }] },
  ] },
  { title: 'options_section_adapters', fields: [
    { path: 'customAdapters', kind: 'json', label: 'opt_customAdapters' },
    { path: 'disabledAdapters', kind: 'ids', label: 'opt_disabledAdapters' },
    { path: 'guards', kind: 'json', label: 'opt_guards' },
    { path: 'risk', kind: 'json', label: 'opt_risk' },
  ] },
  { title: 'options_section_privacy', fields: [
    { path: 'retentionDays', kind: 'int', label: 'opt_retentionDays' },
    { path: 'agentIdSource', kind: 'json', label: 'opt_agentIdSource' },
    { path: 'reports.serverSummary', kind: 'bool', label: 'opt_reports_serverSummary' },
  ] },
];

type Raw = Record<string, unknown>;

/** The value at a dotted path, or undefined. */
export function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (isObject(o) && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined), obj);
}

/** A copy of `obj` with `path` set to `value` (or removed when value is undefined; empty groups go too). */
export function setPath(obj: Raw, path: string, value: unknown): Raw {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const copy: Raw = { ...obj };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const inner = setPath(isObject(copy[head]) ? (copy[head] as Raw) : {}, rest.join('.'), value);
  if (Object.keys(inner).length === 0) delete copy[head];
  else copy[head] = inner;
  return copy;
}

/** Errors about `path` if the options were `candidate` (empty: the value is valid). */
export function optionErrors(candidate: Raw, path: string): string[] {
  const prefix = `options.${path}`;
  return resolvePolicy({}, candidate).errors.filter((e) => e.startsWith(`${prefix}:`) || e.startsWith(`${prefix}.`) || e.startsWith(`${prefix}[`));
}

/** JSON for display, with bearer tokens masked when `secret`. */
export function displayJson(value: unknown, secret = false): string {
  const shown = secret && isObject(value) && typeof value.token === 'string' ? { ...value, token: '••••••••' } : value;
  return JSON.stringify(shown, null, 2);
}
