/**
 * Validates JSON bodies against Okta's own OpenAPI documents (test support).
 *
 * The documents live in `vendor/okta-openapi/` (a copy of `../shared/okta-openapi/`). Parsing the 3.4 MB YAML takes
 * seconds, so the first load prepares them (strip examples and prose, rewrite OpenAPI-only constructs
 * ajv cannot check, dereference with swagger-parser) and caches the result as JSON under
 * `<repo>/.cache/okta-openapi/<sha256>.json`, keyed by the YAML bytes and {@link PREPARE_VERSION}.
 * Later loads (and other vitest workers) read that JSON.
 *
 * Preparation, in order (see `prepareDocument`):
 * - keep only what response validation needs: `paths.*.<method>.responses` (JSON content only),
 *   `components.schemas` and `components.responses`; drop `example(s)` (some `components.examples`
 *   hold JSON-Schema documents whose `$ref`s break dereferencing), `description`, `title`, `summary`,
 *   `externalDocs` and `x-*` keys (never inside name maps such as `properties`);
 * - `applyCorrections`: the few places where the spec contradicts Okta and the emulator follows Okta
 *   (`token_type: "DPoP"`);
 * - `oneOf` + `discriminator.mapping` (role assignments, IdP protocols, …) become `if`/`then` branches
 *   on the tag, because the mapped alternatives overlap and a plain `oneOf` rejects valid bodies
 *   ("must match exactly one schema"); an unmapped tag falls back to the original `oneOf`;
 * - `nullable: true` is made explicit where ajv's own `nullable` support would not allow `null`:
 *   with an `enum` (null is added to it) and without `type` or next to `$ref`/`allOf`/`anyOf`/`oneOf`
 *   (wrapped as `anyOf: [{type: 'null'}, …]`); `null` where the spec has no `nullable` stays an error;
 * - `writeOnly` properties are dropped from `required` (they never appear in responses);
 * - `$ref` cycles that never reach into the data are broken (`breakInPlaceCycles`), or ajv recurses
 *   forever;
 * - `$ref`s are dereferenced with swagger-parser (`{ circular: 'ignore' }`). Circular `$ref`s it leaves
 *   are made absolute (`<document id>#/components/schemas/…`), and `components.schemas` (prepared, not
 *   dereferenced) is kept and given to ajv with `addSchema` under that id when a document has any,
 *   or when a tool asks for a named schema (`validateSchema`).
 *
 * Validation uses ajv (`strict: false`, `allErrors`, ajv-formats; unknown formats accepted; `(?i)`
 * patterns made case-insensitive; two patterns that can never match are fixed: `FIXED_PATTERNS`).
 * Validators are compiled on first use and cached per (document, method, template, status).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/** Bump when `prepareDocument` changes, so stale caches are rebuilt. */
const PREPARE_VERSION = 5;

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
// A vendored copy of ../shared/okta-openapi (Apache-2.0, provenance in vendor/okta-openapi/SOURCE.md),
// so a clean clone tests the same way wherever it is checked out.
export const OKTA_OPENAPI_DIR = resolve(REPO_ROOT, 'vendor/okta-openapi');
export const OKTA_OPENAPI_CACHE_DIR = resolve(REPO_ROOT, '.cache/okta-openapi');

/** The two documents, in lookup order. */
const DOCUMENTS = [
  { name: 'management', file: 'management-minimal.yaml' },
  { name: 'oauth', file: 'oauth-minimal.yaml' },
] as const;
export type OktaDocumentName = (typeof DOCUMENTS)[number]['name'];

/** The id under which a document's `components.schemas` are known to ajv. */
const documentId = (name: OktaDocumentName) => `https://gatehouse.invalid/okta-openapi/${name}.json`;

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

export interface OktaOpenApi {
  /** Finds the path template matching a concrete path, e.g. '/api/v1/users/00u123/lifecycle/activate' → '/api/v1/users/{id}/lifecycle/activate'. Literal segments win over parameters (so '/api/v1/groups/rules' matches the rules template, not '/api/v1/groups/{groupId}'). Among templates that match, those defining `method` are preferred. Returns undefined when no template matches. */
  matchPath(method: string, path: string): string | undefined;
  /** Validates a JSON body for (method, concrete path or template, status). Returns a list of human-readable problems (empty = valid). When the spec declares no JSON schema for that status, falls back to the `default` response or, failing that, returns [] but reports `documented: false`. */
  validateResponse(method: string, path: string, status: number, body: unknown): { documented: boolean; errors: string[] };
  /** Validates a body against a named schema of `components.schemas` (e.g. 'Error' in 'management', 'OAuthError' in 'oauth'). Throws when there is no such schema. */
  validateSchema(document: OktaDocumentName, schemaName: string, body: unknown): string[];
}

// ---------------------------------------------------------------------------------------------------
// Cache: build once, share as JSON

interface CachedDocuments {
  prepareVersion: number;
  key: string;
  documents: Record<OktaDocumentName, PreparedDocument>;
}

interface PreparedDocument {
  /** `info.version` of the document. */
  version: string;
  /** `paths.<template>.<method>.responses.<status>.content.<json media type>.schema`, dereferenced. */
  paths: JsonObject;
  /** `components.schemas`, prepared but not dereferenced (the target of leftover circular `$ref`s). */
  schemas: JsonObject;
  /** How many circular `$ref`s dereferencing left in `paths` (they point into `schemas`). */
  leftoverRefs: number;
  /** `$ref` cycles that never reach into the data, broken by {@link breakInPlaceCycles}. */
  brokenCycles: string[];
  /** Deliberate departures from the spec, by {@link applyCorrections}. */
  corrections: string[];
  /** Every `format` used. */
  formats: string[];
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where the prepared documents are cached for the current YAML files. */
export async function oktaOpenApiCacheFile(): Promise<string> {
  return join(OKTA_OPENAPI_CACHE_DIR, `${await cacheKey()}.json`);
}

async function readSpec(file: string): Promise<string> {
  const path = join(OKTA_OPENAPI_DIR, file);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Okta's OpenAPI document ${path} is missing: the tests expect vendor/okta-openapi in the repository (${String(error)})`, { cause: error });
  }
}

let keyPromise: Promise<string> | undefined;
function cacheKey(): Promise<string> {
  keyPromise ??= (async () => {
    const hash = createHash('sha256').update(`prepare-v${PREPARE_VERSION}\n`);
    for (const { file } of DOCUMENTS) hash.update(`${file}\n`).update(await readSpec(file)).update('\n');
    return hash.digest('hex');
  })().catch((error: unknown) => {
    keyPromise = undefined;
    throw error;
  });
  return keyPromise;
}

/**
 * Makes sure the cached JSON exists (building it from the YAML when needed) and returns it.
 * Safe when several processes build at the same time: each writes a temporary file and renames it.
 */
export async function buildOktaOpenApiCache(): Promise<{ file: string; built: boolean; ms: number }> {
  const started = performance.now();
  const { built, file } = await cachedDocuments();
  return { file, built, ms: Math.round(performance.now() - started) };
}

let cachePromise: ReturnType<typeof readOrBuildCache> | undefined;
/** {@link readOrBuildCache}, once per process (retried after a failure). */
function cachedDocuments(): ReturnType<typeof readOrBuildCache> {
  cachePromise ??= readOrBuildCache().catch((error: unknown) => {
    cachePromise = undefined;
    throw error;
  });
  return cachePromise;
}

async function readOrBuildCache(): Promise<{ cached: CachedDocuments; file: string; built: boolean }> {
  const key = await cacheKey();
  const file = join(OKTA_OPENAPI_CACHE_DIR, `${key}.json`);
  try {
    const cached = JSON.parse(await readFile(file, 'utf8')) as CachedDocuments;
    if (cached.key === key && cached.prepareVersion === PREPARE_VERSION) return { cached, file, built: false };
  } catch {
    // missing or unreadable: (re)build below
  }
  const documents = {} as Record<OktaDocumentName, PreparedDocument>;
  for (const { name, file: yamlFile } of DOCUMENTS) {
    documents[name] = await prepareDocument(parseYaml(await readSpec(yamlFile), { maxAliasCount: -1 }) as unknown, name);
  }
  const cached: CachedDocuments = { prepareVersion: PREPARE_VERSION, key, documents };
  await mkdir(OKTA_OPENAPI_CACHE_DIR, { recursive: true });
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify(cached));
  await rename(tmp, file);
  await pruneStaleCaches(key);
  return { cached, file, built: true };
}

/** Removes cache files of other keys (older YAML or preparation) and temporary files abandoned by a crash an hour ago; ignores races with other processes. */
async function pruneStaleCaches(key: string): Promise<void> {
  const entries = await readdir(OKTA_OPENAPI_CACHE_DIR).catch(() => [] as string[]);
  for (const entry of entries) {
    const path = join(OKTA_OPENAPI_CACHE_DIR, entry);
    const stale = /^[0-9a-f]{64}\.json$/.test(entry)
      ? !entry.startsWith(key)
      : entry.endsWith('.tmp') && (await stat(path).then((s) => Date.now() - s.mtimeMs > 3_600_000, () => false));
    if (stale) await rm(path, { force: true }).catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------------
// Preparation of one document

/** Keys whose value is a map from names to schemas/objects: its keys are names, never keywords. */
const NAME_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'schemas', 'responses', 'content', 'paths', 'mapping', 'headers', 'links', 'encoding', 'callbacks']);
/** Keys holding data (not schemas): never walked into. */
const DATA_KEYS = new Set(['enum', 'const', 'default', 'required']);
/** Prose and samples: irrelevant to validation, large, and `components.examples` breaks dereferencing. */
const DROPPED_KEYS = new Set(['example', 'examples', 'description', 'title', 'summary', 'externalDocs']);

/** Calls `visit` on every object in keyword position (children first). */
function walkKeywordObjects(node: unknown, visit: (object: JsonObject) => void, inNameMap = false): void {
  if (Array.isArray(node)) {
    for (const item of node) walkKeywordObjects(item, visit);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (!inNameMap && DATA_KEYS.has(key)) continue;
    walkKeywordObjects(value, visit, !inNameMap && NAME_MAPS.has(key));
  }
  if (!inNameMap) visit(node);
}

function stripProse(node: unknown, inNameMap = false): void {
  if (Array.isArray(node)) {
    for (const item of node) stripProse(item);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (!inNameMap && (DROPPED_KEYS.has(key) || key.startsWith('x-'))) delete node[key];
    else if (inNameMap || !DATA_KEYS.has(key)) stripProse(value, !inNameMap && NAME_MAPS.has(key));
  }
}

/** Keeps only `responses` → JSON `content` → `schema` of every operation. */
function keepResponseSchemas(doc: JsonObject): void {
  const keepJsonContent = (response: unknown): void => {
    if (!isObject(response) || typeof response.$ref === 'string') return;
    const content = isObject(response.content) ? response.content : {};
    const json: JsonObject = {};
    for (const [mediaType, media] of Object.entries(content)) {
      if (/json/i.test(mediaType) && isObject(media) && media.schema !== undefined) json[mediaType] = { schema: media.schema };
    }
    for (const key of Object.keys(response)) delete response[key];
    if (Object.keys(json).length > 0) response.content = json;
  };
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const pathItem of Object.values(paths)) {
    if (!isObject(pathItem)) continue;
    for (const [method, operation] of Object.entries(pathItem)) {
      if (!HTTP_METHODS.has(method) || !isObject(operation)) {
        delete pathItem[method];
        continue;
      }
      const responses = isObject(operation.responses) ? operation.responses : {};
      for (const key of Object.keys(operation)) if (key !== 'responses') delete operation[key];
      for (const response of Object.values(responses)) keepJsonContent(response);
    }
  }
  const components = isObject(doc.components) ? doc.components : {};
  const componentResponses = isObject(components.responses) ? components.responses : {};
  for (const response of Object.values(componentResponses)) keepJsonContent(response);
  doc.components = { schemas: isObject(components.schemas) ? components.schemas : {}, responses: componentResponses };
  for (const key of Object.keys(doc)) if (!['openapi', 'info', 'paths', 'components'].includes(key)) delete doc[key];
}

/** `oneOf` + `discriminator.mapping` → one `if`/`then` per mapped tag value (ajv cannot use `mapping`). */
function rewriteDiscriminators(schema: JsonObject): void {
  const { discriminator, oneOf } = schema;
  if (!isObject(discriminator) || !Array.isArray(oneOf)) return;
  const tag = discriminator.propertyName;
  if (typeof tag !== 'string' || !isObject(discriminator.mapping)) return;
  const mapped = Object.entries(discriminator.mapping).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  if (mapped.length === 0) return;
  // One branch per target schema (the role mappings send 14 values to 2 schemas).
  const valuesByRef = new Map<string, string[]>();
  for (const [value, ref] of mapped) valuesByRef.set(ref, [...(valuesByRef.get(ref) ?? []), value]);
  const branches: JsonObject[] = [...valuesByRef].map(([ref, values]) => ({
    if: { properties: { [tag]: { enum: values } }, required: [tag] },
    then: { $ref: ref },
  }));
  branches.push({ if: { properties: { [tag]: { enum: mapped.map(([value]) => value) } }, required: [tag] }, else: { oneOf } });
  delete schema.oneOf;
  delete schema.discriminator;
  schema.allOf = [...(Array.isArray(schema.allOf) ? schema.allOf : []), ...branches];
}

/** Makes `nullable: true` explicit where ajv's built-in support would not let `null` through. */
function rewriteNullable(schema: JsonObject): void {
  if (schema.nullable === false) {
    delete schema.nullable;
    return;
  }
  if (schema.nullable !== true) return;
  const composed = ['$ref', 'allOf', 'anyOf', 'oneOf', 'not'].some((key) => key in schema);
  if (typeof schema.type === 'string' && !composed) {
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
    return;
  }
  const rest: JsonObject = { ...schema };
  delete rest.nullable;
  for (const key of Object.keys(schema)) delete schema[key];
  schema.anyOf = [{ type: 'null' }, rest];
}

/** Responses never carry `writeOnly` properties, so they cannot be required there. */
function dropWriteOnlyRequired(schema: JsonObject): void {
  const { required, properties } = schema;
  if (!Array.isArray(required) || !isObject(properties)) return;
  const kept = required.filter((name) => !(typeof name === 'string' && isObject(properties[name]) && properties[name].writeOnly === true));
  if (kept.length === required.length) return;
  if (kept.length > 0) schema.required = kept;
  else delete schema.required;
}

/**
 * Breaks `$ref` cycles that do not go through the data (a schema reaching itself only through
 * `$ref`/`allOf`/`anyOf`/`oneOf`/`not`/`if`/`then`/`else`): ajv would recurse forever on any body.
 * Okta's oauth document has one (`JsonSigningWebKey` is `oneOf` `JsonWebKeyEC`/`JsonWebKeyRsa`, each
 * of which is `allOf` `JsonSigningWebKey`). The `allOf` edge of the cycle (child → parent) is replaced
 * by `{}`; returns the edges broken, as 'From → To'.
 */
function breakInPlaceCycles(schemas: JsonObject): string[] {
  const prefix = '#/components/schemas/';
  interface Edge { from: string; to: string; ref: JsonObject; viaAllOf: boolean }
  const edgesOf = (name: string): Edge[] => {
    const edges: Edge[] = [];
    const visit = (node: unknown, viaAllOf: boolean): void => {
      if (!isObject(node)) return;
      if (typeof node.$ref === 'string' && node.$ref.startsWith(prefix)) edges.push({ from: name, to: node.$ref.slice(prefix.length), ref: node, viaAllOf });
      for (const key of ['allOf', 'anyOf', 'oneOf']) {
        const list = node[key];
        if (Array.isArray(list)) for (const item of list) visit(item, key === 'allOf');
      }
      for (const key of ['not', 'if', 'then', 'else']) visit(node[key], false);
    };
    visit(schemas[name], false);
    return edges;
  };
  const findCycle = (): Edge[] | undefined => {
    const state = new Map<string, 'active' | 'done'>();
    const stack: Edge[] = [];
    const dfs = (name: string): Edge[] | undefined => {
      state.set(name, 'active');
      for (const edge of edgesOf(name)) {
        if (!(edge.to in schemas)) continue;
        const seen = state.get(edge.to);
        if (seen === 'active') return [...stack.slice(stack.findIndex((e) => e.from === edge.to)), edge];
        if (seen === undefined) {
          stack.push(edge);
          const cycle = dfs(edge.to);
          if (cycle) return cycle;
          stack.pop();
        }
      }
      state.set(name, 'done');
      return undefined;
    };
    for (const name of Object.keys(schemas)) {
      if (state.has(name)) continue;
      const cycle = dfs(name);
      if (cycle) return cycle;
    }
    return undefined;
  };
  const broken: string[] = [];
  for (let cycle = findCycle(); cycle; cycle = findCycle()) {
    const edge = cycle.find((e) => e.viaAllOf) ?? cycle[cycle.length - 1];
    if (!edge) break;
    delete edge.ref.$ref;
    broken.push(`${edge.from} → ${edge.to}`);
  }
  return broken;
}

/**
 * Where the spec is stricter than Okta's real answers in a way the emulator must follow Okta:
 * `TokenResponseTokenType` lists only "Bearer" and "N_A", but a DPoP-bound token comes back with
 * `token_type: "DPoP"` (RFC 9449 §5; Okta's DPoP guide shows it).
 */
function applyCorrections(schemas: JsonObject): string[] {
  const applied: string[] = [];
  const tokenType = schemas.TokenResponseTokenType;
  if (isObject(tokenType) && Array.isArray(tokenType.enum) && !tokenType.enum.includes('DPoP')) {
    tokenType.enum.push('DPoP');
    applied.push('TokenResponseTokenType.enum += "DPoP"');
  }
  return applied;
}

async function prepareDocument(raw: unknown, name: OktaDocumentName): Promise<PreparedDocument> {
  if (!isObject(raw)) throw new Error('an OpenAPI document must be a mapping');
  keepResponseSchemas(raw);
  stripProse(raw);
  const corrections = applyCorrections((raw.components as JsonObject).schemas as JsonObject);
  walkKeywordObjects(raw, (schema) => {
    rewriteDiscriminators(schema);
    rewriteNullable(schema);
    dropWriteOnlyRequired(schema);
  });
  const brokenCycles = breakInPlaceCycles((raw.components as JsonObject).schemas as JsonObject);
  // The circular $refs left by dereferencing point here: keep a copy that is prepared but not dereferenced.
  const schemas = structuredClone((raw.components as JsonObject).schemas) as JsonObject;
  const dereferenced = (await SwaggerParser.dereference(raw as never, { dereference: { circular: 'ignore' } })) as unknown as JsonObject;
  const paths = dereferenced.paths as JsonObject;
  // Response schemas are compiled on their own, so a leftover '#/…' must name its document.
  let leftoverRefs = 0;
  walkKeywordObjects(paths, (schema) => {
    if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#')) {
      schema.$ref = `${documentId(name)}${schema.$ref}`;
      leftoverRefs++;
    }
  });
  const formats = new Set<string>();
  walkKeywordObjects({ paths, schemas }, (schema) => {
    if (typeof schema.format === 'string') formats.add(schema.format);
  });
  return { version: String((dereferenced.info as JsonObject | undefined)?.version), paths, schemas, leftoverRefs, brokenCycles, corrections, formats: [...formats].sort() };
}

// ---------------------------------------------------------------------------------------------------
// Loading, matching, validating

interface Template {
  document: OktaDocumentName;
  template: string;
  /** `null` for a `{parameter}` segment. */
  segments: (string | null)[];
  methods: Set<string>;
}

const pointerToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Patterns of the spec that can never match what they describe, with what they mean:
 * `TimeDuration` (`^P(?:$)…` only matches "P"; lookaheads were meant) and `AwsEventSourceName`
 * (one character only; `+` was meant).
 */
const FIXED_PATTERNS = new Map([
  ['^P(?:$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?:\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$', '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$'],
  ['^[a-zA-Z0-9.\\-_]$', '^[a-zA-Z0-9.\\-_]+$'],
]);

/** JS lacks inline flags: `(?i)…` becomes the `i` flag; patterns JS cannot compile accept anything. */
const regExpEngine = Object.assign(
  (specPattern: string, flags: string): RegExp => {
    const pattern = FIXED_PATTERNS.get(specPattern) ?? specPattern;
    const caseless = pattern.startsWith('(?i)');
    const source = caseless ? pattern.slice(4) : pattern;
    for (const candidate of [flags, flags.replace('u', '')]) {
      try {
        return new RegExp(source, caseless ? `${candidate}i` : candidate);
      } catch {
        // try the next flags
      }
    }
    return /[^]*/;
  },
  { code: 'oktaOpenApiRegExp' },
);

function formatError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? error.keyword;
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) message += `: ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`;
  if (error.keyword === 'additionalProperties') message += ` (${JSON.stringify(params.additionalProperty)})`;
  if (['enum', 'type', 'format', 'const', 'pattern'].includes(error.keyword)) {
    const shown = JSON.stringify(error.data);
    if (shown !== undefined) message += `, got ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`;
  }
  return `${where} ${message}`;
}

function formatErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  if (!errors || errors.length === 0) return [];
  // `if` errors only say "must match then schema"; the branch's own errors are listed too.
  const useful = errors.filter((error) => error.keyword !== 'if');
  return [...new Set((useful.length > 0 ? useful : errors).map(formatError))];
}

function splitPath(path: string): string[] {
  const clean = path.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return clean === '' ? [] : clean.slice(1).split('/');
}

function segmentEquals(literal: string, segment: string): boolean {
  if (literal === segment) return true;
  try {
    return literal === decodeURIComponent(segment);
  } catch {
    return false;
  }
}

/** Negative when `a` is more specific: the first segment where one is literal and the other a parameter decides. */
function compareSpecificity(a: Template, b: Template): number {
  for (let i = 0; i < a.segments.length; i++) {
    const literalA = a.segments[i] !== null;
    const literalB = b.segments[i] !== null;
    if (literalA !== literalB) return literalA ? -1 : 1;
  }
  return 0;
}

function createOktaOpenApi(cached: CachedDocuments): OktaOpenApi {
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateSchema: false, logger: false, code: { regExp: regExpEngine } });
  addFormatsModule.default(ajv);
  const templates: Template[] = [];
  const exact = new Map<string, Template>();
  for (const { name } of DOCUMENTS) {
    const doc = cached.documents[name];
    for (const format of doc.formats) if (!(format in ajv.formats)) ajv.addFormat(format, true);
    for (const [template, pathItem] of Object.entries(doc.paths)) {
      const methods = new Set(Object.keys(isObject(pathItem) ? pathItem : {}).filter((method) => HTTP_METHODS.has(method)));
      const entry: Template = { document: name, template, methods, segments: splitPath(template).map((segment) => (/^\{[^}]+\}$/.test(segment) ? null : segment)) };
      templates.push(entry);
      exact.set(template, entry);
    }
  }

  // Adding components.schemas costs ~60 ms for the management document: only when something refers to it.
  const componentsAdded = new Set<OktaDocumentName>();
  const addComponents = (name: OktaDocumentName) => {
    if (componentsAdded.has(name)) return;
    ajv.addSchema({ components: { schemas: cached.documents[name].schemas } }, documentId(name));
    componentsAdded.add(name);
  };

  const findTemplate = (method: string, path: string): Template | undefined => {
    const direct = exact.get(path);
    if (direct) return direct;
    const segments = splitPath(path);
    const matching = templates.filter(
      (t) => t.segments.length === segments.length && t.segments.every((literal, i) => (literal === null ? segments[i] !== '' : segmentEquals(literal, segments[i] ?? ''))),
    );
    const lower = method.toLowerCase();
    const withMethod = matching.filter((t) => t.methods.has(lower));
    return (withMethod.length > 0 ? withMethod : matching).sort(compareSpecificity)[0];
  };

  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (document: OktaDocumentName, key: string, schema: unknown): ValidateFunction => {
    const cacheKey = `${document} ${key}`;
    let validate = validators.get(cacheKey);
    if (!validate) {
      if (cached.documents[document].leftoverRefs > 0) addComponents(document);
      try {
        validate = ajv.compile(schema as JsonObject);
      } catch (error) {
        throw new Error(`could not compile the OpenAPI schema for ${key} (${document}): ${String(error)}`, { cause: error });
      }
      validators.set(cacheKey, validate);
    }
    return validate;
  };

  /** The JSON schema of a response, or undefined when it declares none. */
  const responseSchema = (t: Template, method: string, statusKey: string): unknown => {
    const pathItem = cached.documents[t.document].paths[t.template];
    const operation = isObject(pathItem) ? pathItem[method] : undefined;
    const responses = isObject(operation) && isObject(operation.responses) ? operation.responses : {};
    const response = responses[statusKey];
    if (!isObject(response) || !isObject(response.content)) return undefined;
    const mediaTypes = Object.keys(response.content);
    const mediaType = mediaTypes.includes('application/json') ? 'application/json' : mediaTypes[0];
    const media = mediaType === undefined ? undefined : response.content[mediaType];
    return isObject(media) ? media.schema : undefined;
  };

  return {
    matchPath: (method, path) => findTemplate(method, path)?.template,
    validateResponse(method, path, status, body) {
      const t = findTemplate(method, path);
      if (!t) return { documented: false, errors: [] };
      const lower = method.toLowerCase();
      for (const statusKey of [String(status), `${String(status).charAt(0)}XX`, 'default']) {
        const schema = responseSchema(t, lower, statusKey);
        if (schema === undefined) continue;
        const validate = validatorFor(t.document, `${lower.toUpperCase()} ${t.template} ${statusKey}`, schema);
        return { documented: true, errors: validate(body) ? [] : formatErrors(validate.errors) };
      }
      return { documented: false, errors: [] };
    },
    validateSchema(document, schemaName, body) {
      if (!(schemaName in cached.documents[document].schemas)) throw new Error(`no schema ${schemaName} in Okta's ${document} OpenAPI document`);
      addComponents(document);
      const validate = validatorFor(document, `components.schemas.${schemaName}`, { $ref: `${documentId(document)}#/components/schemas/${pointerToken(schemaName)}` });
      return validate(body) ? [] : formatErrors(validate.errors);
    },
  };
}

let loading: Promise<OktaOpenApi> | undefined;

/** Loads (once per process) both documents. */
export async function loadOktaOpenApi(): Promise<OktaOpenApi> {
  loading ??= cachedDocuments().then(({ cached }) => createOktaOpenApi(cached));
  try {
    return await loading;
  } catch (error) {
    loading = undefined;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// The assertion used by tests' HTTP helper

const TOKEN_PATH = /^\/oauth2\/(?:[^/]+\/)?v1\/token$/;

/** Throws an Error listing every problem when the body does not validate (used by tests' HTTP helper). */
export async function expectValidOktaResponse(method: string, url: string, status: number, body: unknown): Promise<void> {
  const path = new URL(url, 'http://relative.invalid').pathname;
  const api = await loadOktaOpenApi();
  const template = api.matchPath(method, path);
  if (template === undefined && path.startsWith('/__emulator/')) return;
  const result = api.validateResponse(method, path, status, body);
  let errors = result.errors;
  let against = template === undefined ? 'no documented path' : `${method.toUpperCase()} ${template} ${status}`;
  if (!result.documented) {
    if (isObject(body) && 'errorCode' in body) {
      errors = api.validateSchema('management', 'Error', body);
      against = `components.schemas.Error (${against} is undocumented)`;
    } else if (isObject(body) && 'error' in body && 'error_description' in body && TOKEN_PATH.test(path)) {
      errors = api.validateSchema('oauth', 'OAuthError', body);
      against = `components.schemas.OAuthError (${against} is undocumented)`;
    }
  }
  if (errors.length === 0) return;
  const shown = JSON.stringify(body, null, 2) ?? String(body);
  throw new Error(
    `${method.toUpperCase()} ${path} → ${status}: the body does not match Okta's OpenAPI document (${against}):\n` +
      errors.map((error) => `  - ${error}`).join('\n') +
      `\nbody: ${shown.length > 4000 ? `${shown.slice(0, 4000)}\n…` : shown}`,
  );
}
