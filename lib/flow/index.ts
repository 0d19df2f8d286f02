/** The verification flow: one pure state machine (machine.ts) and what its states mean (outcome.ts). */
export * from './types';
export * from './machine';
export * from './outcome';
export * from './stepup';
export * from './stepup-flow';
export * from './risk';
