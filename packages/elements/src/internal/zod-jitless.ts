// Strict CSP: zod 4 decides whether it may compile parsers with `new Function` when each object
// schema is built, which happens when the core's schema modules are first evaluated. Even the
// probe is reported as a violation under `script-src` without 'unsafe-eval'. So the widget's
// entry points import this module first, before anything that imports the core.
import * as z from 'zod/mini';

z.config({ jitless: true });
