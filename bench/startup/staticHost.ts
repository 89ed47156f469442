import { createServer, type Server } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.h5ad': 'application/octet-stream',
  '.gz': 'application/gzip',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.wasm', '.svg', '.json', '.webmanifest']);

/**
 * A static host as a CDN or a well-set-up server behaves: text and WebAssembly gzipped once
 * (-9, ahead of time), data files sent as they are, hashed assets cached for a year, everything
 * else revalidated by ETag. (Vite's preview server gzips every response again on every request,
 * which makes a first visit look slower than any real host would serve it.)
 */
export function staticHost(dir: string, port: number): Promise<Server> {
  const cache = new Map<string, { body: Buffer; gz: Buffer | null; etag: string }>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
    if (path.endsWith('/')) path += 'index.html';
    const file = join(dir, path);
    let entry = cache.get(file);
    if (!entry) {
      try {
        if (!statSync(file).isFile()) throw new Error('not a file');
      } catch {
        res.writeHead(404).end();
        return;
      }
      const body = readFileSync(file);
      entry = {
        body,
        gz: COMPRESSIBLE.has(extname(file)) ? gzipSync(body, { level: 9 }) : null,
        etag: `"${body.length}-${statSync(file).mtimeMs}"`,
      };
      cache.set(file, entry);
    }
    const headers: Record<string, string> = {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      ETag: entry.etag,
      Vary: 'Accept-Encoding',
    };
    if (req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const gzip = entry.gz && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip) headers['Content-Encoding'] = 'gzip';
    const body = gzip ? entry.gz! : entry.body;
    headers['Content-Length'] = String(body.length);
    res.writeHead(200, headers).end(body);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
