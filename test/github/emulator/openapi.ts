/**
 * GitHub's published REST description (@octokit/openapi), used by the emulator
 * to refuse any request the description does not allow and to check every
 * response it sends back. Schemas are compiled lazily, once per operation.
 */
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: request and response bodies are checked against GitHub's OpenAPI description at run time, not by types
type Json = any;

let doc: Json | undefined;
let ajv: Ajv | undefined;

function load(): { doc: Json; ajv: Ajv } {
  if (!doc || !ajv) {
    doc = require('@octokit/openapi/generated/api.github.com.json');
    allowNullInNullableEnums(doc);
    ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false, discriminator: false });
    const addFormats = addFormatsImport as unknown as (a: Ajv) => void;
    addFormats(ajv);
    ajv.addSchema(doc, 'api');
  }
  return { doc, ajv };
}

/**
 * OpenAPI 3.0.3 says `nullable: true` adds null to the allowed values, enums
 * included; Ajv's `nullable` leaves enums alone, so add null to them here.
 */
function allowNullInNullableEnums(node: Json): void {
  if (Array.isArray(node)) {
    for (const item of node) allowNullInNullableEnums(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (node.nullable === true && Array.isArray(node.enum) && !node.enum.includes(null)) node.enum.push(null);
  for (const v of Object.values(node)) allowNullInNullableEnums(v);
}

/** Follow a local $ref (parameters, responses, examples). */
export function deref(value: Json): Json {
  let v = value;
  while (v && typeof v === 'object' && typeof v.$ref === 'string') {
    v = v.$ref
      .slice(2)
      .split('/')
      .map((s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((o: Json, k: string) => o?.[k], load().doc);
  }
  return v;
}

export interface Operation {
  method: string;
  template: string;
  operationId: string;
  params: Record<string, string>;
  spec: Json;
}

let routes: { method: string; template: string; regex: RegExp; names: string[] }[] | undefined;

export function findOperation(method: string, pathname: string): Operation | undefined {
  const { doc } = load();
  routes ??= Object.entries(doc.paths as Record<string, Json>).flatMap(([template, item]) =>
    Object.keys(item)
      .filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m))
      .map((m) => {
        const names: string[] = [];
        // {path} in the contents API may hold slashes; every other parameter is one segment.
        const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, n: string) => {
          names.push(n);
          return n === 'path' ? '(.+)' : '([^/]+)';
        });
        return { method: m, template, regex: new RegExp(`^${source}$`), names };
      }),
  );
  // Prefer templates with fewer parameters: /pulls/comments beats /pulls/{pull_number}.
  const candidates = routes
    .filter((r) => r.method === method.toLowerCase() && r.regex.test(pathname))
    .sort((a, b) => a.names.length - b.names.length);
  const route = candidates[0];
  if (!route) return undefined;
  const match = route.regex.exec(pathname)!;
  const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]));
  const spec = doc.paths[route.template][route.method];
  return { method: route.method, template: route.template, operationId: spec.operationId, params, spec };
}

const validators = new Map<string, ValidateFunction>();

function validatorAt(pointer: string): ValidateFunction {
  let v = validators.get(pointer);
  if (!v) {
    v = load().ajv.compile({ $ref: `api#${pointer}` });
    validators.set(pointer, v);
  }
  return v;
}

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function errorsOf(v: ValidateFunction): string {
  return (v.errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '(root)'} ${e.message}`)
    .join('; ');
}

/** Problems with the request (query, body) for this operation; empty when it is allowed. */
export function checkRequest(op: Operation, query: URLSearchParams, body: unknown): string[] {
  const problems: string[] = [];
  const params = ((op.spec.parameters ?? []) as Json[]).map(deref);
  for (const name of query.keys()) {
    const p = params.find((x) => x.in === 'query' && x.name === name);
    if (!p) problems.push(`query parameter "${name}" is not in the description of ${op.operationId}`);
  }
  for (const p of params.filter((x) => x.in === 'query')) {
    const raw = query.get(p.name);
    if (raw === null) continue;
    const type = deref(p.schema)?.type;
    const value = type === 'integer' || type === 'number' ? Number(raw) : type === 'boolean' ? raw === 'true' : raw;
    const schema = deref(p.schema);
    if (schema?.enum && !schema.enum.includes(value))
      problems.push(`query ${p.name}=${raw} is not one of ${schema.enum.join(', ')}`);
    if ((type === 'integer' || type === 'number') && Number.isNaN(value))
      problems.push(`query ${p.name}=${raw} is not a number`);
  }
  const requestBody = deref(op.spec.requestBody);
  if (requestBody?.content?.['application/json']) {
    if (body === undefined) {
      if (requestBody.required) problems.push(`${op.operationId} requires a JSON body`);
    } else {
      const rb = op.spec.requestBody;
      const base = rb?.$ref ? String(rb.$ref).slice(1) : `/paths/${esc(op.template)}/${op.method}/requestBody`;
      const v = validatorAt(`${base}/content/application~1json/schema`);
      if (!v(body)) problems.push(`request body of ${op.operationId}: ${errorsOf(v)}`);
    }
  } else if (body !== undefined && op.method !== 'get') {
    problems.push(`${op.operationId} takes no JSON body`);
  }
  return problems;
}

/** Problems with a response (status and JSON body) for this operation. */
export function checkResponse(op: Operation, status: number, body: unknown): string[] {
  const response = op.spec.responses?.[String(status)];
  if (!response) {
    // GitHub answers 404 for a missing resource on every endpoint, documented or not
    // (e.g. deleting a comment that is already gone), and any endpoint can fail with 5xx.
    return status >= 500 || status === 404
      ? []
      : [`status ${status} is not a documented response of ${op.operationId}`];
  }
  const content = deref(response)?.content?.['application/json'];
  if (!content)
    return body === undefined || body === '' ? [] : [`${op.operationId} ${status} has no JSON body in the description`];
  const pointer = response.$ref
    ? `${String(response.$ref).slice(1)}/content/application~1json/schema`
    : `/paths/${esc(op.template)}/${op.method}/responses/${status}/content/application~1json/schema`;
  const v = validatorAt(pointer);
  return v(body) ? [] : [`response ${status} of ${op.operationId}: ${errorsOf(v)}`];
}

/** The description's example response body for this operation, as a template for fixtures. */
export function exampleResponse(template: string, method: string, status: number, example?: string): Json {
  const content = deref(load().doc.paths[template][method].responses[String(status)]).content['application/json'];
  const examples = content.examples as Record<string, Json>;
  const chosen = example ? examples[example] : Object.values(examples)[0];
  return structuredClone(deref(chosen).value);
}
