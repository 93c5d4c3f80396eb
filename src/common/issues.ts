/** Validation issues (zod's, or any with the same shape) as Gatehouse reports them: a dotted path and a message. */
export interface Issue {
  path: string;
  message: string;
}

/** Turns a validation error's issues into {@link Issue}s. */
export function issuesOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): Issue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** `user: Required; days: Too small` — issues in one line for a message. */
export function describeIssues(issues: readonly Issue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}
