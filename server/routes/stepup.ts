/**
 * Step-up over HTTP: the agent's routes of the contract table (handlers merged into registerV1's), the
 * customer app's routes (device secret, outside the bearer-token scope) and, in demo mode only, the
 * outbox (GET /dev/outbox: "the customer's phone") and the demo customer app page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { APP_ROUTES, STEP_UP_ROUTES, StepUpId } from '../../lib/api/contract-stepup.ts';
import type { ApiContext } from '../domain/context.ts';
import { listOutbox } from '../domain/senders/outbox.ts';
import { authenticateDevice, decideAppRequest, listAppRequests } from '../domain/stepup/app.ts';
import { stepUpReport } from '../domain/stepup/reports.ts';
import { channelsOnFile } from '../domain/stepup/store.ts';
import { checkStepUp, readStepUp, resendStepUp, startStepUp, type StepUpRuntime } from '../domain/stepup/stepup.ts';
import { HttpError, invalid } from '../http/errors.ts';
import { CUSTOMER_APP_CSP, CUSTOMER_APP_HTML } from '../http/customer-app-page.ts';

type Handler = (ctx: ApiContext, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
export type StepUpRouteName = keyof typeof STEP_UP_ROUTES;

/** The `id` path parameter checked against `schema`. */
function pathParam(params: unknown, schema: z.ZodType<string>, what: string): string {
  const parsed = schema.safeParse((params as { id?: unknown }).id);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', `Invalid ${what}`, [{ path: 'id', message: `Invalid ${what}` }]);
  return parsed.data;
}

/** Parse `value` with a route's schema, else 400. */
function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(`Invalid ${what}`, parsed.error);
  return parsed.data;
}

/** Handlers of the agent's step-up routes. */
export function stepUpHandlers(rt: StepUpRuntime): Record<StepUpRouteName, Handler> {
  const R = STEP_UP_ROUTES;
  return {
    async stepUpChannels(ctx, request) {
      const customerId = pathParam(request.params, R.stepUpChannels.pathParam.schema, 'customer id');
      const found = await channelsOnFile(ctx.db, customerId, rt.limits.channels);
      if (!found) throw new HttpError(404, 'not_found', 'No such customer');
      return { channels: found.map(({ channel, masked }) => ({ channel, maskedDestination: masked })) };
    },
    async startStepUp(ctx, request) {
      return startStepUp(ctx, rt, parse(R.startStepUp.body, request.body, 'step-up request'));
    },
    async getStepUp(ctx, request, reply) {
      const id = pathParam(request.params, StepUpId, 'step-up id');
      const query = parse(R.getStepUp.query, request.query, 'step-up query');
      const view = await readStepUp(ctx, rt, id, query.interactionId);
      if (view.status === 'pending' && view.channel === 'app') reply.header('retry-after', String(rt.limits.pollSeconds));
      return view;
    },
    async checkStepUp(ctx, request) {
      const id = pathParam(request.params, StepUpId, 'step-up id');
      return checkStepUp(ctx, rt, id, parse(R.checkStepUp.body, request.body, 'code check'));
    },
    async resendStepUp(ctx, request) {
      const id = pathParam(request.params, StepUpId, 'step-up id');
      return resendStepUp(ctx, rt, id, parse(R.resendStepUp.body, request.body, 'resend').interactionId);
    },
    async stepUpReport(ctx, request) {
      return stepUpReport(ctx, parse(R.stepUpReport.query, request.query, 'report query'));
    },
  };
}

/** Register the customer app's routes and, in demo mode, the outbox and the demo app page. */
export function registerStepUpApp(app: FastifyInstance, ctx: ApiContext, rt: StepUpRuntime): void {
  // Public to the bearer-token check: these authenticate a device secret instead, rate-limited by address first.
  const config = { public: true };
  const device = async (request: FastifyRequest) => {
    await ctx.rateLimiter.enforce(`addr:${request.ip}`, ctx.rateLimits.perTokenPerMinute, ctx.now(), 'client');
    return authenticateDevice(ctx, request.headers.authorization);
  };
  app.get(APP_ROUTES.listRequests.path, { config }, async (request) => listAppRequests(ctx, (await device(request)).customerId));
  app.post(APP_ROUTES.decide.path.replace('{id}', ':id'), { config }, async (request) => {
    const { customerId } = await device(request);
    const id = pathParam(request.params, StepUpId, 'request id');
    const { decision } = parse(APP_ROUTES.decide.body, request.body, 'decision');
    return decideAppRequest(ctx, rt, customerId, id, decision);
  });
  if (!rt.demo) return;
  app.get('/dev/outbox', { config }, async (request) => {
    const to = (request.query as { to?: unknown }).to;
    return { messages: await listOutbox(ctx.db, typeof to === 'string' && to !== '' ? to : undefined) };
  });
  app.get('/dev/customer-app', { config }, async (_request, reply) =>
    reply.header('content-security-policy', CUSTOMER_APP_CSP).type('text/html; charset=utf-8').send(CUSTOMER_APP_HTML));
}
