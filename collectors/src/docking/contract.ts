/**
 * The docking API's contract, checked at run time: the schemas of the checked-in OpenAPI 3.1
 * document (collectors/docking-api/openapi.v1.json) compiled once with ajv (JSON Schema 2020-12,
 * the dialect OpenAPI 3.1 uses). Errors name the field as a path (`dataCentres[0].vcpu.total`).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export const DOCKING_API_DOCUMENT = new URL('../../docking-api/openapi.v1.json', import.meta.url);
export const DOCKING_API_MAJOR = 'v1';

export type DockingSchemaName = 'TokenResponse' | 'Capacity' | 'SystemsPage' | 'Problem';

interface OpenApiDocument {
  openapi: string;
  info: { version: string };
  components: { schemas: Record<string, unknown> };
  paths: Record<string, unknown>;
}

let compiled: { doc: OpenApiDocument; validators: Map<string, ValidateFunction> } | null = null;

/** ajv-formats is CommonJS: its default export arrives wrapped under some loaders. */
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

export function dockingApiDocument(): OpenApiDocument {
  return load().doc;
}

function load() {
  if (compiled) return compiled;
  const doc = JSON.parse(readFileSync(DOCKING_API_DOCUMENT, 'utf8')) as OpenApiDocument;
  // OpenAPI keeps schemas under components.schemas; JSON Schema resolves local refs under $defs.
  const defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/')) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'gcc-docking-v1', $defs: defs });
  const validators = new Map<string, ValidateFunction>();
  for (const name of Object.keys(defs)) validators.set(name, ajv.getSchema(`gcc-docking-v1#/$defs/${name}`)!);
  compiled = { doc, validators };
  return compiled;
}

/** `/dataCentres/0/vcpu/total` → `dataCentres[0].vcpu.total`. */
function fieldPath(e: ErrorObject): string {
  let path = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') path = [...path, String((e.params as { missingProperty: string }).missingProperty)];
  return path.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(body)';
}

function describe(e: ErrorObject): string {
  if (e.keyword === 'required') return 'is missing';
  if (e.keyword === 'type') return `${e.message} (got ${JSON.stringify(e.data)?.slice(0, 40)})`;
  return `${e.message}${e.data !== undefined && typeof e.data !== 'object' ? ` (got ${JSON.stringify(e.data)})` : ''}`;
}

/** Problems of `data` against one of the document's schemas; empty when it conforms. */
export function dockingProblems(schema: DockingSchemaName | (string & {}), data: unknown): string[] {
  const validate = load().validators.get(schema);
  if (!validate) throw new Error(`the docking API document has no schema "${schema}"`);
  if (validate(data)) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of validate.errors ?? []) {
    const line = `${fieldPath(e)} ${describe(e)}`;
    if (seen.has(line)) continue;
    seen.add(line);
    out.push(line);
  }
  return out;
}
