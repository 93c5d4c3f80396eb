/**
 * Turning stored values into validated ones (CONVENTIONS 7). SQLite hands JSON back as TEXT,
 * PostgreSQL jsonb as parsed values: which one is a property of the dialect, never guessed from the
 * value (a JSON string read from jsonb is a JS string that must not be parsed again).
 */
import type { z } from 'zod';
import { StoreDataInvalidError } from '../errors.ts';
import type { Dialect } from './migrations.ts';

export interface Codec {
  /** Encodes a value for a JSON column. */
  encode(value: unknown): string;
  /** Decodes and validates a JSON column; `what` names it in errors. */
  decode<T>(raw: unknown, schema: z.ZodType<T>, what: string): T;
  /** Decodes a nullable JSON column (SQL NULL → null). */
  decodeNullable<T>(raw: unknown, schema: z.ZodType<T>, what: string): T | null;
}

export function createCodec(dialect: Dialect): Codec {
  const parse = (raw: unknown, what: string): unknown => {
    if (dialect === 'postgres') return raw;
    if (typeof raw !== 'string') throw new StoreDataInvalidError(`${what}: expected JSON text, got ${typeof raw}`);
    try {
      return JSON.parse(raw);
    } catch (cause) {
      throw new StoreDataInvalidError(`${what}: stored JSON does not parse`, { cause });
    }
  };
  const decode = <T>(raw: unknown, schema: z.ZodType<T>, what: string): T => {
    const result = schema.safeParse(parse(raw, what));
    if (!result.success) throw new StoreDataInvalidError(`${what}: stored value has an unexpected shape: ${result.error.message}`, { cause: result.error });
    return result.data;
  };
  return {
    encode: (value) => JSON.stringify(value),
    decode,
    decodeNullable: (raw, schema, what) => (raw === null || raw === undefined ? null : decode(raw, schema, what)),
  };
}
