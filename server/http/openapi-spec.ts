/**
 * The OpenAPI 3.1 description of contract v1, generated from the route table and zod schemas of
 * lib/api/contract.ts with zod 4's JSON Schema output (draft 2020-12, which OpenAPI 3.1 uses). Served at
 * /openapi.json and committed as docs/openapi.json (kept in sync by `node server/openapi.ts --check`).
 */
import { z } from 'zod';
import * as C from '../../lib/api/contract.ts';
import { STEP_UP_COMPONENTS } from '../../lib/api/contract-stepup.ts';
import { RISK_COMPONENTS } from '../../lib/api/contract-risk.ts';

type Json = Record<string, unknown>;

/** Contract schemas published as components, by name. */
const COMPONENTS = {
  IdentifyMethod: C.IdentifyMethod,
  InteractionId: C.InteractionId,
  IdentifyRequest: C.IdentifyRequest,
  Candidate: C.Candidate,
  IdentifyResponse: C.IdentifyResponse,
  AniTrust: C.AniTrust,
  ChallengeMode: C.ChallengeMode,
  ChallengeRequest: C.ChallengeRequest,
  Question: C.Question,
  ChallengeResponse: C.ChallengeResponse,
  VerifiedBy: C.VerifiedBy,
  VerifyRequest: C.VerifyRequest,
  VerifyResponse: C.VerifyResponse,
  InteractionOutcome: C.InteractionOutcome,
  InteractionStatus: C.InteractionStatus,
  InteractionResult: C.InteractionResult,
  ReportGroupBy: C.ReportGroupBy,
  ReportCounts: C.ReportCounts,
  ReportSummary: C.ReportSummary,
  ApiError: C.ApiError,
  ...STEP_UP_COMPONENTS,
  ...RISK_COMPONENTS,
} as const;

type Name = keyof typeof COMPONENTS;

const ref = (name: Name): Json => ({ $ref: `#/components/schemas/${name}` });

/** Component schemas, with references between them and without per-schema $schema/$id. */
function componentSchemas(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: 'input', unrepresentable: 'any' });
  const schemas: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(out.schemas)) {
    const { $schema: _s, $id: _i, ...rest } = schema as Json;
    schemas[id] = rest;
  }
  return schemas;
}

const ERRORS: Record<string, string> = {
  '400': 'invalid_request: malformed JSON or a field failed validation (details list the paths)',
  '401': 'unauthorized: missing or unknown bearer token',
  '403': 'forbidden: the token lacks the scope this operation (or verifiedBy "ivr", or an agent-judged challenge) needs',
  '404': 'not_found',
  '409': 'conflict',
  '413': 'payload_too_large: body over 16 KiB',
  '423': 'locked: too many failed verifications; error.lockedUntil says until when',
  '429': 'rate_limited: too many requests for this token, customer, interaction or client address (identification budgets included); see Retry-After',
  '500': 'internal',
  '503': 'unavailable: the server is overloaded; see Retry-After',
};

/** The error responses for the given status codes, all with the ApiError body. */
function errors(...codes: string[]): Json {
  const out: Json = {};
  for (const code of [...codes, '500', '503']) {
    const response: Json = { description: ERRORS[code], content: { 'application/json': { schema: ref('ApiError') } } };
    if (code === '429' || code === '503') response.headers = { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } };
    if (code === '401') response.headers = { 'WWW-Authenticate': { schema: { type: 'string' } } };
    out[code] = response;
  }
  return out;
}

const json = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } });

/** The component reference of a contract schema (every route schema is a published component). */
function refOf(schema: z.ZodType): Json {
  const name = (Object.keys(COMPONENTS) as Name[]).find((n) => COMPONENTS[n] === schema);
  if (name === undefined) throw new Error('A route schema is not among the published components');
  return ref(name);
}

/** Query parameters of a route, from its query schema. */
function queryParams(query: z.ZodObject): Json[] {
  const schema = z.toJSONSchema(query, { io: 'input' }) as { properties: Record<string, Json> };
  return Object.entries(schema.properties).map(([name, s]) => ({ name, in: 'query', required: false, schema: s }));
}

/** The OpenAPI operation of one contract route. */
function operation(route: C.RouteDef): Json {
  const op: Json = { summary: route.summary };
  if (route.description !== undefined) op.description = route.description;
  if (route.pathParam) {
    const { name, schema, description } = route.pathParam;
    op.parameters = [{ name, in: 'path', required: true, schema: refOf(schema), description }];
  }
  if (route.query) op.parameters = queryParams(route.query);
  // Any one of the listed scopes will do (OpenAPI 3.1 allows role names for non-OAuth schemes); admin holds all.
  op.security = route.scopes.map((scope) => ({ bearerAuth: [scope] }));
  if (route.body) op.requestBody = { required: true, content: { 'application/json': { schema: refOf(route.body) } } };
  const responses: Json = { '200': json(refOf(route.response), route.ok ?? 'OK') };
  if (route.created !== undefined) responses['201'] = json(refOf(route.response), route.created);
  op.responses = { ...responses, ...errors(...route.errors.map(String)) };
  return op;
}

/** The paths of every contract route, grouped by path in the contract's order. */
function contractPaths(): Json {
  const paths: Record<string, Json> = {};
  for (const route of Object.values(C.ROUTES) as C.RouteDef[]) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  return paths;
}

/** The bearer scheme, with what its scopes mean. */
const SECURITY_SCHEME = {
  type: 'http',
  scheme: 'bearer',
  description:
    'Tokens carry scopes (server/tokens.ts mints them): agent (the extension), ivr (an IVR; the only scope that may ' +
    'send verifiedBy "ivr"), reports (the summary), agent-judged (challenges with expected answers, and marks), ' +
    'admin (every scope). Each operation lists the scopes of which a token needs one; a missing scope is 403.',
};

let built: Json | undefined;

/** The OpenAPI 3.1 document (built once; the contract does not change at run time). */
export function buildOpenApi(): Json {
  built ??= build();
  return built;
}

/** Build the OpenAPI 3.1 document from the contract's routes and schemas. */
function build(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Caller Verify reference API',
      version: '1.0.0',
      description:
        'Contract v1 of the caller identification and verification (ID&V) API used by the Caller Verify ' +
        'extension and by IVRs (e.g. Genesys Cloud data actions). All errors share the ApiError body.',
    },
    servers: [{ url: 'http://127.0.0.1:8787' }],
    security: [{ bearerAuth: [] }],
    paths: {
      ...contractPaths(),
      '/healthz': {
        get: {
          summary: 'Liveness',
          security: [],
          responses: { '200': json({ type: 'object', properties: { ok: { const: true } } }, 'OK') },
        },
      },
    },
    components: { schemas: componentSchemas(), securitySchemes: { bearerAuth: SECURITY_SCHEME } },
  };
}

/** The document as committed in docs/openapi.json (2-space JSON plus a newline). */
export function openApiText(): string {
  return `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
}
