/** The console route: the built files with their types and cache headers, the client-routing fallback, /api left alone. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRoutes } from './console.ts';

const INDEX = '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script></body></html>';

async function appFor(dir: string): Promise<FastifyInstance> {
  const app = Fastify();
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: 'NOT_FOUND', message: `There is no route ${request.method} ${request.url}` } });
  });
  app.get('/api/v1/health', async () => ({ ok: true }));
  await app.register(consoleRoutes, { dir });
  await app.ready();
  return app;
}

describe('console routes', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-console-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'assets', 'index-abc123.js'), 'console.log("gatehouse")');
    await writeFile(join(dir, 'assets', 'index-abc123.css'), 'body{margin:0}');
    await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(tmpdir(), 'gatehouse-console-secret.txt'), 'outside');
    app = await appFor(dir);
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
    await rm(join(tmpdir(), 'gatehouse-console-secret.txt'), { force: true });
  });

  it('serves index.html at / without long caching', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe(INDEX);
  });

  it('serves fingerprinted assets with their content type, cached for a year', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body).toBe('console.log("gatehouse")');
    const css = await app.inject({ method: 'GET', url: '/assets/index-abc123.css?v=1' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const svg = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers index.html for client-side routes, deep ones and with a query', async () => {
    for (const url of ['/applications', '/directory/users/00u123', '/access/mine?x=1', '/runs/ad1d28a7-5e24-4971-a171-f44da0fc2395']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toBe(INDEX);
    }
  });

  it('is a 404 for a missing asset, and never serves files outside its folder', async () => {
    expect((await app.inject({ method: 'GET', url: '/assets/index-old.js' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/robots.txt' })).statusCode).toBe(404);
    for (const url of ['/../gatehouse-console-secret.txt', '/%2e%2e/gatehouse-console-secret.txt', '/assets/..%2f..%2fgatehouse-console-secret.txt']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.body, url).not.toContain('outside');
    }
  });

  it('leaves /api alone: its routes answer, an unknown one is the API 404', async () => {
    const health = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.json()).toEqual({ ok: true });
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
    const post = await app.inject({ method: 'POST', url: '/applications' });
    expect(post.statusCode).toBe(404);
  });

  it('says how to build the console when web/dist is missing', async () => {
    const missing = await appFor(join(dir, 'does-not-exist'));
    const res = await missing.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('npm run build:web');
    expect((await missing.inject({ method: 'GET', url: '/directory' })).body).toContain('npm run build:web');
    await missing.close();
  });
});
