import type { Org } from '../state/org.ts';
import { seedEmpty } from './empty.ts';

/** The demo company (being written). */
export function seedDemo(org: Org, _options: { users: number }): void {
  seedEmpty(org);
}
