import { z } from 'zod';

/** Gatehouse's configuration, parsed once and frozen. */
export const configSchema = z.object({
  dataDir: z.string().min(1),
  /** GATEHOUSE_SECRET_KEY as given (base64/hex of 32 bytes); absent → a key file in the data dir. A secret. */
  secretKey: z.string().min(1).optional(),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' }).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Port of the HTTP API and console (default 8080). */
  port: z.coerce.number({ message: 'must be a port number from 0 to 65535' }).int().min(0).max(65535).default(8080),
  /** Interface to bind (default 127.0.0.1; set 0.0.0.0 deliberately to serve others). */
  host: z.string().min(1).default('127.0.0.1'),
});
export type Config = Readonly<z.infer<typeof configSchema>>;
