/**
 * What the hub's routes share: the raw body kept for signature checks, the request fields the
 * authentication hooks fill in, and one mapping from the library's errors to HTTP answers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type * as z from 'zod';
import { InputError } from '../../core/errors.js';
import { MessageRejectedError, StaleTimestampError } from '../../federation/wire/errors.js';
import { HubStateError, type HubStateProblem } from '../store/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's exact bytes, as signed (a JSON parse and re-serialisation would change them). */
    rawBody?: Buffer;
    /** Set by the node authentication hook once the request's signature verified. */
    signer?: { nodeName: string; keyId: string };
    /** Set by the coordinator hook: the label of the coordinator token presented. */
    coordinator?: string;
  }
}

/** A request refused before it reached its route; the status says which way. */
export class RefusedError extends Error {
  constructor(
    readonly statusCode: 401 | 403,
    readonly publicMessage: string,
  ) {
    super(publicMessage);
  }
}

/** Every JSON body is kept as bytes; routes parse it with their schema (`bodyOf`). */
export function keepRawBodies(app: FastifyInstance): void {
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    request.rawBody = body as Buffer;
    done(null, undefined);
  });
}

export function bodyOf<S extends z.ZodType>(request: FastifyRequest, schema: S): z.output<S> {
  const text = (request.rawBody ?? Buffer.alloc(0)).toString('utf8');
  let json: unknown;
  try {
    json = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new HubStateError('invalid', 'the request body is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new HubStateError(
      'invalid',
      `request body refused: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/** A positive integer route parameter, or a 400 naming it. */
export function idParam(request: FastifyRequest, name: string): number {
  const text = (request.params as Record<string, string>)[name];
  const n = Number(text);
  if (!/^[0-9]{1,15}$/.test(text ?? '') || !Number.isSafeInteger(n))
    throw new HubStateError('invalid', `${name} must be a whole number, got '${text}'`);
  return n;
}

/** The HTTP status of each hub state problem (the review app answers with the same). */
export const STATUS: Record<HubStateProblem, number> = {
  'not-found': 404,
  conflict: 409,
  invalid: 400,
  unavailable: 503,
  schema: 500,
};

/**
 * One answer per error class. A refused signature gets a generic answer (the reason is in the audit
 * log), except a stale timestamp, which the sender can fix by correcting its clock. Unexpected
 * errors answer 500 without their message, which might hold internals.
 */
export function answerErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, _request: FastifyRequest, reply: FastifyReply) => {
    const send = (status: number, code: string, message: string) =>
      reply
        .code(status)
        .type('application/json')
        .send(JSON.stringify({ error: code, message }));
    if (error instanceof RefusedError)
      return send(
        error.statusCode,
        error.statusCode === 401 ? 'unauthorised' : 'forbidden',
        error.publicMessage,
      );
    if (error instanceof StaleTimestampError) return send(401, 'unauthorised', error.message);
    if (error instanceof MessageRejectedError) return send(401, 'unauthorised', 'signed message refused');
    if (error instanceof HubStateError) return send(STATUS[error.problem], error.problem, error.message);
    if (error instanceof InputError) return send(400, 'invalid', error.message);
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return send(status, 'invalid', (error as Error).message);
    return send(500, 'internal', 'the hub failed to handle this request; see its log');
  });
}

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type('application/json').send(JSON.stringify(body));
}
