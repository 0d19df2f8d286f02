/** The risk report routes over HTTP (handlers merged into registerV1's): parse the query, call the report, reply. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RISK_ROUTES } from '../../lib/api/contract-risk.ts';
import type { ApiContext } from '../domain/context.ts';
import { guardsReport, questionReport, riskReport } from '../domain/risk/reports.ts';
import { invalid } from '../http/errors.ts';

type Handler = (ctx: ApiContext, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
export type RiskRouteName = keyof typeof RISK_ROUTES;

const REPORTS = { reportQuestions: questionReport, reportRisk: riskReport, reportGuards: guardsReport } as const;

/** Handlers of the risk report routes. */
export function riskHandlers(): Record<RiskRouteName, Handler> {
  const handler = (name: RiskRouteName): Handler => async (ctx, request) => {
    const parsed = RISK_ROUTES[name].query.safeParse(request.query);
    if (!parsed.success) throw invalid('Invalid report query', parsed.error);
    return REPORTS[name](ctx, parsed.data);
  };
  return { reportQuestions: handler('reportQuestions'), reportRisk: handler('reportRisk'), reportGuards: handler('reportGuards') };
}
