import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { ERRORS, type ErrorCode, type ErrorBody } from '../../shared/errors.js';

/** The one error type services throw; the code decides the HTTP status (shared/errors.ts). */
export class AppError extends Error {
  constructor(readonly code: ErrorCode, readonly details?: unknown, message?: string) {
    super(message ?? ERRORS[code][2]);
  }
  get status(): number {
    return ERRORS[this.code][0];
  }
}

export const isZh = (req: FastifyRequest) => !/^en\b/i.test(String(req.headers['accept-language'] ?? ''));

export function errorBody(req: FastifyRequest, code: ErrorCode, details?: unknown, message?: string): ErrorBody {
  const [, zh, en] = ERRORS[code];
  return { code, message: message ?? (isZh(req) ? zh : en), ...(details === undefined ? {} : { details }) };
}

interface FieldIssue { path: string; message: string }

function zodIssues(err: ZodError): FieldIssue[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function installErrorHandler(app: FastifyInstance, serveWebShell = false) {
  app.setErrorHandler((err: FastifyError | AppError | ZodError, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(errorBody(req, err.code, err.details));
    }
    if (err instanceof ZodError) {
      return reply.status(400).send(errorBody(req, 'VALIDATION_FAILED', zodIssues(err)));
    }
    const fe = err as FastifyError & { validation?: { instancePath?: string; message?: string; params?: { issue?: unknown } }[] };
    if (fe.validation) {
      const details = fe.validation.map((v) => ({ path: (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.'), message: v.message ?? 'invalid' }));
      return reply.status(400).send(errorBody(req, 'VALIDATION_FAILED', details));
    }
    if (fe.statusCode === 429) return reply.status(429).send(errorBody(req, 'RATE_LIMITED'));
    if (fe.statusCode === 413 || fe.code === 'FST_REQ_FILE_TOO_LARGE') return reply.status(413).send(errorBody(req, 'PAYLOAD_TOO_LARGE'));
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Fastify's own client errors (malformed JSON, wrong content type, …) keep their status with our shape.
      const code: ErrorCode = fe.statusCode === 404 ? 'NOT_FOUND' : fe.statusCode === 401 ? 'UNAUTHENTICATED' : 'VALIDATION_FAILED';
      return reply.status(fe.statusCode).send(errorBody(req, code, undefined, fe.message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody(req, 'INTERNAL'));
  });
  app.setNotFoundHandler((req, reply) => {
    // Client-side routes (/accounts/…) get the web app's shell; API paths keep their JSON 404.
    if (serveWebShell && req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/docs')) return reply.sendFile('index.html');
    return reply.status(404).send(errorBody(req, 'NOT_FOUND'));
  });
}
