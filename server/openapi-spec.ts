/**
 * The OpenAPI 3.1 description of contract v1, generated from the zod schemas of lib/api/contract.ts with
 * zod 4's JSON Schema output (draft 2020-12, which OpenAPI 3.1 uses). Served at /openapi.json and
 * committed as docs/openapi.json (kept in sync by `node server/openapi.ts --check`).
 */
import { z } from 'zod';
import * as C from '../lib/api/contract.ts';

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
  '404': 'not_found',
  '409': 'conflict',
  '413': 'payload_too_large: body over 16 KiB',
  '423': 'locked: too many failed verifications; error.lockedUntil says until when',
  '429': 'rate_limited: too many requests for this token or customer; see Retry-After',
  '500': 'internal',
};

/** The error responses for the given status codes, all with the ApiError body. */
function errors(...codes: string[]): Json {
  const out: Json = {};
  for (const code of [...codes, '500']) {
    const response: Json = { description: ERRORS[code], content: { 'application/json': { schema: ref('ApiError') } } };
    if (code === '429') response.headers = { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } };
    if (code === '401') response.headers = { 'WWW-Authenticate': { schema: { type: 'string' } } };
    out[code] = response;
  }
  return out;
}

const json = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } });
const body = (name: Name): Json => ({ required: true, content: { 'application/json': { schema: ref(name) } } });
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: ref('InteractionId'),
  description: 'CRM interaction / Genesys conversation id',
};

/** Query parameters of the report, from the ReportQuery schema. */
function reportParams(): Json[] {
  const schema = z.toJSONSchema(C.ReportQuery, { io: 'input' }) as { properties: Record<string, Json> };
  return Object.entries(schema.properties).map(([name, s]) => ({ name, in: 'query', required: false, schema: s }));
}

let built: Json | undefined;

/** The OpenAPI 3.1 document (built once; the contract does not change at run time). */
export function buildOpenApi(): Json {
  built ??= build();
  return built;
}

/** Build the OpenAPI 3.1 document from the contract schemas. */
function build(): Json {
  const post = (summary: string, description: string, req: Name, res: Name, errs: string[]) => ({
    post: { summary, description, requestBody: body(req), responses: { '200': json(ref(res), 'OK'), ...errors(...errs) } },
  });
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
      '/v1/identify': post(
        'Identify a caller',
        "Candidates by ANI, phone, customer id, account number or last name. Failed manual look-ups use up the interaction's attempts.",
        'IdentifyRequest',
        'IdentifyResponse',
        ['400', '401', '413', '429'],
      ),
      '/v1/challenge': post(
        'Start a verification challenge',
        'The questions to ask (required, additional and how many additional must pass). `expected` is present only ' +
          'in agent-judged mode. Single use; expires after 10 minutes by default.',
        'ChallengeRequest',
        'ChallengeResponse',
        ['400', '401', '404', '409', '413', '423', '429'],
      ),
      '/v1/verify': post(
        'Verify answers or marks',
        'Checks answers (normalised, constant-time) or agent marks (agent-judged challenges only). ' +
          'Failures count towards the customer lockout.',
        'VerifyRequest',
        'VerifyResponse',
        ['400', '401', '404', '409', '413', '423', '429'],
      ),
      '/v1/interactions/{id}': {
        get: {
          summary: 'Interaction status',
          parameters: [idParam],
          responses: { '200': json(ref('InteractionStatus'), 'OK'), ...errors('400', '401', '404', '429') },
        },
        put: {
          summary: 'Store the result record',
          description:
            'Idempotent: the same body again is 200 without change; a stronger outcome replaces the record; anything else is 409.',
          parameters: [idParam],
          requestBody: body('InteractionResult'),
          responses: {
            '200': json(ref('InteractionStatus'), 'Unchanged or updated'),
            '201': json(ref('InteractionStatus'), 'Created'),
            ...errors('400', '401', '409', '413', '429'),
          },
        },
      },
      '/v1/reports/summary': {
        get: {
          summary: 'Summary report',
          parameters: reportParams(),
          responses: { '200': json(ref('ReportSummary'), 'OK'), ...errors('400', '401', '429') },
        },
      },
      '/healthz': {
        get: {
          summary: 'Liveness',
          security: [],
          responses: { '200': json({ type: 'object', properties: { ok: { const: true } } }, 'OK') },
        },
      },
    },
    components: { schemas: componentSchemas(), securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  };
}

/** The document as committed in docs/openapi.json (2-space JSON plus a newline). */
export function openApiText(): string {
  return `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
}
