export { loadConfig, ConfigError } from './load.ts';
export type { Config } from './schema.ts';
export { envKeys } from './env-keys.ts';
