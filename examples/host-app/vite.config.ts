import type { IncomingMessage, ServerResponse } from 'node:http';
import compression from 'compression';
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';
import { contactsSessionRoute } from './server/contacts-session-route.js';

const productionConditions = defaultClientConditions.map((condition) =>
  condition === 'development|production' ? 'production' : condition,
);

/**
 * Every answer of the dev server compressed (gzip): the pages, the widget's modules, the
 * script-tag example and the proxied API. Registered first, so it wraps what the other
 * middlewares send.
 */
// compression's types speak Express; the middleware itself takes Node's request and response.
const gzip = compression() as unknown as (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;
const compressResponses: Plugin = {
  name: 'compress-responses',
  configureServer: (server) => void server.middlewares.use(gzip),
  configurePreviewServer: (server) => void server.middlewares.use(gzip),
};

// `pnpm start` sets these; run standalone with e.g.
//   CONTACTS_API_URL=http://127.0.0.1:8787 CONTACTS_SECRET_KEY=sk_… pnpm dev
const apiUrl = process.env.CONTACTS_API_URL ?? 'http://127.0.0.1:8787';
const secretKey = process.env.CONTACTS_SECRET_KEY ?? '';

export default defineConfig({
  // Inside this workspace, read the packages' TypeScript source (no rebuild on edit).
  // An app installing the packages from npm needs none of this.
  // Lit's production build even on the dev server (`pnpm start` is what people try first):
  // no 'development' condition, so no dev-mode warnings or checks.
  resolve: { conditions: ['@contacts-manager/source', ...productionConditions] },
  server: {
    host: '127.0.0.1',
    // No cross-origin reads of anything this server answers (the session token above all).
    cors: false,
    // The page talks to the API on its own origin; a strict CSP then needs no exception.
    proxy: { '/v1': { target: apiUrl, changeOrigin: true } },
  },
  preview: {
    host: '127.0.0.1',
    cors: false,
    proxy: { '/v1': { target: apiUrl, changeOrigin: true } },
  },
  plugins: [compressResponses, contactsSessionRoute({ apiUrl, secretKey })],
  build: { target: 'es2022' },
});
