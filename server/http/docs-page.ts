/**
 * The API reference at /docs: one self-contained HTML page rendered from the OpenAPI document (no
 * scripts, no external resources; served with a CSP that forbids both).
 */
type Json = Record<string, unknown>;

/** CSP of the page: inline styles only. */
export const DOCS_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
code,pre{font-family:ui-monospace,monospace;font-size:13px}h2{border-bottom:1px solid #ccc;margin-top:2.5rem}
.op{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}.m{font-weight:700;text-transform:uppercase;
padding:2px 6px;border-radius:4px;color:#fff;background:#2f6f3e}.m.post{background:#1f5fa8}.m.put{background:#8a5a00}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}.req{color:#a00}`;

/** Escape text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A short type description of a JSON schema, linking component references. */
function typeOf(schema: Json): string {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop() ?? '';
    return `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`;
  }
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(' | ');
  if ('const' in schema) return `<code>${escapeHtml(JSON.stringify(schema.const))}</code>`;
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Json[]).map(typeOf).join(' or ');
  if (schema.type === 'array') return `array of ${typeOf((schema.items ?? {}) as Json)}`;
  return escapeHtml(String(schema.type ?? 'any'));
}

/** Constraints worth showing: lengths, ranges, patterns, formats, defaults. */
function constraints(schema: Json): string {
  const keys = ['minLength', 'maxLength', 'minimum', 'maximum', 'maxItems', 'pattern', 'format', 'default'];
  return keys
    .filter((k) => schema[k] !== undefined)
    .map((k) => `${k}: <code>${escapeHtml(JSON.stringify(schema[k]))}</code>`)
    .join(', ');
}

/** A schema as HTML: objects as property tables (nested objects inline), alternatives one after another. */
function renderSchema(schema: Json): string {
  if (Array.isArray(schema.anyOf)) {
    return (schema.anyOf as Json[]).map((s, i) => `<p>Variant ${i + 1}:</p>${renderSchema(s)}`).join('');
  }
  if (schema.type !== 'object' || typeof schema.properties !== 'object') {
    const extra = constraints(schema);
    return `<p>${typeOf(schema)}${extra ? ` (${extra})` : ''}</p>`;
  }
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const rows = Object.entries(schema.properties as Record<string, Json>).map(([name, prop]) => {
    const nested = prop.type === 'object' || (prop.type === 'array' && (prop.items as Json | undefined)?.type === 'object');
    const inner = nested ? renderSchema(prop.type === 'array' ? (prop.items as Json) : prop) : '';
    const desc = typeof prop.description === 'string' ? escapeHtml(prop.description) : '';
    const req = required.has(name) ? ' <span class="req">required</span>' : '';
    return `<tr><td><code>${escapeHtml(name)}</code>${req}</td><td>${typeOf(prop)}${inner}</td><td>${constraints(prop)} ${desc}</td></tr>`;
  });
  return `<table><tr><th>Field</th><th>Type</th><th>Constraints</th></tr>${rows.join('')}</table>`;
}

/** A table row of already-escaped cells. */
const row = (cells: string[], tag = 'td'): string => `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;

/** The JSON schema of an application/json content map, if any. */
function jsonSchema(content: unknown): Json | undefined {
  return (content as Record<string, { schema: Json }> | undefined)?.['application/json']?.schema;
}

/** One operation: method, path, summary, parameters, body and responses. */
function renderOperation(path: string, method: string, op: Json): string {
  const title = `<span class="m ${method}">${method}</span> <code>${escapeHtml(path)}</code> ${escapeHtml(String(op.summary ?? ''))}`;
  const parts = [`<div class="op" id="${escapeHtml(`${method}-${path}`)}"><h3>${title}</h3>`];
  if (typeof op.description === 'string') parts.push(`<p>${escapeHtml(op.description)}</p>`);
  const params = (op.parameters as Json[] | undefined) ?? [];
  if (params.length > 0) {
    const rows = params.map((p) => {
      const schema = p.schema as Json;
      return row([`<code>${escapeHtml(String(p.name))}</code>`, escapeHtml(String(p.in)), `${typeOf(schema)} ${constraints(schema)}`]);
    });
    parts.push(`<h4>Parameters</h4><table>${row(['Name', 'In', 'Schema'], 'th')}${rows.join('')}</table>`);
  }
  const reqSchema = jsonSchema((op.requestBody as { content?: unknown } | undefined)?.content);
  if (reqSchema) parts.push(`<h4>Request body</h4><p>${typeOf(reqSchema)}</p>`);
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>).map(([status, r]) => {
    const schema = jsonSchema(r.content);
    return row([escapeHtml(status), escapeHtml(String(r.description ?? '')), schema ? typeOf(schema) : '']);
  });
  parts.push(`<h4>Responses</h4><table>${row(['Status', 'Meaning', 'Body'], 'th')}${responses.join('')}</table></div>`);
  return parts.join('\n');
}

/** Render the whole reference page from an OpenAPI document. */
export function renderDocs(spec: Json): string {
  const info = spec.info as { title: string; version: string; description?: string };
  const ops = Object.entries(spec.paths as Record<string, Record<string, Json>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => renderOperation(path, method, op)),
  );
  const schemas = Object.entries(((spec.components as Json).schemas ?? {}) as Record<string, Json>).map(
    ([name, schema]) => `<h3 id="schema-${escapeHtml(name)}">${escapeHtml(name)}</h3>${renderSchema(schema)}`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
<p>${escapeHtml(info.description ?? '')}</p><p>Machine-readable: <a href="/openapi.json">/openapi.json</a>.
Authentication: <code>Authorization: Bearer &lt;token&gt;</code> on every <code>/v1</code> route when tokens are configured.</p>
<h2>Operations</h2>
${ops.join('\n')}
<h2>Schemas</h2>
${schemas.join('\n')}
</body></html>
`;
}
