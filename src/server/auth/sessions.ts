/**
 * Console sessions: an opaque random id (32 bytes, base64url) in the `gatehouse_session` cookie,
 * and a document in the store's kv (`sessions` namespace) so that several Gatehouse processes on
 * one PostgreSQL database share them. The kv key is the SHA-256 of the id, so a database dump holds
 * no usable session; the id itself is never logged or returned in a body.
 *
 * Expiry slides: 12 h after the last use (refreshed at most once a minute, so reads stay cheap),
 * but never more than 7 days after sign-in.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../common/clock.ts';
import type { Store } from '../../store/index.ts';

/** The kv namespace of sessions. */
export const SESSIONS_NAMESPACE = 'sessions';
/** Idle lifetime of a session. */
export const SESSION_IDLE_MS = 12 * 3600_000;
/** Absolute lifetime of a session, however active. */
export const SESSION_MAX_MS = 7 * 86_400_000;
/** A session's expiry is pushed forward at most this often. */
const TOUCH_EVERY_MS = 60_000;

/** How a session was opened. */
export const sessionKinds = ['token', 'okta'] as const;

export const sessionSchema = z.object({
  /** The person's login in the directory mirror (`admin` for the bootstrap admin). */
  login: z.string().min(1),
  name: z.string(),
  /** The Okta user id (null for the bootstrap admin). */
  userId: z.string().nullable(),
  kind: z.enum(sessionKinds),
  createdAt: z.number(),
  lastSeenAt: z.number(),
  expiresAt: z.number(),
});
export type Session = z.infer<typeof sessionSchema>;

/** The part of the store sessions live in. */
export type SessionKv = Pick<Store, 'kvGet' | 'kvPut' | 'kvPutIfVersion' | 'kvDelete' | 'kvPrune'>;

/** A session id has this shape; anything else is not looked up. */
const idPattern = /^[A-Za-z0-9_-]{43}$/;
const keyOf = (id: string) => createHash('sha256').update(id).digest('base64url');

/** Creates the session store. */
export function createSessions(deps: { kv: SessionKv; clock: Clock; idleMs?: number; maxMs?: number }) {
  const idleMs = deps.idleMs ?? SESSION_IDLE_MS;
  const maxMs = deps.maxMs ?? SESSION_MAX_MS;
  const expiry = (createdAt: number, now: number) => Math.min(now + idleMs, createdAt + maxMs);

  /**
   * Deletes the sessions idle past their lifetime, on each sign-in, in one statement: every write of
   * a session sets its expiry at most `idleMs` after that write, so a document last written before
   * `now - idleMs` has expired. (Ones past the 7-day limit but touched since are deleted when next read.)
   */
  async function sweep(now: number): Promise<void> {
    await deps.kv.kvPrune(SESSIONS_NAMESPACE, now - idleMs);
  }

  return {
    /** Opens a session; returns its id (for the cookie only) and the session. */
    async create(who: { login: string; name: string; userId: string | null; kind: Session['kind'] }): Promise<{ id: string; session: Session }> {
      const now = deps.clock.now();
      await sweep(now);
      const id = randomBytes(32).toString('base64url');
      const session: Session = { ...who, createdAt: now, lastSeenAt: now, expiresAt: expiry(now, now) };
      await deps.kv.kvPut(SESSIONS_NAMESPACE, keyOf(id), session);
      return { id, session };
    },

    /** The live session of an id, its expiry slid forward; undefined when unknown, malformed or expired. */
    async get(id: string | undefined): Promise<Session | undefined> {
      if (id === undefined || !idPattern.test(id)) return undefined;
      const key = keyOf(id);
      const entry = await deps.kv.kvGet(SESSIONS_NAMESPACE, key);
      if (!entry) return undefined;
      const parsed = sessionSchema.safeParse(entry.value);
      const now = deps.clock.now();
      if (!parsed.success || parsed.data.expiresAt <= now) {
        await deps.kv.kvDelete(SESSIONS_NAMESPACE, key);
        return undefined;
      }
      const session = parsed.data;
      if (now - session.lastSeenAt < TOUCH_EVERY_MS) return session;
      const touched = { ...session, lastSeenAt: now, expiresAt: expiry(session.createdAt, now) };
      // Compare-and-set: a session signed out meanwhile (deleted) is not brought back by a late touch.
      const written = await deps.kv.kvPutIfVersion(SESSIONS_NAMESPACE, key, touched, entry.version);
      if (written) return touched;
      const current = await deps.kv.kvGet(SESSIONS_NAMESPACE, key);
      return current ? sessionSchema.safeParse(current.value).data : undefined;
    },

    /** Ends a session (sign out); true when there was one. */
    async destroy(id: string | undefined): Promise<boolean> {
      if (id === undefined || !idPattern.test(id)) return false;
      return deps.kv.kvDelete(SESSIONS_NAMESPACE, keyOf(id));
    },
  };
}

/** The session store. */
export type Sessions = ReturnType<typeof createSessions>;
