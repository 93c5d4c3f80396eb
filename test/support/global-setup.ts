/**
 * vitest `globalSetup`: builds the cached, dereferenced copy of Okta's OpenAPI documents once, before
 * the workers start, so each worker only reads the JSON (about 60 ms) instead of parsing the YAML.
 */
import { buildOktaOpenApiCache } from './openapi.ts';

export default async function setup(): Promise<void> {
  const { built, file, ms } = await buildOktaOpenApiCache();
  if (built) console.log(`[okta-openapi] built ${file} in ${ms} ms`);
}
