/**
 * Helpers the catalog's tests share: picking people and groups in the demo org through the real API,
 * and reading the emulator's System Log to check that each change happened exactly once.
 */
import type { OktaGroup, OktaUser, UserStatus } from '../../../okta/index.ts';
import type { TestRuntime } from '../../testing.ts';

/** Every item of an async listing. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * Users of one status (through the API), skipping those earlier tests already took, so tests in one
 * file never share a person. `where` narrows further.
 */
export function createPicker(t: TestRuntime) {
  const taken = new Set<string>();
  return async function pick(status: UserStatus, where: (u: OktaUser) => boolean = () => true): Promise<OktaUser> {
    const users = await collect(t.okta.users.list({ filter: `status eq "${status}"` }));
    const user = users.find((u) => !taken.has(u.id) && where(u));
    if (!user) throw new Error(`the demo org has no more ${status} users that fit`);
    taken.add(user.id);
    return user;
  };
}

/** A group by exact name, through the API. */
export async function groupNamed(t: TestRuntime, name: string): Promise<OktaGroup> {
  const groups = await collect(t.okta.groups.list({ q: name }));
  const group = groups.find((g) => g.profile.name === name);
  if (!group) throw new Error(`no group named ${name}`);
  return group;
}

/** The ids of the groups a user is in, through the API. */
export async function groupIdsOf(t: TestRuntime, userId: string): Promise<string[]> {
  return (await t.okta.users.groups(userId)).map((g) => g.id);
}

/** System Log events of a type whose targets include `targetId` (read from the emulator's log). */
export function logEvents(t: TestRuntime, eventType: string, targetId?: string): Record<string, unknown>[] {
  return t.emulator.context.org.logs
    .map((record) => record.event as Record<string, unknown> & { eventType: string; target?: { id?: string }[] })
    .filter((e) => e.eventType === eventType && (targetId === undefined || (e.target ?? []).some((x) => x.id === targetId)));
}

/** How many Okta writes the org has logged so far (any event): a dry run must not add any. */
export function logCount(t: TestRuntime): number {
  return t.emulator.context.org.logs.length;
}
