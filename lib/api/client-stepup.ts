/**
 * The worker's calls of the step-up routes, through callRoute (method and path from ROUTES). A code check
 * is a POST and never retried (each one uses an attempt on the server); the status poll is a GET.
 */
import type { z } from 'zod';
import { ROUTES } from './contract';
import type { StepUpChannel } from './contract-stepup';
import { callRoute, type ApiClientOptions, type ApiResult } from './client';

type StepUp = z.infer<typeof ROUTES.startStepUp.response>;

/** The identified customer's step-up channels (masked destinations only). */
export function stepUpChannels(opts: ApiClientOptions, customerId: string): Promise<ApiResult<z.infer<typeof ROUTES.stepUpChannels.response>>> {
  return callRoute(opts, 'stepUpChannels', { params: { id: customerId } }, ROUTES.stepUpChannels.response);
}

/** Send a code (or an app request) to the customer on `channel`. */
export function startStepUp(opts: ApiClientOptions, req: { interactionId: string; customerId: string; channel: StepUpChannel }): Promise<ApiResult<StepUp>> {
  return callRoute(opts, 'startStepUp', { body: req }, ROUTES.startStepUp.response);
}

/** Check the code the caller read out. */
export function checkStepUp(opts: ApiClientOptions, id: string, req: { interactionId: string; code: string }): Promise<ApiResult<StepUp>> {
  return callRoute(opts, 'checkStepUp', { params: { id }, body: req }, ROUTES.checkStepUp.response);
}

/** Resend after the cool-down. */
export function resendStepUp(opts: ApiClientOptions, id: string, interactionId: string): Promise<ApiResult<StepUp>> {
  return callRoute(opts, 'resendStepUp', { params: { id }, body: { interactionId } }, ROUTES.resendStepUp.response);
}

/** The step-up's state (poll an app approval with this); `retryAfterMs`: the server's Retry-After while pending. */
export function readStepUp(opts: ApiClientOptions, id: string, interactionId: string): Promise<ApiResult<StepUp> & { retryAfterMs?: number }> {
  return callRoute(opts, 'getStepUp', { params: { id }, query: new URLSearchParams({ interactionId }) }, ROUTES.getStepUp.response);
}
