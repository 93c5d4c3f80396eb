import { resolve } from 'node:path';
import { GatehouseError } from '../common/errors.ts';
import { envKeys } from './env-keys.ts';
import { configSchema, type Config } from './schema.ts';

/** The configuration is invalid; the message lists every problem at once. */
export class ConfigError extends GatehouseError {}

/**
 * Reads the environment (only here) into a frozen Config; reports every problem at once. Secrets are
 * redacted when the config is printed.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const raw = {
    dataDir: resolve(cwd, env[envKeys.dataDir] || 'data'),
    secretKey: env[envKeys.secretKey] || undefined,
    databaseUrl: env[envKeys.databaseUrl] || undefined,
    logLevel: env[envKeys.logLevel] || undefined,
    port: env[envKeys.port] || undefined,
    host: env[envKeys.host] || undefined,
    slackBotToken: env[envKeys.slackBotToken] || undefined,
    slackSigningSecret: env[envKeys.slackSigningSecret] || undefined,
    slackPort: env[envKeys.slackPort] || undefined,
    slackApiUrl: env[envKeys.slackApiUrl] || undefined,
    adminGroup: env[envKeys.adminGroup] || undefined,
    oidcClientId: env[envKeys.oidcClientId] || undefined,
    oidcClientSecret: env[envKeys.oidcClientSecret] || undefined,
    publicUrl: env[envKeys.publicUrl] || undefined,
    llmUrl: env[envKeys.llmUrl] || undefined,
    llmModel: env[envKeys.llmModel] || undefined,
    llmApiKey: env[envKeys.llmApiKey] || undefined,
  };
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const names: Record<string, string> = { ...envKeys };
    const problems = result.error.issues.map((i) => `${names[String(i.path[0])] ?? String(i.path[0])} ${i.message}`);
    throw new ConfigError('CONFIG_INVALID', `Invalid configuration: ${problems.join('; ')}.`);
  }
  const config = result.data;
  Object.defineProperty(config, 'toJSON', {
    enumerable: false,
    value: () => ({
      ...config,
      secretKey: config.secretKey ? '[redacted]' : undefined,
      databaseUrl: config.databaseUrl?.replace(/\/\/[^@/]*@/, '//[redacted]@'),
      slackBotToken: config.slackBotToken ? '[redacted]' : undefined,
      slackSigningSecret: config.slackSigningSecret ? '[redacted]' : undefined,
      oidcClientSecret: config.oidcClientSecret ? '[redacted]' : undefined,
      llmUrl: config.llmUrl?.replace(/\/\/[^@/]*@/, '//[redacted]@'),
      llmApiKey: config.llmApiKey ? '[redacted]' : undefined,
    }),
  });
  return Object.freeze(config);
}
