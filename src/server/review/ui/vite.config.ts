/**
 * The review app's browser bundle: built once by `npm run build` into `dist/review-ui/` and shipped
 * in the npm package, so nothing is built at install time and nothing is fetched from a CDN.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  // Served by the hub and the standalone app under /review/.
  base: '/review/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../../../dist/review-ui', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // One small bundle; no preload polyfill that would inline a script (the app's CSP forbids inline scripts).
    modulePreload: { polyfill: false },
  },
});
