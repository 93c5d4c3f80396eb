import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalog } from './index.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
// internal/ holds the tests' shared helpers, not a workflow.
const folders = readdirSync(dir).filter((name) => name !== 'internal' && statSync(join(dir, name)).isDirectory());

/** Every property schema of an object JSON Schema, recursively (nested objects and array items). */
function fields(schema: Record<string, unknown>, path = ''): { path: string; schema: Record<string, unknown> }[] {
  const out: { path: string; schema: Record<string, unknown> }[] = [];
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, prop] of Object.entries(props)) {
    out.push({ path: `${path}${name}`, schema: prop });
    if (prop.type === 'object' && prop.properties) out.push(...fields(prop, `${path}${name}.`));
  }
  return out;
}

describe('the workflow catalog', () => {
  it('holds the 16 workflows, each once, each in the folder named after its id', () => {
    const ids = catalog.map((w) => w.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(16);
    expect([...ids].sort()).toEqual([...folders].sort());
  });

  it.each(catalog.map((w) => [w.id, w] as const))('%s: described, with examples, a README and a test', (id, workflow) => {
    expect(workflow.title.trim()).not.toBe('');
    expect(workflow.description.length).toBeGreaterThan(40);
    expect(workflow.examples.length).toBeGreaterThanOrEqual(3);
    expect(workflow.examples.length).toBeLessThanOrEqual(6);
    expect(new Set(workflow.examples).size).toBe(workflow.examples.length);
    expect(['team', 'anyone']).toContain(workflow.access);
    const readme = readFileSync(join(dir, id, 'README.md'), 'utf8');
    for (const heading of ['## Inputs', '## Okta scopes and admin role', '## What it changes', '## Example']) expect(readme).toContain(heading);
    expect(readme).toContain(`gatehouse workflows run ${id}`);
    expect(statSync(join(dir, id, 'index.test.ts')).isFile()).toBe(true);
  });

  it.each(catalog.map((w) => [w.id, w] as const))('%s: every input field has a description, and the input is valid JSON Schema', (_id, workflow) => {
    const schema = workflow.inputJsonSchema;
    expect(schema.type).toBe('object');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const all = fields(schema);
    expect(all.length).toBeGreaterThan(0);
    for (const field of all) expect(typeof field.schema.description === 'string' && field.schema.description.length > 5, `${field.path} has no description`).toBe(true);
    // Round trip: zod reads the JSON Schema back, which it refuses when the schema is malformed.
    expect(() => z.fromJSONSchema(schema)).not.toThrow();
    // The schema's own JSON form is stable (it is served to forms and chat as is).
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('offers self-service only for the two workflows people run on their own account', () => {
    expect(catalog.filter((w) => w.access === 'anyone').map((w) => w.id).sort()).toEqual(['reset-password', 'unlock-account']);
  });

  it.each(folders)('%s/index.ts imports only the SDK (it is copied into customers\' folders)', (folder) => {
    const source = readFileSync(join(dir, folder, 'index.ts'), 'utf8');
    const imports = [...source.matchAll(/^import[^;]*?from\s+['"]([^'"]+)['"]/gms)].map((m) => m[1]);
    expect(imports).toEqual(['../../sdk.ts']);
  });
});
