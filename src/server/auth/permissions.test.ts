import { describe, expect, it } from 'vitest';
import { routeRules, ruleFor } from './permissions.ts';

describe('the permissions table', () => {
  it('is admin-only by default: unlisted routes and unmatched URLs', () => {
    for (const [method, url] of [
      ['GET', '/api/v1/connections/okta'],
      ['POST', '/api/v1/connections/okta'],
      ['GET', '/api/v1/audit'],
      ['PUT', '/api/v1/access/:kind/:id'],
      ['POST', '/api/v1/catalog/:id/install'],
      ['GET', '/api/v1/workflows/:id'],
      ['POST', '/api/v1/directory/sync'],
      ['GET', '/api/v1/runs'],
      ['POST', '/api/v1/access/reviews'],
      ['GET', '/api/v1/some-future-route'],
    ] as const) {
      expect(ruleFor(method, url, url).access, `${method} ${url}`).toBe('admin');
    }
    expect(ruleFor('GET', undefined, '/api/v1/nope').access).toBe('admin');
  });

  it('lists exactly what members may do, and what is public', () => {
    const byAccess = (access: string) => Object.entries(routeRules).filter(([, r]) => r.access === access).map(([k]) => k).sort();
    expect(byAccess('public')).toEqual(['DELETE /api/v1/session', 'GET /api/openapi.json', 'GET /api/v1/health', 'GET /api/v1/session', 'GET /api/v1/session/okta', 'GET /api/v1/session/okta/callback', 'POST /api/v1/session', 'POST /api/v1/webhooks/:id']);
    expect(byAccess('member')).toEqual([
      'GET /api/v1/access/catalog',
      'GET /api/v1/access/mine',
      'GET /api/v1/access/requests',
      'GET /api/v1/access/requests/:id',
      'GET /api/v1/access/reviews/:id/items',
      'GET /api/v1/approvals',
      'GET /api/v1/workflows',
      'POST /api/v1/access/requests',
      'POST /api/v1/access/requests/:id/approve',
      'POST /api/v1/access/requests/:id/cancel',
      'POST /api/v1/access/requests/:id/deny',
      'POST /api/v1/access/requests/:id/extend',
      'POST /api/v1/access/requests/:id/revoke',
      'POST /api/v1/access/requests/:id/shorten',
      'POST /api/v1/access/reviews/:id/decisions',
      'POST /api/v1/access/reviews/:id/items/:itemId/decision',
      'POST /api/v1/approvals/:id/decision',
      'POST /api/v1/chat',
      'POST /api/v1/workflows/:id/runs',
    ]);
    expect(ruleFor('HEAD', '/api/v1/workflows', '/api/v1/workflows').access).toBe('member');
    expect(ruleFor('POST', undefined, '/api/v1/slack/events').access).toBe('public');
  });
});
