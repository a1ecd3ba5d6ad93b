import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { addSecurityHeaders, REVIEW_CSP } from './security-headers.js';

describe('review security headers', () => {
  it('sets the app policy, no-store on the API only, and lets a route keep its own policy', async () => {
    const app = Fastify({ logger: false });
    addSecurityHeaders(app);
    const sandbox = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
    app.get('/review/api/cohorts/1/report.html', (_request, reply) =>
      reply.header('content-security-policy', sandbox).type('text/html').send('<p>report</p>'),
    );
    app.get('/review/api/session', (_request, reply) => reply.send({ ok: true }));
    app.get('/review/', (_request, reply) => reply.type('text/html').send('<div id="app"></div>'));
    const report = await app.inject({ method: 'GET', url: '/review/api/cohorts/1/report.html' });
    expect(report.headers['content-security-policy']).toBe(sandbox);
    expect(report.headers['cache-control']).toBe('no-store');
    const api = await app.inject({ method: 'GET', url: '/review/api/session' });
    expect(api.headers).toMatchObject({
      'content-security-policy': REVIEW_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    const page = await app.inject({ method: 'GET', url: '/review/' });
    expect(page.headers['content-security-policy']).toBe(REVIEW_CSP);
    expect(page.headers['cache-control']).toBeUndefined();
    expect(REVIEW_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    await app.close();
  });
});
