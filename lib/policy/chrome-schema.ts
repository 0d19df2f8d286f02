/**
 * The Chrome `storage.managed_schema` for the policy, derived from the zod schema. Chrome accepts a
 * restricted JSON Schema and refuses to load an extension whose schema has an attribute it does not
 * know, so the output keeps only `type`, `properties`, `items`, `description` and `sensitiveValue`.
 *
 * Ranges, enums and patterns are left out on purpose: Chrome silently drops a value that fails them,
 * while the extension (lib/policy/resolve.ts) can report it with its path and fall back. Types stay, so
 * every key reaches the extension (Chrome drops keys the schema does not declare) and `integer` vs
 * `number` is exact. Unions (apiAuth, agentIdSource) become one object with every variant's keys.
 */
import { z } from 'zod';
import { PolicySchema } from './schema.ts';

type JsonSchema = Record<string, unknown>;
export interface ChromeSchema {
  type: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  sensitiveValue?: true;
  properties?: Record<string, ChromeSchema>;
  items?: ChromeSchema;
}

const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

/** Merge the object variants of a oneOf/anyOf into one object schema. */
function mergeVariants(variants: JsonSchema[], at: string): ChromeSchema {
  const properties: Record<string, ChromeSchema> = {};
  for (const v of variants) {
    const r = reduce(v, at);
    if (r.type !== 'object') throw new Error(`${at}: only unions of objects can be expressed in a Chrome schema`);
    for (const [k, p] of Object.entries(r.properties ?? {})) {
      const prev = properties[k];
      if (prev && prev.type !== p.type) throw new Error(`${at}.${k}: union variants disagree on the type`);
      properties[k] = prev ?? p;
    }
  }
  return { type: 'object', properties };
}

/** Reduce one JSON Schema node (from z.toJSONSchema) to the attributes Chrome accepts. */
function reduce(node: JsonSchema, at: string): ChromeSchema {
  const variants = (node.oneOf ?? node.anyOf) as JsonSchema[] | undefined;
  let out: ChromeSchema;
  if (variants) {
    out = mergeVariants(variants, at);
  } else {
    const type = node.type ?? (typeof node.const === 'string' ? 'string' : undefined);
    if (typeof type !== 'string' || !TYPES.has(type)) throw new Error(`${at}: no single Chrome type for ${JSON.stringify(node)}`);
    out = { type: type as ChromeSchema['type'] };
    if (type === 'object') {
      const props = (node.properties ?? {}) as Record<string, JsonSchema>;
      out.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, reduce(v, `${at}.${k}`)]));
    }
    if (type === 'array') out.items = reduce(node.items as JsonSchema, `${at}[]`);
  }
  if (typeof node.description === 'string') out.description = node.description;
  if (node.sensitiveValue === true) out.sensitiveValue = true;
  return out;
}

/** The managed-storage schema as Chrome wants it (top level: an object without additionalProperties). */
export function chromeManagedSchema(): ChromeSchema {
  const json = z.toJSONSchema(PolicySchema, { io: 'input', unrepresentable: 'throw' }) as JsonSchema;
  const top = reduce(json, 'policy');
  return { type: 'object', properties: top.properties ?? {} };
}

/** The file text of public/managed_schema.json. */
export function chromeManagedSchemaText(): string {
  return `${JSON.stringify(chromeManagedSchema(), null, 2)}\n`;
}
