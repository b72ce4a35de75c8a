// Serves the no-build script-tag example and the CDN build from a Vite dev server (used by
// `pnpm start`). Files go out as they are, untouched by Vite, under a strict CSP header.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const pagesDir = dirname(fileURLToPath(import.meta.url));

/** The policy the example pages also declare in a meta tag: nothing inline, nothing evaluated. */
export const STRICT_CSP =
  "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A file under `baseDir` for a URL path, or null when it would escape it or does not exist. */
function fileFor(baseDir, urlPath) {
  let relative;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  const file = normalize(join(baseDir, relative));
  if (!file.startsWith(baseDir + sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

function send(response, file) {
  response.statusCode = 200;
  response.setHeader('Content-Type', MIME_TYPES[extname(file)] ?? 'application/octet-stream');
  response.setHeader('Content-Security-Policy', STRICT_CSP);
  response.setHeader('Cache-Control', 'no-cache');
  createReadStream(file).pipe(response);
}

/**
 * A Vite plugin: `/script-tag/*` → the example pages, `/cdn/*` → the elements' CDN build.
 * @param {{ cdnDir: string }} options
 */
export function scriptTagExample({ cdnDir }) {
  return {
    name: 'contacts-manager-script-tag-example',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = new URL(request.url ?? '/', 'http://localhost').pathname;
        if (path === '/script-tag') {
          response.statusCode = 301;
          response.setHeader('Location', '/script-tag/');
          response.end();
          return;
        }
        const mount = path.startsWith('/script-tag/')
          ? ['/script-tag/', pagesDir]
          : path.startsWith('/cdn/')
            ? ['/cdn/', cdnDir]
            : null;
        if (!mount) return next();
        const file = fileFor(mount[1], path.slice(mount[0].length));
        if (!file || file.endsWith('.mjs')) {
          response.statusCode = 404;
          response.setHeader('Content-Type', 'text/plain; charset=utf-8');
          response.end(
            mount[0] === '/cdn/'
              ? 'Not found. The CDN build is made by `pnpm build`.'
              : 'Not found.',
          );
          return;
        }
        send(response, file);
      });
    },
  };
}
