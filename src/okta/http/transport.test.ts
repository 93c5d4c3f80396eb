// The Okta transport against a real HTTP server on 127.0.0.1: what it sends, what it answers, and how
// it fails — in the shapes `fetch` has, since oauth4webapi and the requester read them.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OktaNetworkError } from '../errors.ts';
import { translateFetchFailure } from './network-error.ts';
import { createOktaTransport } from './transport.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
const transport = createOktaTransport();

function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
  const path = req.url ?? '/';
  if (path.startsWith('/page')) {
    res.setHeader('link', ['<http://x/page>; rel="self"', '<http://x/page?after=2>; rel="next"']);
    res.setHeader('x-rate-limit-remaining', '41');
    res.setHeader('content-type', 'application/json');
    res.end('[{"id":"00u1"}]');
  } else if (path === '/empty') {
    res.statusCode = 204;
    res.end();
  } else if (path === '/missing') {
    res.statusCode = 404;
    res.setHeader('content-type', 'application/json');
    res.end('{"errorCode":"E0000007"}');
  } else if (path === '/moved') {
    res.statusCode = 302;
    res.setHeader('location', '/page');
    res.end();
  } else if (path === '/slow') {
    setTimeout(() => res.end('late'), 5_000).unref();
  } else if (path === '/drop') {
    // Promise a body, send half, then drop the connection.
    res.setHeader('content-length', '100');
    res.write('{"half":');
    setImmediate(() => req.socket.destroy());
  } else {
    res.end(body);
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const last = (): Seen => seen[seen.length - 1] as Seen;

describe('the Okta transport', () => {
  it('answers like fetch: status, every header (repeated Link headers joined), the body and the URL', async () => {
    const res = await transport(`${base}/page?limit=2`, { headers: { Accept: 'application/json', Authorization: 'Bearer t' } });
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.url).toBe(`${base}/page?limit=2`);
    expect(res.headers.get('link')).toBe('<http://x/page>; rel="self", <http://x/page?after=2>; rel="next"');
    expect(res.headers.get('x-rate-limit-remaining')).toBe('41');
    expect(await res.json()).toEqual([{ id: '00u1' }]);
    expect(last()).toMatchObject({ method: 'GET', url: '/page?limit=2', headers: { accept: 'application/json', authorization: 'Bearer t' } });
  });

  it('sends a form body with its content type, a JSON string as given, and bytes', async () => {
    await transport(`${base}/echo`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'okta.users.read' }) });
    expect(last().body).toBe('grant_type=client_credentials&scope=okta.users.read');
    expect(last().headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');

    await transport(new URL(`${base}/echo`), { method: 'PUT', headers: new Headers({ 'content-type': 'application/json' }), body: '{"a":1}' });
    expect(last()).toMatchObject({ method: 'PUT', body: '{"a":1}', headers: { 'content-type': 'application/json' } });

    await transport(`${base}/echo`, { method: 'POST', headers: [['x-a', '1'], ['x-a', '2']], body: new TextEncoder().encode('bytes') });
    expect(last()).toMatchObject({ body: 'bytes', headers: { 'x-a': '1, 2' } });
  });

  it('returns 204 with no body, and errors and redirects as answers (not followed, not thrown)', async () => {
    const empty = await transport(`${base}/empty`, { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    expect(await empty.text()).toBe('');

    const missing = await transport(`${base}/missing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ errorCode: 'E0000007' });

    const moved = await transport(`${base}/moved`, { redirect: 'manual' });
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe('/page');
  });

  it('rejects with the signal’s reason when aborted, before or during the call', async () => {
    const timeout = AbortSignal.timeout(50);
    await expect(transport(`${base}/slow`, { signal: timeout })).rejects.toMatchObject({ name: 'TimeoutError' });

    const controller = new AbortController();
    controller.abort(new Error('stopped by the caller'));
    await expect(transport(`${base}/echo`, { signal: controller.signal })).rejects.toThrow('stopped by the caller');
  });

  it('fails like fetch ("fetch failed", the cause kept) so the host is named: refused, dropped mid-body', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));

    const refusedUrl = new URL(`http://127.0.0.1:${closedPort}/api/v1/users`);
    const refused = await transport(refusedUrl.href).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as TypeError).message).toBe('fetch failed');
    const translated = translateFetchFailure(refused, refusedUrl, false);
    expect(translated).toBeInstanceOf(OktaNetworkError);
    expect(translated.message).toBe(`127.0.0.1:${closedPort} refused the connection: is the address right and the service up?`);

    const dropped = await transport(`${base}/drop`).catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(TypeError);
    expect((dropped as TypeError).message).toBe('fetch failed');
    expect((dropped as TypeError).cause).toBeInstanceOf(Error);
  });

  it('hands what it does not support (a Request object, a stream body) to the global fetch', async () => {
    const res = await transport(new Request(`${base}/echo`, { method: 'POST', body: 'via a Request' }));
    expect(await res.text()).toBe('via a Request');
    const stream = new Blob(['a blob']);
    await transport(`${base}/echo`, { method: 'POST', body: stream });
    expect(last().body).toBe('a blob');
  });
});
