/**
 * The contract v1 routes over HTTP: each handler parses the request with the contract's schema, calls
 * one domain function and replies. Registered from the contract's route table (ROUTES), so the paths
 * and methods are the ones the OpenAPI document and the client use.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROUTES, type RouteDef, type RouteName, type VerifyRequest } from '../../lib/api/contract.ts';
import { createChallenge } from '../domain/challenges.ts';
import type { ApiContext } from '../domain/context.ts';
import { identifyCaller } from '../domain/identify.ts';
import { interactionStatus, storeResult } from '../domain/interactions.ts';
import { reportSummary } from '../domain/reports.ts';
import { verifyAnswers } from '../domain/verification.ts';
import { hasScope, requireScope } from '../http/auth.ts';
import { HttpError, invalid } from '../http/errors.ts';
import { stepUpHandlers, type StepUpRouteName } from './stepup.ts';
import { riskHandlers, type RiskRouteName } from './risk.ts';
import type { StepUpRuntime } from '../domain/stepup/stepup.ts';

type Handler = (ctx: ApiContext, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Validate the path parameter `id`. */
function pathId(params: unknown): string {
  const parsed = ROUTES.getInteraction.pathParam.schema.safeParse((params as { id?: unknown }).id);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', 'Invalid interaction id', [{ path: 'id', message: 'Invalid interaction id' }]);
  return parsed.data;
}

/** Validate a verify body: the contract union, and not answers and marks together. */
function parseVerify(body: unknown): VerifyRequest {
  const parsed = ROUTES.verify.body.safeParse(body);
  if (!parsed.success) throw invalid('Invalid verify request', parsed.error);
  const raw = body as Record<string, unknown>;
  if ('answers' in raw && 'marks' in raw) {
    throw new HttpError(400, 'invalid_request', 'Invalid verify request', [
      { path: 'marks', message: 'Send either answers or marks, not both' },
    ]);
  }
  return parsed.data;
}

/** Address buckets by client address: a bucket name built per request is a new string the rate limiter hashes again. */
const sources = new Map<string, string>();

/** The rate-limit bucket of a client address (`addr:<ip>`), from a bounded cache. */
function sourceBucket(ip: string): string {
  let bucket = sources.get(ip);
  if (bucket === undefined) {
    bucket = `addr:${ip}`;
    if (sources.size >= 10_000) sources.clear();
    sources.set(ip, bucket);
  }
  return bucket;
}

const HANDLERS: Record<Exclude<RouteName, StepUpRouteName | RiskRouteName>, Handler> = {
  async identify(ctx, request) {
    const parsed = ROUTES.identify.body.safeParse(request.body);
    if (!parsed.success) throw invalid('Invalid identify request', parsed.error);
    const principal = request.principal;
    const budget = hasScope(principal, 'ivr') ? ctx.rateLimits.identify.ivr : ctx.rateLimits.identify.agent;
    const source = sourceBucket(request.ip);
    return identifyCaller(ctx, parsed.data, { token: principal?.bucket ?? source, source, budget });
  },
  async challenge(ctx, request) {
    const parsed = ROUTES.challenge.body.safeParse(request.body);
    if (!parsed.success) throw invalid('Invalid challenge request', parsed.error);
    const caller = { bucket: request.principal?.bucket ?? `addr:${request.ip}`, agentJudged: hasScope(request.principal, 'agent-judged') };
    return createChallenge(ctx, parsed.data, caller);
  },
  async verify(ctx, request) {
    const req = parseVerify(request.body);
    requireScope(request, req.verifiedBy ?? 'agent'); // only an IVR token may record verifiedBy "ivr"
    if ('marks' in req) requireScope(request, 'agent-judged');
    return verifyAnswers(ctx, req);
  },
  async getInteraction(ctx, request) {
    const id = pathId(request.params);
    const query = ROUTES.getInteraction.query.safeParse(request.query);
    if (!query.success) throw invalid('Invalid interaction query', query.error);
    return interactionStatus(ctx.db, id, { ...(query.data.ani ? { ani: query.data.ani } : {}), now: ctx.now() });
  },
  async putInteraction(ctx, request, reply) {
    const id = pathId(request.params);
    const parsed = ROUTES.putInteraction.body.safeParse(request.body);
    if (!parsed.success) throw invalid('Invalid interaction result', parsed.error);
    if (parsed.data.interactionId !== id) {
      throw new HttpError(400, 'invalid_request', 'Invalid interaction result', [
        { path: 'interactionId', message: 'Does not match the interaction id in the path' },
      ]);
    }
    requireScope(request, parsed.data.verifiedBy);
    const { status, interaction } = await storeResult(ctx.db, parsed.data, ctx.now());
    return reply.code(status).send(interaction);
  },
  async reportSummary(ctx, request) {
    const parsed = ROUTES.reportSummary.query.safeParse(request.query);
    if (!parsed.success) throw invalid('Invalid report query', parsed.error);
    return reportSummary(ctx, parsed.data);
  },
};

/** A contract path in Fastify's syntax (`{id}` → `:id`). */
function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** Register every route of the contract's table on `app`. */
export function registerV1(app: FastifyInstance, ctx: ApiContext, stepUp: StepUpRuntime): void {
  const handlers: Record<RouteName, Handler> = { ...HANDLERS, ...stepUpHandlers(stepUp), ...riskHandlers() };
  for (const [name, route] of Object.entries(ROUTES) as [RouteName, RouteDef][]) {
    const handler = handlers[name];
    app.route({ method: route.method, url: fastifyPath(route.path), config: { api: true, scopes: route.scopes }, handler: (request, reply) => handler(ctx, request, reply) });
  }
}
