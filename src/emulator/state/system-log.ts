import type { Org } from './org.ts';
import type { AppRecord, GroupRecord, UserRecord } from './types.ts';

/** Who made a change, as the System Log shows it. */
export interface LogActor {
  id: string;
  type: 'PublicClientApp' | 'SystemPrincipal' | 'User';
  alternateId: string;
  displayName: string;
}

/** The request a change came from; `null` where nothing is logged (seeding). */
export interface ChangeContext {
  actor: LogActor;
  requestId: string;
  ipAddress: string;
  userAgent: string;
  requestUri: string;
}

export interface LogTarget {
  id: string;
  type: string;
  alternateId: string;
  displayName: string;
  detailEntry: Record<string, unknown> | null;
  changeDetails?: { from: Record<string, unknown>; to: Record<string, unknown> };
}

/** Okta's own actor for changes it makes by itself (group rules). */
export const systemActor: LogActor = { id: '0oa1gjh63g214q0Hq0g4', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System' };

/** A `User` target entry. */
export function userTarget(user: UserRecord): LogTarget {
  const first = typeof user.profile.firstName === 'string' ? user.profile.firstName : '';
  const last = typeof user.profile.lastName === 'string' ? user.profile.lastName : '';
  return { id: user.id, type: 'User', alternateId: String(user.profile.login), displayName: `${first} ${last}`.trim(), detailEntry: null };
}

/** A `UserGroup` target entry (Okta prints alternateId "unknown" for groups). */
export function groupTarget(group: GroupRecord): LogTarget {
  return { id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: group.profile.name, detailEntry: null };
}

/** An `AppInstance` target entry. */
export function appTarget(app: AppRecord): LogTarget {
  return { id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label, detailEntry: { signOnModeType: app.signOnMode } };
}

/** An `AppUser` target entry. */
export function appUserTarget(assignmentId: string, user: UserRecord): LogTarget {
  return { id: assignmentId, type: 'AppUser', alternateId: String(user.profile.login), displayName: userTarget(user).displayName, detailEntry: null };
}

export interface LogEntry {
  eventType: string;
  displayMessage: string;
  legacyEventType?: string;
  targets: LogTarget[];
  severity?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  outcome?: { result: string; reason?: string | null };
  /** Overrides the context's actor (e.g. a group rule acting for Okta). */
  actor?: LogActor;
}

/** Appends one event to the org's System Log. A null context logs nothing (seeding builds history-free orgs). */
export function logEvent(org: Org, ctx: ChangeContext | null, entry: LogEntry): void {
  if (ctx === null) return;
  const published = org.now();
  const actor = entry.actor ?? ctx.actor;
  const uuid = randomUuid(org);
  org.logSeq += 1;
  // Okta's schema does not allow null in several of these fields, so absent values are left out.
  org.logs.push({
    seq: org.logSeq,
    published,
    event: {
      uuid,
      published: new Date(published).toISOString(),
      eventType: entry.eventType,
      version: '0',
      severity: entry.severity ?? 'INFO',
      ...(entry.legacyEventType ? { legacyEventType: entry.legacyEventType } : {}),
      displayMessage: entry.displayMessage,
      actor: { ...actor },
      client: {
        userAgent: { rawUserAgent: ctx.userAgent, os: 'Unknown', browser: 'UNKNOWN' },
        device: 'Unknown',
        ...(actor.type === 'PublicClientApp' ? { id: actor.id } : {}),
        ipAddress: ctx.ipAddress,
      },
      authenticationContext: { authenticationStep: 0, externalSessionId: 'trs' + ctx.requestId.slice(3, 23) },
      outcome: { result: entry.outcome?.result ?? 'SUCCESS', ...(entry.outcome?.reason ? { reason: entry.outcome.reason } : {}) },
      securityContext: {},
      debugContext: { debugData: { requestId: ctx.requestId, requestUri: ctx.requestUri, url: ctx.requestUri } },
      transaction: { type: 'WEB', id: ctx.requestId, detail: {} },
      request: { ipChain: [{ ip: ctx.ipAddress, version: 'V4' }] },
      target: entry.targets.map(({ detailEntry, ...t }) => (detailEntry ? { ...t, detailEntry } : t)),
    },
  });
}

function randomUuid(org: Org): string {
  // Deterministic for a seed (ids come from the org's generator), formatted as a v4 UUID.
  const hex = Array.from(org.ids.token(32), (c) => (c.charCodeAt(0) % 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
