import { z } from 'zod';

/** Gatehouse's configuration, parsed once and frozen. */
export const configSchema = z.object({
  dataDir: z.string().min(1),
  /** GATEHOUSE_SECRET_KEY as given (base64/hex of 32 bytes); absent → a key file in the data dir. A secret. */
  secretKey: z.string().min(1).optional(),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' }).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Config = Readonly<z.infer<typeof configSchema>>;
