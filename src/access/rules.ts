/**
 * Conditions on a person (eligibility profiles, auto-approval rules) and the words that explain
 * them. The same sentences reach the API, the CLI and chat.
 */
import type { DirectoryReader, DirUser } from './directory/reader.ts';
import type { Condition, EligibilityProfile } from './model.ts';

/** What a condition needs to know about the person. */
export interface Subject {
  user: DirUser;
  groupIds: ReadonlySet<string>;
}

/** Loads a person's facts from the directory. */
export async function subjectOf(directory: DirectoryReader, user: DirUser): Promise<Subject> {
  return { user, groupIds: new Set((await directory.groupsOf(user.id)).map((m) => m.groupId)) };
}

function attributeOf(user: DirUser, attribute: string): unknown {
  if (attribute === 'department') return user.department;
  if (attribute === 'title') return user.title;
  if (attribute === 'login') return user.login;
  if (attribute === 'status') return user.status;
  return user.profile[attribute];
}

/** Whether the person meets the condition. */
export function meets(condition: Condition, subject: Subject): boolean {
  if (condition.kind === 'memberOf') return subject.groupIds.has(condition.groupId);
  const value = attributeOf(subject.user, condition.attribute);
  if (value === null || value === undefined) return false;
  const text = String(value).trim().toLowerCase();
  return condition.values.some((v) => v.trim().toLowerCase() === text);
}

/** "member of Engineering" / "department is Sales or Marketing". `groupName` names groups for people. */
export function describeCondition(condition: Condition, groupName: (id: string) => string): string {
  if (condition.kind === 'memberOf') return `member of ${groupName(condition.groupId)}`;
  return `${condition.attribute} is ${condition.values.join(' or ')}`;
}

/** Whether the person matches the profile. */
export function matchesProfile(profile: EligibilityProfile, subject: Subject): boolean {
  return profile.match === 'all' ? profile.rules.every((r) => meets(r, subject)) : profile.rules.some((r) => meets(r, subject));
}

/** The profile's rule in words: "Engineers (department is Engineering)". */
export function describeProfile(profile: EligibilityProfile, groupName: (id: string) => string): string {
  return `${profile.name} (${profile.rules.map((r) => describeCondition(r, groupName)).join(profile.match === 'all' ? ' and ' : ' or ')})`;
}
