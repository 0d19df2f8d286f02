import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { escapeHtml } from '../../../../server/http/docs-page.ts';
import type { Db } from '../../../../server/db/open.ts';
import { OPENAPI_FILE, openApiUpToDate, runOpenApiCli } from '../../../../server/openapi.ts';
import { buildOpenApi, openApiText } from '../../../../server/http/openapi-spec.ts';
import { demoApp, send, forEachBackend } from '../helpers.ts';

forEachBackend(() => {

  let app: FastifyInstance;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await demoApp());
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  type Spec = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };

  describe('OpenAPI document', () => {
    it('is OpenAPI 3.1 with every route of the app and the contract schemas as components', () => {
      const spec = buildOpenApi() as Spec;
      expect(spec.openapi).toBe('3.1.0');
      const ops = Object.entries(spec.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
      expect(ops.sort()).toEqual([
        'GET /healthz',
        'GET /v1/customers/{id}/step-up-channels',
        'GET /v1/interactions/{id}',
        'GET /v1/reports/guards',
        'GET /v1/reports/questions',
        'GET /v1/reports/risk',
        'GET /v1/reports/step-ups',
        'GET /v1/reports/summary',
        'GET /v1/step-ups/{id}',
        'POST /v1/challenge',
        'POST /v1/identify',
        'POST /v1/step-ups',
        'POST /v1/step-ups/{id}/check',
        'POST /v1/step-ups/{id}/resend',
        'POST /v1/verify',
        'PUT /v1/interactions/{id}',
      ]);
      for (const name of ['IdentifyRequest', 'ChallengeRequest', 'ChallengeResponse', 'VerifyRequest', 'VerifyResponse', 'InteractionStatus', 'InteractionResult', 'ReportSummary', 'ApiError', 'RiskAssessment', 'QuestionReport', 'RiskReport', 'GuardsReport']) {
        expect(spec.components.schemas[name], name).toBeTruthy();
      }
      expect(Object.keys(spec.paths['/v1/verify']?.post?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '404', '409', '423', '429']));
      // All references resolve.
      const text = JSON.stringify(spec);
      for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) expect(spec.components.schemas[name ?? '']).toBeTruthy();
    });

    it('is served at /openapi.json', async () => {
      const res = await send(app, 'GET', '/openapi.json');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(buildOpenApi());
    });

    it('renders a self-contained reference at /docs (no scripts, no external resources)', async () => {
      const res = await send(app, 'GET', '/docs');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
      expect(res.body).not.toMatch(/<script|<link|src=|https?:\/\/(?!127\.0\.0\.1)/i);
      for (const text of ['/v1/challenge', 'PUT', 'InteractionResult', 'lockedUntil', 'Retry-After'.toLowerCase()]) {
        expect(res.body.toLowerCase()).toContain(text.toLowerCase());
      }
      expect(escapeHtml('<a href="x">&\'')).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#39;');
    });
  });

  describe('committed docs/openapi.json', () => {
    it('matches the schemas (run `node server/openapi.ts` after changing lib/api/contract.ts)', () => {
      expect(openApiUpToDate(OPENAPI_FILE)).toBe(true);
      expect(fs.readFileSync(OPENAPI_FILE, 'utf8')).toBe(openApiText());
    });

    it('--check exits 1 on drift and 0 once rewritten', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cv-openapi-'));
      try {
        const file = path.join(dir, 'openapi.json');
        fs.writeFileSync(file, openApiText().replace('"3.1.0"', '"3.0.0"'));
        const lines: string[] = [];
        expect(runOpenApiCli(['--check', '--out', file], (l) => lines.push(l))).toBe(1);
        expect(lines.join('\n')).toMatch(/out of date/);
        expect(runOpenApiCli(['--out', file], () => undefined)).toBe(0);
        expect(runOpenApiCli(['--check', '--out', file], () => undefined)).toBe(0);
        fs.rmSync(file);
        expect(runOpenApiCli(['--check', '--out', file], () => undefined)).toBe(1);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('works as a command: node server/openapi.ts --check', () => {
      const script = path.resolve(import.meta.dirname, '../../../../server/openapi.ts');
      const res = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
      expect(res.status, res.stderr).toBe(0);
    }, 20_000);
  });
});
