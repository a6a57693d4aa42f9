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

/** One field's problem; `option` numbers the accepted shape it belongs to when the input may take several (a union). */
interface FieldIssue { path: string; message: string; option?: number }
interface IssueLike { path: readonly PropertyKey[]; message: string; code?: string; errors?: unknown }

/**
 * Zod issues as field issues. A value that fits none of a union's shapes would read only "Invalid input"; it is
 * spelled out as each shape's own issues, numbered, so the caller sees what either shape lacks.
 */
function fieldIssues(issues: readonly IssueLike[], prefix: readonly PropertyKey[] = [], option?: number): FieldIssue[] {
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path];
    if (i.code === 'invalid_union' && Array.isArray(i.errors) && i.errors.length) {
      return (i.errors as IssueLike[][]).flatMap((shape, k) => fieldIssues(shape, path, k + 1));
    }
    return [{ path: path.map(String).join('.'), message: i.message, ...(option ? { option } : {}) }];
  });
}

interface ValidationEntry { instancePath?: string; keyword?: string; message?: string; params?: { errors?: unknown } }

/** Fastify's validation entries (fastify-type-provider-zod keeps each zod issue's code and extra fields in them). */
function validationIssues(entries: ValidationEntry[]): FieldIssue[] {
  return fieldIssues(entries.map((v) => ({
    path: (v.instancePath ?? '').split('/').filter(Boolean), message: v.message ?? 'invalid', code: v.keyword, errors: v.params?.errors,
  })));
}

export function installErrorHandler(app: FastifyInstance, serveWebShell = false) {
  app.setErrorHandler((err: FastifyError | AppError | ZodError, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(errorBody(req, err.code, err.details));
    }
    if (err instanceof ZodError) {
      return reply.status(400).send(errorBody(req, 'VALIDATION_FAILED', fieldIssues(err.issues)));
    }
    const fe = err as FastifyError & { validation?: ValidationEntry[] };
    if (fe.validation) return reply.status(400).send(errorBody(req, 'VALIDATION_FAILED', validationIssues(fe.validation)));
    if (fe.statusCode === 429) return reply.status(429).send(errorBody(req, 'RATE_LIMITED'));
    // A form with a second file or too many fields is not too large: it is the wrong shape, and says which.
    if (fe.code === 'FST_FILES_LIMIT') return reply.status(400).send(errorBody(req, 'VALIDATION_FAILED', [{ path: 'file', message: '一次只能上传一个文件 / upload one file at a time' }]));
    if (fe.code === 'FST_FIELDS_LIMIT' || fe.code === 'FST_PARTS_LIMIT') return reply.status(400).send(errorBody(req, 'VALIDATION_FAILED', [{ path: 'form', message: '表单字段过多 / too many form fields' }]));
    if (fe.statusCode === 413 || fe.code === 'FST_REQ_FILE_TOO_LARGE') return reply.status(413).send(errorBody(req, 'PAYLOAD_TOO_LARGE'));
    if (fe.statusCode === 415) return reply.status(415).send(errorBody(req, 'UNSUPPORTED_MEDIA_TYPE'));
    if (fe.statusCode === 400 && fe.code?.startsWith('FST_ERR_CTP_')) return reply.status(400).send(errorBody(req, 'MALFORMED_BODY'));
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
