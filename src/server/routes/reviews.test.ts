/** The access review routes over fastify's inject, on the review service against the emulator (seed "demo"). */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReviewsTestbed, type ReviewsTestbed } from '../../access/reviews/testing.ts';
import { createFakeClock } from '../../common/clock.ts';
import { collect } from '../../common/collect.ts';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { createStore, type Store } from '../../store/index.ts';
import { handleError } from '../http-errors.ts';
import { registerReviewRoutes } from './reviews.ts';

const DAY = 86_400_000;

describe('access review routes', () => {
  let emulator: RunningEmulator;
  let store: Store;
  let t: ReviewsTestbed;
  let app: FastifyInstance;
  const clock = createFakeClock(Date.now());

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 'demo', clock });
    store = await createStore({ kind: 'sqlite', file: ':memory:', clock });
    t = await createReviewsTestbed({ emulator, store, clock });
    app = Fastify();
    app.setErrorHandler(handleError);
    registerReviewRoutes(app, { reviews: t.reviews, actor: () => 'admin@acme.example' });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    await emulator.close();
  });

  it('creates, launches, decides, closes and exports a campaign; refuses what it must with the right status', async () => {
    const editors = (await collect(t.okta.groups.list({ q: 'Figma Editors' }))).find((g) => g.profile.name === 'Figma Editors')!;
    const reviewer = (await collect(t.okta.users.list({ filter: 'status eq "ACTIVE"' }))).find((u) => u.profile.department === 'IT')!.profile.login;

    const bad = await app.inject({ method: 'POST', url: '/api/v1/access/reviews', payload: { name: 'x', scope: { kind: 'groups', groupIds: [] }, reviewers: { kind: 'manager' }, dueAt: '2020-01-01' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'REQUEST_INVALID' } });

    const past = await app.inject({ method: 'POST', url: '/api/v1/access/reviews', payload: { name: 'x', scope: { kind: 'groups', groupIds: [editors.id] }, reviewers: { kind: 'manager' }, dueAt: '2020-01-01T00:00:00Z' } });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ error: { code: 'REVIEW_INVALID', issues: [{ path: 'dueAt' }] } });

    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/access/reviews',
      payload: { name: 'Figma editors', scope: { kind: 'groups', groupIds: [editors.id] }, reviewers: { kind: 'users', logins: [reviewer] }, dueAt: new Date(clock.now() + 7 * DAY).toISOString(), revokeMode: 'on_decision' },
    });
    expect(created.statusCode).toBe(201);
    const campaign = created.json<{ campaign: { id: string; createdBy: string; status: string } }>().campaign;
    expect(campaign).toMatchObject({ createdBy: 'admin@acme.example', status: 'draft' });

    expect((await app.inject({ method: 'POST', url: `/api/v1/access/reviews/${campaign.id}/launch` })).json()).toMatchObject({ campaign: { status: 'active' } });
    expect((await app.inject({ method: 'GET', url: '/api/v1/access/reviews' })).json<{ campaigns: { id: string }[] }>().campaigns.map((c) => c.id)).toEqual([campaign.id]);

    const items = (await app.inject({ method: 'GET', url: `/api/v1/access/reviews/${campaign.id}/items?reviewer=${encodeURIComponent(reviewer)}&decided=false` })).json<{ items: { id: string; userId: string }[] }>().items;
    const members = new Set((await collect(t.okta.groups.members(editors.id))).map((u) => u.id));
    expect(new Set(items.map((i) => i.userId))).toEqual(members);
    const [first, second, third] = items as [{ id: string; userId: string }, { id: string; userId: string }, { id: string; userId: string }];

    const notMine = await app.inject({ method: 'POST', url: `/api/v1/access/reviews/${campaign.id}/items/${first.id}/decision`, payload: { outcome: 'keep' } });
    expect(notMine.statusCode).toBe(409);
    expect(notMine.json()).toMatchObject({ error: { code: 'REVIEW_REFUSED' } });

    const revoked = await app.inject({ method: 'POST', url: `/api/v1/access/reviews/${campaign.id}/items/${first.id}/decision`, payload: { by: reviewer, outcome: 'revoke', comment: 'left' } });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ item: { decision: { outcome: 'revoke', by: reviewer }, change: { action: 'revoked' } } });
    expect(new Set((await collect(t.okta.groups.members(editors.id))).map((u) => u.id)).has(first.userId)).toBe(false);
    const again = await app.inject({ method: 'POST', url: `/api/v1/access/reviews/${campaign.id}/items/${first.id}/decision`, payload: { by: reviewer, outcome: 'keep' } });
    expect(again.json()).toMatchObject({ error: { code: 'REVIEW_REFUSED', reason: 'already_decided' } });

    const bulk = await app.inject({ method: 'POST', url: `/api/v1/access/reviews/${campaign.id}/decisions`, payload: { by: reviewer, outcome: 'keep', itemIds: [second.id, third.id, first.id, 'rc_other.00001'] } });
    const result = bulk.json<{ decided: { id: string }[]; refused: { itemId: string; code: string }[] }>();
    expect(result.decided.map((i) => i.id)).toEqual([second.id, third.id]);
    expect(result.refused).toEqual([expect.objectContaining({ itemId: first.id, code: 'REVIEW_REFUSED' }), expect.objectContaining({ itemId: 'rc_other.00001', code: 'NOT_FOUND' })]);

    expect((await app.inject({ method: 'GET', url: `/api/v1/access/reviews/${campaign.id}/progress` })).json()).toMatchObject({ progress: { decided: 3, revoked: 1, kept: 2 } });
    expect((await app.inject({ method: 'POST', url: `/api/v1/access/reviews/${campaign.id}/close`, payload: {} })).json()).toMatchObject({ campaign: { status: 'closed', closedBy: 'admin@acme.example' }, revoked: 1 });

    const csv = await app.inject({ method: 'GET', url: `/api/v1/access/reviews/${campaign.id}/evidence?format=csv` });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="gatehouse-review-${campaign.id}.csv"`);
    expect(csv.body.split('\r\n')[0]).toMatch(/^campaign_id,campaign_name,/);
    expect(csv.body).toContain(`${first.id},`);
    const json = (await app.inject({ method: 'GET', url: `/api/v1/access/reviews/${campaign.id}/evidence` })).json<{ campaign: { id: string }; items: unknown[] }>();
    expect(json.campaign.id).toBe(campaign.id);
    expect(json.items).toHaveLength(items.length);

    const history = await app.inject({ method: 'GET', url: `/api/v1/access/history?resourceKind=group&resourceId=${editors.id}&format=csv` });
    expect(history.statusCode).toBe(200);
    expect(history.body).toMatch(/review\.access_revoked/);
    expect((await app.inject({ method: 'GET', url: '/api/v1/access/history?resourceKind=resource&resourceId=nope' })).statusCode).toBe(404);

    expect((await app.inject({ method: 'GET', url: '/api/v1/access/reviews/rc_missing' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/v1/access/reviews/${campaign.id}/items/rc_other.00001/decision`, payload: { by: reviewer, outcome: 'keep' } })).statusCode).toBe(404);
  });
});
