/**
 * Serves the built web console (`web/dist`, made by `npm run build:web`): its files with their content
 * types and cache headers, and index.html for `/` and every other path outside `/api/` (the console
 * routes on the client). Paths under `/api/` are left to the API (an unknown one is the API's 404).
 * When the console is not built, `/` answers a short page saying how to build it.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

/** `web/dist` of this checkout (src/server/routes → ../../../web/dist). */
export const defaultConsoleDir = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gatehouse</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Gatehouse</h1>
<p>The web console is not built. Run <code>npm run build:web</code> (it runs on <code>npm ci</code> too) and reload this page.</p>
<p>The HTTP API is up: see <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body></html>
`;

export interface ConsoleOptions {
  /** The built console; default `web/dist` of this checkout. */
  dir?: string;
}

async function fileIn(dir: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const path = resolve(dir, `.${normalize(`/${decoded}`)}`);
  if (path !== dir && !path.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return null;
  try {
    return (await stat(path)).isFile() ? path : null;
  } catch {
    return null;
  }
}

/** The console's files and the client-side routing fallback. */
export const consoleRoutes: FastifyPluginAsync<ConsoleOptions> = async (app, options) => {
  const dir = resolve(options.dir ?? defaultConsoleDir);
  const indexFile = join(dir, 'index.html');

  const sendIndex = async (reply: FastifyReply) => {
    let html: Buffer;
    try {
      html = await readFile(indexFile);
    } catch {
      return reply.status(200).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(notBuiltPage);
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  };

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path === '/api' || path.startsWith('/api/')) return reply.callNotFound();
    if (path === '/' || path === '/index.html') return sendIndex(reply);
    const file = await fileIn(dir, path);
    if (file) {
      const body = await readFile(file);
      const type = contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
      // Vite fingerprints what it puts in assets/: those never change under the same name.
      const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600';
      return reply.type(type).header('cache-control', type.startsWith('text/html') ? 'no-cache' : cache).header('x-content-type-options', 'nosniff').send(body);
    }
    // A missing file (an old asset, a typo) is a 404; any other path is a page of the console.
    if (path.startsWith('/assets/') || extname(path) !== '') {
      return reply.status(404).type('text/plain; charset=utf-8').send(`Not found: ${path}`);
    }
    return sendIndex(reply);
  };

  app.get('/', handler);
  app.get('/*', handler);
};
