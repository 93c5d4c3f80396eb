import { createOffsetClock, systemClock, type Clock } from '../common/clock.ts';
import { InvalidOptionsError } from '../common/errors.ts';
import { createRandom } from '../common/random.ts';
import { buildEmulatorApp } from './app.ts';
import { createSigningKey } from './auth/signing-key.ts';
import type { EmulatorContext } from './context.ts';
import { noFaults } from './context.ts';
import { buildOrg, seedNames, type SeedName } from './seed/index.ts';
import { createServiceAppKey, type ServiceAppCredential } from './seed/service-app.ts';
import { oktaScopes } from './state/access.ts';
import { RateLimiter, rateLimitPlans, type RateLimitPlan } from './state/rate-limits.ts';
import type { FastifyInstance } from 'fastify';

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1 (the emulator is never meant for a public interface). */
  host?: string;
  /** `demo` (a realistic company) or `empty` (default). */
  seed?: SeedName;
  /** People in the demo org (default 200, at most 100,000). */
  users?: number;
  /** The random seed of the demo data (default 1). */
  randomSeed?: number;
  /** Time source, shared with the code under test; the operator API can move it forward. */
  clock?: Clock;
  /** Rate-limit plan (default `off`). */
  rateLimits?: RateLimitPlan;
  /** Concurrency limit override. */
  concurrencyLimit?: number;
  /** Whether the built-in service app requires DPoP (default false). */
  dpop?: boolean;
  /** Reject reused resource-side DPoP proof jtis (default false, as SDK retries resend proofs). */
  enforceResourceProofJti?: boolean;
  /** Log requests with pino (default false). */
  logger?: boolean;
}

/** A running emulator. */
export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`: the org URL. */
  url: string;
  /** A service app holding every scope and SUPER_ADMIN. */
  credential: ServiceAppCredential;
  context: EmulatorContext;
  app: FastifyInstance;
  close(): Promise<void>;
}

function validate(options: EmulatorOptions): void {
  const problems: string[] = [];
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) problems.push(`port must be an integer from 0 to 65535, got ${options.port}`);
  if (options.seed !== undefined && !seedNames.includes(options.seed)) problems.push(`seed must be one of ${seedNames.join(', ')}, got ${String(options.seed)}`);
  if (options.users !== undefined && (!Number.isInteger(options.users) || options.users < 0 || options.users > 100_000)) problems.push(`users must be an integer from 0 to 100000, got ${options.users}`);
  if (options.rateLimits !== undefined && !rateLimitPlans.includes(options.rateLimits)) problems.push(`rateLimits must be one of ${rateLimitPlans.join(', ')}, got ${String(options.rateLimits)}`);
  if (problems.length > 0) throw new InvalidOptionsError('EMULATOR_OPTIONS_INVALID', `Invalid emulator options: ${problems.join('; ')}.`);
}

/** Builds the emulator's context and fastify app without listening (for `inject` and embedding). */
export async function createEmulator(options: EmulatorOptions = {}): Promise<{ context: EmulatorContext; app: FastifyInstance; credentialFor(url: string): ServiceAppCredential }> {
  validate(options);
  const clock = createOffsetClock(options.clock ?? systemClock);
  const [signingKey, serviceKey] = await Promise.all([createSigningKey('emulator-as-key-1'), createServiceAppKey('gatehouse-key-1')]);
  let current = { seed: options.seed ?? 'empty', users: options.users ?? 200 };
  const randomSeed = options.randomSeed ?? 1;
  const dpop = options.dpop ?? false;
  const build = () => buildOrg(clock, serviceKey, { seed: current.seed, users: current.users, randomSeed, dpop });
  let built = build();
  const chance = createRandom(randomSeed ^ 0x5eed);
  const context: EmulatorContext = {
    org: built.org,
    clock,
    signingKey,
    rateLimiter: new RateLimiter(options.rateLimits ?? 'off', options.concurrencyLimit),
    faults: { ...noFaults },
    enforceResourceProofJti: options.enforceResourceProofJti ?? false,
    dpopNonces: new Map(),
    async reseed(seed) {
      if (seed) current = { seed: seed.seed, users: seed.users ?? current.users };
      built = build();
      context.org = built.org;
    },
    chance: () => chance.next(),
  };
  const app = buildEmulatorApp(context, { logger: options.logger ?? false });
  return {
    context,
    app,
    credentialFor: (url) => ({ orgUrl: url, clientId: built.serviceAppId, privateKey: serviceKey.privateJwk, scopes: [...oktaScopes] }),
  };
}

/**
 * Starts an Okta org emulator on 127.0.0.1.
 * @example
 * const emulator = await startEmulator({ port: 0, seed: 'demo' });
 * console.log(emulator.url, emulator.credential.clientId);
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { context, app, credentialFor } = await createEmulator(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port ?? 0;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { url, credential: credentialFor(url), context, app, close: () => app.close() };
}
