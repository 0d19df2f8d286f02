/**
 * The routes anyone may call: liveness, the OpenAPI document and its rendered reference page.
 */
import type { FastifyInstance } from 'fastify';
import { DOCS_CSP, renderDocs } from '../http/docs-page.ts';
import { buildOpenApi } from '../http/openapi-spec.ts';

/** Register GET /healthz, /openapi.json and /docs on `app`. */
export function registerPublic(app: FastifyInstance): void {
  const spec = buildOpenApi();
  const docs = renderDocs(spec);
  const config = { public: true };
  app.get('/healthz', { config }, async () => ({ ok: true }));
  app.get('/openapi.json', { config }, async () => spec);
  app.get('/docs', { config }, async (_request, reply) =>
    reply.header('content-security-policy', DOCS_CSP).type('text/html; charset=utf-8').send(docs),
  );
}
