/** public/managed_schema.json: generated from lib/policy/schema.ts, complete, and only what Chrome accepts. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { chromeManagedSchema, chromeManagedSchemaText, type ChromeSchema } from '../../../../lib/policy/chrome-schema.ts';
import { defaultPolicy } from '../../../../lib/policy/schema.ts';
import { CustomAdapterSchema } from '../../../../lib/policy/custom-adapter.ts';
import { main, SCHEMA_FILE } from '../../../../scripts/policy-schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'cv-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Attributes Chromium's policy schema parser accepts per type (components/policy/core/common/schema.cc), minus ones we avoid. */
const ALLOWED: Record<string, string[]> = {
  object: ['type', 'properties', 'description'],
  array: ['type', 'items', 'description'],
  string: ['type', 'description', 'sensitiveValue'],
  integer: ['type', 'description'],
  boolean: ['type', 'description'],
};

function walk(node: ChromeSchema, at: string, visit: (n: ChromeSchema, at: string) => void): void {
  visit(node, at);
  for (const [k, v] of Object.entries(node.properties ?? {})) walk(v, `${at}.${k}`, visit);
  if (node.items) walk(node.items, `${at}[]`, visit);
}

describe('managed_schema.json', () => {
  it('the committed file is what scripts/policy-schema.ts generates (no drift)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(chromeManagedSchemaText());
  });

  it('--check exits 0 when up to date and 1 after a drift', () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const file = join(dir, 'schema.json');
    expect(main([], file)).toBe(0);
    expect(main(['--check'], file)).toBe(0);
    const drifted = JSON.parse(readFileSync(file, 'utf8'));
    delete drifted.properties.retentionDays;
    writeFileSync(file, JSON.stringify(drifted, null, 2));
    expect(main(['--check'], file)).toBe(1);
  });

  it('the script run by node checks the committed file and exits 0', () => {
    const r = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../../../scripts/policy-schema.ts'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('uses only attributes Chrome accepts, one type per node, no additionalProperties on top', () => {
    const schema = chromeManagedSchema();
    expect(Object.keys(schema)).toEqual(['type', 'properties']);
    walk(schema, 'policy', (n, at) => {
      expect(ALLOWED[n.type], `${at}: type ${n.type}`).toBeDefined();
      for (const attr of Object.keys(n)) expect(ALLOWED[n.type], `${at}: ${attr}`).toContain(attr);
    });
  });

  it('declares every key (Chrome drops undeclared ones), nested ones included', () => {
    const schema = chromeManagedSchema();
    const defaults = defaultPolicy() as Record<string, unknown>;
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual(Object.keys(defaults).sort());
    for (const group of ['identification', 'verification', 'panel', 'reports']) {
      expect(Object.keys(schema.properties?.[group]?.properties ?? {}).sort()).toEqual(Object.keys(defaults[group] as object).sort());
    }
    const item = schema.properties?.customAdapters?.items;
    expect(Object.keys(item?.properties ?? {}).sort()).toEqual(Object.keys(CustomAdapterSchema.shape).sort());
    expect(Object.keys(schema.properties?.apiAuth?.properties ?? {}).sort()).toEqual(['authorizeUrl', 'clientId', 'scopes', 'token', 'tokenUrl', 'type']);
    expect(Object.keys(schema.properties?.agentIdSource?.properties ?? {}).sort()).toEqual(['agentId', 'type']);
  });

  it('integers are "integer" (never "number"); the bearer token is masked on chrome://policy', () => {
    const schema = chromeManagedSchema();
    const p = schema.properties ?? {};
    for (const k of ['apiTimeoutMs', 'retentionDays']) expect(p[k]?.type).toBe('integer');
    expect(p.identification?.properties?.maxAttempts?.type).toBe('integer');
    expect(p.verification?.properties?.lowTrustExtraQuestions?.type).toBe('integer');
    walk(schema, 'policy', (n, at) => expect(n.type, at).not.toBe('number'));
    expect(p.apiAuth?.properties?.token?.sensitiveValue).toBe(true);
  });
});
