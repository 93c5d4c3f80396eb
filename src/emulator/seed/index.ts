import { createIdGenerator } from '../state/ids.ts';
import { Org } from '../state/org.ts';
import type { Clock } from '../../common/clock.ts';
import { seedDemo } from './demo.ts';
import { seedEmpty } from './empty.ts';
import { installServiceApp, type ServiceAppKey } from './service-app.ts';

export const seedNames = ['demo', 'empty'] as const;
export type SeedName = (typeof seedNames)[number];

export interface SeedOptions {
  seed: SeedName;
  /** Number of people in the demo org (default 200, at most 100,000). */
  users: number;
  /** The random seed; the same number always gives the same org. */
  randomSeed: number;
  dpop: boolean;
}

/** Builds a fresh org: the service app first (so its id is stable), then the chosen seed. */
export function buildOrg(clock: Clock, key: ServiceAppKey, options: SeedOptions): { org: Org; serviceAppId: string } {
  const org = new Org({ clock, ids: createIdGenerator(options.randomSeed) });
  const app = installServiceApp(org, key, { dpop: options.dpop, issuer: '' });
  if (options.seed === 'demo') seedDemo(org, { users: options.users });
  else seedEmpty(org);
  return { org, serviceAppId: app.id };
}
