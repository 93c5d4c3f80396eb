import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EmulatorContext } from '../context.ts';
import { send } from '../http/route.ts';
import { parseBody } from '../http/validate.ts';
import { setStatus, findUserOr404 } from '../state/users.ts';
import { rateLimitPlans } from '../state/rate-limits.ts';
import { userStatuses } from '../state/types.ts';
import { userJson } from '../http/serialize.ts';
import { originOf } from '../http/route.ts';
import { seedNames } from '../seed/index.ts';

const faultsSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    errorRate: z.number().min(0).max(1).optional(),
    errorStatus: z.union([z.literal(500), z.literal(503)]).optional(),
    dropRate: z.number().min(0).max(1).optional(),
    /** The next N rate-limited requests are answered 429. */
    rateLimitBurst: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();

const seedSchema = z.object({ seed: z.enum(seedNames), users: z.number().int().min(0).max(100_000).optional() }).strict();
const advanceSchema = z.object({ ms: z.number().int().min(0).optional(), seconds: z.number().min(0).optional() }).strict();
const statusSchema = z.object({ status: z.enum(userStatuses) }).strict();
const rateLimitSchema = z.object({ plan: z.enum(rateLimitPlans) }).strict();

/**
 * Operator controls, outside Okta's namespace: reset, re-seed, faults, the clock, request counts, and
 * setting a user's status the way only end users can (locking out, finishing activation).
 */
export function registerOperatorRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get('/__emulator/health', async (_req, reply) => send(reply, { status: 200, body: { ok: true } }));

  app.post('/__emulator/reset', async (_req, reply) => {
    await ctx.reseed();
    ctx.rateLimiter.resetCounts();
    Object.assign(ctx.faults, { latencyMs: 0, errorRate: 0, errorStatus: 500, dropRate: 0 });
    ctx.rateLimiter.burst = 0;
    return send(reply, { status: 200, body: { reset: true, users: ctx.org.users.size } });
  });

  app.post('/__emulator/seed', async (req, reply) => {
    const body = parseBody(seedSchema, req.body);
    await ctx.reseed({ seed: body.seed, ...(body.users !== undefined ? { users: body.users } : {}) });
    return send(reply, { status: 200, body: { seed: body.seed, users: ctx.org.users.size, groups: ctx.org.groups.size, apps: ctx.org.apps.size } });
  });

  app.get('/__emulator/faults', async (_req, reply) => send(reply, { status: 200, body: { ...ctx.faults, rateLimitBurst: ctx.rateLimiter.burst } }));
  app.post('/__emulator/faults', async (req, reply) => {
    const body = parseBody(faultsSchema, req.body);
    const { rateLimitBurst, ...faults } = body;
    Object.assign(ctx.faults, faults);
    if (rateLimitBurst !== undefined) ctx.rateLimiter.burst = rateLimitBurst;
    return send(reply, { status: 200, body: { ...ctx.faults, rateLimitBurst: ctx.rateLimiter.burst } });
  });

  app.post('/__emulator/rate-limits', async (req, reply) => {
    const body = parseBody(rateLimitSchema, req.body);
    ctx.rateLimiter.setPlan(body.plan);
    return send(reply, { status: 200, body: { plan: body.plan } });
  });

  app.get('/__emulator/clock', async (_req, reply) => send(reply, { status: 200, body: { now: new Date(ctx.clock.now()).toISOString(), offsetMs: ctx.clock.offset() } }));
  app.post('/__emulator/clock/advance', async (req, reply) => {
    const body = parseBody(advanceSchema, req.body);
    ctx.clock.advance((body.ms ?? 0) + Math.round((body.seconds ?? 0) * 1000));
    return send(reply, { status: 200, body: { now: new Date(ctx.clock.now()).toISOString(), offsetMs: ctx.clock.offset() } });
  });

  app.get('/__emulator/stats', async (_req, reply) =>
    send(reply, {
      status: 200,
      body: {
        requests: Object.fromEntries(ctx.rateLimiter.counts),
        total: [...ctx.rateLimiter.counts.values()].reduce((a, b) => a + b, 0),
        rejected: ctx.rateLimiter.rejected,
        inFlight: ctx.rateLimiter.inFlight,
        concurrencyLimit: Number.isFinite(ctx.rateLimiter.concurrencyLimit) ? ctx.rateLimiter.concurrencyLimit : null,
        users: ctx.org.users.size,
        groups: ctx.org.groups.size,
        apps: ctx.org.apps.size,
        logEvents: ctx.org.logs.length,
        plan: ctx.rateLimiter.currentPlan,
      },
    }),
  );
  app.post('/__emulator/stats/reset', async (_req, reply) => {
    ctx.rateLimiter.resetCounts();
    return send(reply, { status: 204 });
  });

  // What only the end user can do in a real org (fail sign-ins until locked out, finish activation).
  app.post<{ Params: { id: string } }>('/__emulator/users/:id/status', async (req, reply) => {
    const body = parseBody(statusSchema, req.body);
    const user = findUserOr404(ctx.org, req.params.id);
    setStatus(ctx.org, user, body.status);
    return send(reply, { status: 200, body: userJson(originOf(req), user, true) });
  });
}
