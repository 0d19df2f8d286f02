/**
 * Send one result record (the contract route putInteraction). Same conventions as lib/api/client.ts (it uses its
 * `callRoute`): timeout, x-request-id, bearer token, zod-validated answer, failures as ApiFailure.
 */
import { z } from 'zod';
import { callRoute, type ApiClientOptions, type ApiResult } from '../api/client';
import type { ResultRecord } from './record';

/**
 * What the server answers: a JSON object, naming the interaction when it names one (anything else in it
 * is kept, not required). A 204 No Content counts as `{}`.
 */
export function resultAckSchema(interactionId: string) {
  return z.looseObject({ interactionId: z.literal(interactionId).optional() });
}
export type ResultAck = z.infer<ReturnType<typeof resultAckSchema>>;

/** Treat 204 (no body) as an empty JSON object, so requestJson can read it. */
function noContentAsEmptyJson(f: typeof fetch): typeof fetch {
  return async (input, init) => {
    const res = await f(input, init);
    return res.status === 204 ? new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }) : res;
  };
}

/** PUT the record to /v1/interactions/{interactionId} (idempotent on the server). */
export function putResult(opts: ApiClientOptions, record: ResultRecord): Promise<ApiResult<ResultAck>> {
  const withFetch: ApiClientOptions = { ...opts, fetch: noContentAsEmptyJson(opts.fetch ?? ((...a) => fetch(...a))) };
  return callRoute(withFetch, 'putInteraction', { params: { id: record.interactionId }, body: record }, resultAckSchema(record.interactionId));
}
