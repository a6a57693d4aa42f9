// Text PostgreSQL cannot store: NUL (refused in text and jsonb) and UTF-16 surrogates without their pair (refused as
// \u escapes in jsonb). Either would fail deep in a statement as a 500; the request is refused up front instead, naming
// the field, for every route (bodies, query strings, path parameters; the public form too).
import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MESSAGE = '含有无法保存的字符（NUL 或不成对的代理字符），请删除后重试 / contains a character that cannot be stored (NUL or an unpaired surrogate); remove it and try again';

/**
 * The path of the first string (or object key) in `value` that cannot be stored, or null when all can. The path is
 * built only on the way back from a hit: a 500-lead batch walks some 15,000 values per request.
 */
export function findUnstorableText(value: unknown): string[] | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? [] : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findUnstorableText(value[i]);
      if (hit) return [String(i), ...hit];
    }
    return null;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const key in value) {
      if (UNSTORABLE.test(key)) return [key];
      const hit = findUnstorableText((value as Record<string, unknown>)[key]);
      if (hit) return [key, ...hit];
    }
  }
  return null;
}

export function installTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const part of [req.params, req.query, req.body]) {
      const path = findUnstorableText(part);
      if (path) throw new AppError('VALIDATION_FAILED', [{ path: path.join('.'), message: MESSAGE }]);
    }
  });
}
