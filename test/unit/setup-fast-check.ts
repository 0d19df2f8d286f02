/**
 * fast-check seeds: random on developers' machines (to keep exploring), fixed in CI (CI=true) so that a
 * submission's result does not depend on the draw; FC_SEED overrides both to replay a failure.
 */
import fc from 'fast-check';

const fixed = process.env.FC_SEED ?? (process.env.CI ? '20261123' : undefined);
if (fixed !== undefined) fc.configureGlobal({ seed: Number(fixed) });
