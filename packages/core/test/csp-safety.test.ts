// The client outside Node (a browser page or worker under a strict CSP): bundled for the
// browser and run in a VM context where code generation from strings is forbidden, as
// `script-src` without 'unsafe-eval' forbids it. zod must be switched to jitless there
// (a browser reports even a caught `new Function` as a CSP violation), and nothing may
// need eval.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ME } from './fixtures.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

async function browserBundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `
        import * as z from 'zod';
        import { createContactsClient } from './src/index.ts';
        export const jitlessBefore = Boolean(z.config().jitless);
        export async function run(fetch) {
          const client = createContactsClient({ baseUrl: 'http://api.test', token: 't', fetch, maxRetries: 0 });
          return { jitless: Boolean(z.config().jitless), me: await client.me() };
        }`,
      resolveDir: packageRoot,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'sdk',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('in a browser-like runtime under a strict CSP', () => {
  // A fresh runtime loading the whole bundle: seconds on a loaded shared machine, past the default 5 s.
  it('runs zod jitless, needs no eval, and still validates answers', async () => {
    const code = await browserBundle();
    const context = createContext(
      {
        URL, URLSearchParams, Headers, Request, Response, AbortController, AbortSignal, ReadableStream,
        TextEncoder, TextDecoder, crypto: globalThis.crypto, setTimeout, clearTimeout, console, DOMException,
      },
      { codeGeneration: { strings: false, wasm: false } },
    );
    runInContext(code, context);
    const sdk = (context as { sdk: { jitlessBefore: boolean; run(fetch: typeof globalThis.fetch): Promise<{ jitless: boolean; me: unknown }> } }).sdk;
    // Importing changed nothing; creating the first client did.
    expect(sdk.jitlessBefore).toBe(false);
    const fakeFetch: typeof globalThis.fetch = async () =>
      new Response(JSON.stringify(ME), { headers: { 'Content-Type': 'application/json' } });
    const result = await sdk.run(fakeFetch);
    expect(result.jitless).toBe(true);
    expect(result.me).toEqual(ME);
    expect(() => runInContext('new Function("return 1")', context)).toThrow();
  }, 120_000);
});
