import { createGroup } from '../state/groups.ts';
import type { Org } from '../state/org.ts';

/** An empty org: only the BUILT_IN Everyone group (and the service app, installed by the caller). */
export function seedEmpty(org: Org): void {
  createGroup(org, { name: 'Everyone', description: 'All users in your organization', type: 'BUILT_IN' }, null);
}
