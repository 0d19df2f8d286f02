/**
 * Just enough of Genesys Cloud data actions to replay them in tests: the Velocity subset used by
 * docs/genesys/*.json (`${input.x}`, `$!{input.x}`, `$esc.jsonString(...)`, `$esc.url(...)`,
 * `${credentials.x}`, `#if("a" == "b")...#else...#end`) and the JSONPath subset of their
 * translation maps (`$.a.b`, `[0]`, `[*]`, `.length()`).
 */

/** A Genesys data action as exported (the subset the tests read). */
export interface DataAction {
  name: string;
  integrationType: string;
  actionType: string;
  config: {
    request: { requestUrlTemplate: string; requestType: string; headers: Record<string, string>; requestTemplate: string };
    response: { translationMap: Record<string, string>; translationMapDefaults: Record<string, string>; successTemplate: string };
  };
  contract: { input: { inputSchema: JsonSchema }; output: { successSchema: JsonSchema } };
  secure: boolean;
}

export interface JsonSchema {
  type: string;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
}

type Vars = Record<string, string | number>;

/** Render a request template with `input` and `credentials` values. Unknown references throw. */
export function renderVelocity(template: string, input: Vars, credentials: Vars = {}): string {
  const value = (scope: string, name: string, quiet: boolean): string => {
    const v = (scope === 'input' ? input : credentials)[name];
    if (v === undefined && !quiet) throw new Error(`template references undefined ${scope}.${name}`);
    return v === undefined ? '' : String(v);
  };
  let out = template
    .replace(/\$esc\.jsonString\(\$\{(input|credentials)\.(\w+)\}\)/g, (_m, s: string, n: string) => JSON.stringify(value(s, n, false)).slice(1, -1))
    .replace(/\$esc\.url\(\$\{(input|credentials)\.(\w+)\}\)/g, (_m, s: string, n: string) => encodeURIComponent(value(s, n, false)))
    .replace(/\$!\{(input|credentials)\.(\w+)\}/g, (_m, s: string, n: string) => value(s, n, true))
    .replace(/\$\{(input|credentials)\.(\w+)\}/g, (_m, s: string, n: string) => value(s, n, false));
  const IF = /#if\(\s*"([^"]*)"\s*(==|!=)\s*"([^"]*)"\s*\)(.*?)(?:#else(.*?))?#end/s;
  for (let m = IF.exec(out); m; m = IF.exec(out)) {
    const holds = (m[1] === m[3]) === (m[2] === '==');
    out = out.slice(0, m.index) + (holds ? (m[4] ?? '') : (m[5] ?? '')) + out.slice(m.index + m[0].length);
  }
  if (/[$#][!{a-z]/i.test(out.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) throw new Error(`unrendered Velocity in ${out}`);
  return out;
}

/** Every `input.x` a template references. */
export function inputsOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\$!?\{input\.(\w+)\}/g)].map((m) => m[1] ?? ''))];
}

/** Evaluate a JSONPath of the supported subset; `found` is false when a step is missing. */
export function jsonPath(doc: unknown, path: string): { found: boolean; value?: unknown } {
  if (!path.startsWith('$')) throw new Error(`not a JSONPath: ${path}`);
  let nodes: unknown[] = [doc];
  let multi = false;
  const steps = path.slice(1).matchAll(/\.length\(\)|\.(\w+)|\[(\d+|\*)\]/g);
  for (const [step, key, index] of steps) {
    if (step === '.length()') {
      nodes = nodes.map((n) => (Array.isArray(n) ? n.length : undefined));
    } else if (index === '*') {
      nodes = nodes.flatMap((n) => (Array.isArray(n) ? n : [undefined]));
      multi = true;
    } else {
      const k = key ?? Number(index);
      nodes = nodes.map((n) => (n !== null && typeof n === 'object' ? (n as Record<string | number, unknown>)[k] : undefined));
    }
    if (!multi && nodes[0] === undefined) return { found: false };
    if (multi) nodes = nodes.filter((n) => n !== undefined);
  }
  return { found: true, value: multi ? nodes : nodes[0] };
}

/** The data action's output: the translation map applied to `response` (defaults for missing paths) and the success template. */
export function translate(action: DataAction, response: unknown): { output: unknown; missing: string[] } {
  const { translationMap, translationMapDefaults, successTemplate } = action.config.response;
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, path] of Object.entries(translationMap)) {
    const r = jsonPath(response, path);
    if (r.found) values[name] = JSON.stringify(r.value);
    else if (name in translationMapDefaults) values[name] = translationMapDefaults[name] as string;
    else missing.push(`${name} (${path})`);
  }
  const text = successTemplate.replace(/\$\{(\w+)\}/g, (_m, name: string) => values[name] ?? 'null');
  return { output: JSON.parse(text), missing };
}

/** Problems of `value` against the draft-04 subset of a contract schema (types and required keys). */
export function schemaProblems(schema: JsonSchema, value: unknown, at = '$'): string[] {
  const type = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (schema.type !== type && !(schema.type === 'number' && type === 'integer')) return [`${at}: ${type} is not ${schema.type}`];
  if (schema.type === 'array') return (value as unknown[]).flatMap((v, i) => (schema.items ? schemaProblems(schema.items, v, `${at}[${i}]`) : []));
  if (schema.type !== 'object') return [];
  const obj = value as Record<string, unknown>;
  const missing = (schema.required ?? []).filter((k) => obj[k] === undefined).map((k) => `${at}.${k}: missing`);
  const props = Object.entries(schema.properties ?? {}).flatMap(([k, s]) => (obj[k] === undefined ? [] : schemaProblems(s, obj[k], `${at}.${k}`)));
  return [...missing, ...props];
}
