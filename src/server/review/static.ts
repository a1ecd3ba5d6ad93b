/**
 * The built browser app (`dist/review-ui`, made by `npm run build` and shipped in the npm package:
 * nothing is built at install time, nothing comes from a CDN) served at /review/. Paths the files
 * do not cover answer index.html, so the app's own routes (/review/cohorts/3/records) survive a
 * reload; unknown API paths stay JSON 404s.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendJson } from '../hub/http.js';
import { API_PREFIX } from './api.js';

export const UI_PATH = '/review/';

/**
 * `dist/review-ui` of the package this file belongs to: found by walking up to the folder holding
 * package.json, so it is the same folder from src/ (tests) and from dist/ (installed).
 */
export function findUiFolder(from: string = import.meta.url): string | undefined {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'review-ui');
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** GET / and /review redirect to /review/; the UI's files; index.html for the app's own paths. */
export function staticUi(folder: string | undefined): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    app.get('/', (_request, reply) => reply.redirect(UI_PATH, 302));
    app.get('/review', (_request, reply) => reply.redirect(UI_PATH, 302));
    const built = folder !== undefined && existsSync(join(folder, 'index.html'));
    const missing = (reply: FastifyReply) =>
      sendJson(reply, 500, {
        error: `the review app's browser files are missing (${folder ?? 'no package folder found'}/index.html): run \`npm run build\``,
      });
    const notApi = (url: string) => !url.startsWith(`${API_PREFIX}/`) && url !== API_PREFIX;
    if (!built || folder === undefined) {
      app.get(UI_PATH, (_request, reply) => missing(reply));
      app.get(`${UI_PATH}*`, (request, reply) =>
        notApi(request.url) ? missing(reply) : sendJson(reply, 404, { error: 'no such API route' }),
      );
      return;
    }
    // The files are listed once at start (wildcard: false), so a path outside them never reaches
    // the disk, and the catch-all below can answer index.html for the app's own paths.
    await app.register(fastifyStatic, { root: folder, prefix: UI_PATH, wildcard: false, index: false });
    const index = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html');
    app.get(UI_PATH, (_request, reply) => index(reply));
    app.get(`${UI_PATH}*`, (request, reply) => {
      if (!notApi(request.url)) return sendJson(reply, 404, { error: 'no such API route' });
      // A missing script or style must not come back as HTML (the browser would report a MIME error).
      if (request.url.startsWith(`${UI_PATH}assets/`)) return sendJson(reply, 404, { error: 'no such file' });
      return index(reply);
    });
  };
}
