import type { KeyObject, webcrypto } from 'node:crypto';
import type { OffsetClock } from '../common/clock.ts';
import type { Org } from './state/org.ts';
import type { RateLimiter } from './state/rate-limits.ts';

/** Faults the operator can inject (`POST /__emulator/faults`). */
export interface Faults {
  /** Added to every Okta-namespace response, in ms. */
  latencyMs: number;
  /** Share (0..1) of Okta-namespace requests answered with `errorStatus`. */
  errorRate: number;
  errorStatus: 500 | 503;
  /** Share (0..1) of requests whose connection is destroyed without an answer. */
  dropRate: number;
}

export const noFaults: Faults = Object.freeze({ latencyMs: 0, errorRate: 0, errorStatus: 500, dropRate: 0 }) as Faults;

/** The org authorization server's signing key. */
export interface SigningKey {
  kid: string;
  privateKey: webcrypto.CryptoKey | KeyObject;
  publicJwk: Record<string, unknown>;
}

/** Everything the emulator's routes share. `org` is replaced on reset/re-seed, so always read it from here. */
export interface EmulatorContext {
  org: Org;
  clock: OffsetClock;
  signingKey: SigningKey;
  rateLimiter: RateLimiter;
  faults: Faults;
  /** Reject a resource-side DPoP proof whose jti was seen before (off by default: SDKs resend proofs on 429 retries). */
  enforceResourceProofJti: boolean;
  /** DPoP nonces the token endpoint handed out, with when each was issued (ms). */
  dpopNonces: Map<string, number>;
  /** Rebuilds the org from its seed (reset) or from a new seed. */
  reseed(seed?: { seed: 'demo' | 'empty'; users?: number }): Promise<void>;
  /** The random source for fault injection (deterministic per emulator). */
  chance(): number;
}
