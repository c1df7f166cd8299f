/**
 * The console's GraphQL types come from the server's printed schema (codegen.ts, a file the server
 * checks): the checked-in output is what codegen writes today, every document the console sends
 * validates against that schema, and a schema without a field the console reads fails generation
 * (the first step of `typecheck`), naming the field.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { buildSchema, Kind, parse, print, validate, visit } from 'graphql';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { codegenConfig, OUTPUT_DIR, SCHEMA_FILE, WEB_DIR } from '../codegen.ts';
import * as api from '../src/api/index.ts';
import type { QueryDocument } from '../src/api/client.ts';

const sdl = readFileSync(join(WEB_DIR, SCHEMA_FILE), 'utf8');
const schema = buildSchema(sdl);

/** Every document the console sends: what src/api exports with an operation name and a source. */
const documents = Object.entries(api as Record<string, unknown>).filter(
  (e): e is [string, QueryDocument<unknown>] =>
    typeof e[1] === 'object' && e[1] !== null && typeof (e[1] as { source?: unknown }).source === 'string' && typeof (e[1] as { operationName?: unknown }).operationName === 'string',
);

/** The printed schema without one field of one type. */
function withoutField(typeName: string, fieldName: string): string {
  let removed = false;
  const doc = visit(parse(sdl), {
    FieldDefinition(node, _key, _parent, _path, ancestors) {
      const owner = ancestors[ancestors.length - 1];
      if (owner && 'kind' in owner && owner.kind === Kind.OBJECT_TYPE_DEFINITION && owner.name.value === typeName && node.name.value === fieldName) {
        removed = true;
        return null;
      }
      return undefined;
    },
  });
  expect(removed, `${typeName}.${fieldName} is in the printed schema`).toBe(true);
  return print(doc);
}

describe('generated GraphQL types', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('are checked in as codegen writes them from the printed schema', async () => {
    // Without watch mode, generate answers the files it would write: { filename, content }[].
    const outputs: { filename: string; content: string }[] = await generate(codegenConfig(), false);
    expect(outputs.map((o) => o.filename).sort()).toEqual(readdirSync(join(WEB_DIR, OUTPUT_DIR)).map((f) => `${OUTPUT_DIR}${f}`).sort());
    for (const o of outputs) {
      expect(readFileSync(join(WEB_DIR, o.filename), 'utf8'), `${o.filename} is stale: run pnpm --filter @gcc/web run codegen`).toBe(o.content);
    }
  }, 20_000);

  it('cover every document the console sends', () => {
    expect(documents.length).toBeGreaterThanOrEqual(30);
    const generated = readFileSync(join(WEB_DIR, OUTPUT_DIR, 'graphql.ts'), 'utf8');
    const missing = documents.filter(([, d]) => !generated.includes(d.source));
    expect(missing.map(([name]) => name)).toEqual([]);
  });

  it.each(documents)('%s validates against the printed schema', (_name, doc) => {
    expect(validate(schema, parse(doc.source)).map((e) => e.message)).toEqual([]);
  });

  it('fail to generate when the schema loses a field the console reads, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcc-codegen-'));
    dirs.push(dir);
    const altered = join(dir, 'schema.graphql');
    writeFileSync(altered, withoutField('Capacity', 'staleNodes'));
    // codegen's own logger also reports the failure on console.error; the thrown message is what matters.
    const logged = vi.spyOn(console, 'error').mockImplementationOnce(() => undefined);
    const failure = await generate({ ...codegenConfig(altered), silent: true }, false).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(failure?.message).toContain('Cannot query field "staleNodes" on type "Capacity"');
    expect(failure?.message).toMatch(/src\/api\/(queries|screen-queries)\.ts/);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('no files were generated'));
    logged.mockClear();
  }, 20_000);
});
