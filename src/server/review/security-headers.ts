/**
 * Headers on every answer under /review: a Content-Security-Policy that lets the app load only its
 * own files (no inline script or style, no CDN: the build ships everything), no MIME sniffing, no
 * Referer (a cohort's URL names it), and no caching of API answers, which hold reviewers' findings.
 * A route that sets its own policy (the validation report's sandboxed page) keeps it.
 */
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from './api.js';

export const REVIEW_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', REVIEW_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (request.url === API_PREFIX || request.url.startsWith(`${API_PREFIX}/`))
      reply.header('cache-control', 'no-store');
    return payload;
  });
}
