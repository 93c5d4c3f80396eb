/** A form generated from a workflow's input JSON Schema (strings, numbers, booleans, enums, string lists). */
import { NumberInput, Select, Stack, Switch, TagsInput, Textarea, TextInput } from '@mantine/core';
import type { JsonSchema } from '../api.ts';

export type FormValues = Record<string, unknown>;

function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') ?? 'string';
  if (schema.type) return schema.type;
  const branch = (schema.anyOf ?? schema.oneOf)?.find((s) => s.type && s.type !== 'null');
  return branch ? typeOf(branch) : 'json';
}

/** The starting values: each property's default. */
export function initialValues(schema: JsonSchema): FormValues {
  const out: FormValues = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const type = typeOf(prop);
    if (prop.default !== undefined) out[name] = type === 'json' ? JSON.stringify(prop.default) : prop.default;
    else if (type === 'boolean') out[name] = false;
    else if (type === 'array') out[name] = [];
    else out[name] = '';
  }
  return out;
}

/** The input to send: empty optional fields left out; JSON fields parsed. Throws with a message on bad JSON. */
export function toInput(schema: JsonSchema, values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const value = values[name];
    const type = typeOf(prop);
    if (value === '' || value === undefined || value === null || (Array.isArray(value) && value.length === 0 && !required.has(name) && prop.default === undefined)) continue;
    if (type === 'json') {
      try {
        out[name] = JSON.parse(String(value));
      } catch {
        throw new Error(`${name}: not valid JSON`);
      }
    } else out[name] = value;
  }
  return out;
}

export function SchemaForm({ schema, values, onChange, errors = {}, testIdPrefix = 'input' }: { schema: JsonSchema; values: FormValues; onChange: (values: FormValues) => void; errors?: Record<string, string>; testIdPrefix?: string }) {
  const required = new Set(schema.required ?? []);
  const set = (name: string, value: unknown) => onChange({ ...values, [name]: value });
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length === 0) return null;
  return (
    <Stack gap="sm">
      {entries.map(([name, prop]) => {
        const type = typeOf(prop);
        const common = { label: prop.title ?? name, description: prop.description, required: required.has(name), error: errors[name], 'data-testid': `${testIdPrefix}-${name}` };
        const enumValues = prop.enum ?? (prop.anyOf ?? prop.oneOf)?.filter((s) => s.const !== undefined).map((s) => s.const);
        if (enumValues && enumValues.length) {
          return <Select key={name} {...common} data={enumValues.map(String)} value={values[name] === '' || values[name] === undefined ? null : String(values[name])} onChange={(v) => set(name, v ?? '')} clearable={!required.has(name)} />;
        }
        if (type === 'boolean') return <Switch key={name} {...common} checked={Boolean(values[name])} onChange={(e) => set(name, e.currentTarget.checked)} />;
        if (type === 'integer' || type === 'number')
          return (
            <NumberInput
              key={name}
              {...common}
              value={values[name] === '' ? '' : (values[name] as number)}
              onChange={(v) => set(name, v === '' ? '' : Number(v))}
              allowDecimal={type === 'number'}
              {...(prop.minimum !== undefined ? { min: prop.minimum } : {})}
              {...(prop.maximum !== undefined ? { max: prop.maximum } : {})}
            />
          );
        if (type === 'array' && (!prop.items || typeOf(prop.items) === 'string')) return <TagsInput key={name} {...common} value={(values[name] as string[]) ?? []} onChange={(v) => set(name, v)} placeholder="Type and press Enter" />;
        if (type === 'string') {
          const long = (prop.maxLength ?? 0) > 300;
          return long ? <Textarea key={name} {...common} autosize minRows={2} value={String(values[name] ?? '')} onChange={(e) => set(name, e.currentTarget.value)} /> : <TextInput key={name} {...common} value={String(values[name] ?? '')} onChange={(e) => set(name, e.currentTarget.value)} />;
        }
        return <Textarea key={name} {...common} description={`${prop.description ?? ''} (JSON)`} autosize minRows={2} value={String(values[name] ?? '')} onChange={(e) => set(name, e.currentTarget.value)} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />;
      })}
    </Stack>
  );
}
