import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { AppError } from '../../http/errors.js';
import { exportRows } from './exports.service.js';
import { getImport, getImportErrorReport, listImports, previewImport, startImport } from './imports.service.js';
import type { ImportEntity } from './imports.fields.js';
import type { ParseOptions } from './imports.parse.js';

const tags = ['imports'];
const ENTITIES: Record<string, ImportEntity> = {
  account: 'account', accounts: 'account', contact: 'contact', contacts: 'contact', lead: 'lead', leads: 'lead',
};
const uploadDoc = {
  tags,
  consumes: ['multipart/form-data'],
  description: 'multipart/form-data: `entity` (account | contact | lead), optional `mapping` (JSON object header → field key), optional `sheet` (XLSX: the worksheet to read, by name; else the first visible sheet with a table), optional `headerRow` (the header\'s row number, from 1; else the first row of the table, title lines passed over) and `file` (CSV in UTF-8 or GBK, or XLSX; ≤ 50 MB), in any order.',
};

interface Upload { fields: Record<string, string>; file?: { name: string; buffer: Buffer } }

/** Reads a multipart form whatever the order of its parts; multipart bodies cannot go through zod. */
async function readUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError('VALIDATION_FAILED', [{ path: 'file', message: '请以 multipart/form-data 上传文件 / upload the file as multipart/form-data' }]);
  const upload: Upload = { fields: {} };
  for await (const part of req.parts()) {
    if (part.type === 'file') upload.file = { name: part.filename || 'import', buffer: await part.toBuffer() };
    else upload.fields[part.fieldname] = String(part.value ?? '');
  }
  return upload;
}

function entityOf(upload: Upload): ImportEntity {
  const entity = ENTITIES[(upload.fields.entity ?? '').trim()];
  if (!entity) throw new AppError('VALIDATION_FAILED', [{ path: 'entity', message: 'entity 应为 account、contact 或 lead / entity must be account, contact or lead' }]);
  return entity;
}

function fileOf(upload: Upload) {
  if (!upload.file?.buffer.length) throw new AppError('VALIDATION_FAILED', [{ path: 'file', message: '请选择要导入的文件 / choose a file to import' }]);
  return upload.file;
}

const MappingField = z.record(z.string().max(200), z.string().max(80));

function mappingOf(upload: Upload) {
  if (!upload.fields.mapping) return undefined;
  let json: unknown;
  try { json = JSON.parse(upload.fields.mapping); } catch { json = undefined; }
  const parsed = MappingField.safeParse(json);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', [{ path: 'mapping', message: 'mapping 应为 JSON 对象：表头 → 字段 / mapping must be a JSON object of header → field' }]);
  return parsed.data;
}

/** The sheet and header row the user chose; empty fields mean "choose for me". */
function parseOptionsOf(upload: Upload): ParseOptions {
  const sheet = (upload.fields.sheet ?? '').trim();
  const row = (upload.fields.headerRow ?? '').trim();
  if (row && !/^[1-9]\d{0,6}$/.test(row)) {
    throw new AppError('VALIDATION_FAILED', [{ path: 'headerRow', message: 'headerRow 应为从 1 开始的行号 / headerRow must be a row number, counted from 1' }]);
  }
  return { ...(sheet ? { sheet: sheet.slice(0, 200) } : {}), ...(row ? { headerRow: Number(row) } : {}) };
}

export function registerImportRoutes(app: ApiApp, deps: AppDeps) {
  app.post('/imports/preview', { schema: { ...uploadDoc, summary: 'Read a file and suggest a column mapping' } }, async (req) => {
    const actor = actorOf(req);
    const upload = await readUpload(req);
    return previewImport(deps, actor, entityOf(upload), fileOf(upload).buffer, parseOptionsOf(upload));
  });

  app.post('/imports', { schema: { ...uploadDoc, summary: 'Start an import; poll GET /imports/{id} for progress' } }, async (req, reply) => {
    const actor = actorOf(req);
    const upload = await readUpload(req);
    const file = fileOf(upload);
    const run = await startImport(deps, actor, {
      entity: entityOf(upload), fileName: file.name, buffer: file.buffer, mapping: mappingOf(upload), ...parseOptionsOf(upload),
    });
    return reply.status(202).send(run);
  });

  app.get('/imports', {
    schema: { tags, querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }) },
  }, async (req) => ({ items: await listImports(deps, actorOf(req), req.query.limit) }));

  app.get('/imports/:id', { schema: { tags, params: z.object({ id: z.uuid() }) } }, async (req) =>
    getImport(deps, actorOf(req), req.params.id));

  app.get('/imports/:id/errors.csv', {
    schema: { tags, params: z.object({ id: z.uuid() }), summary: 'The refused rows as the file had them, with why: fix them in this CSV and import it again' },
  }, async (req, reply) => {
    const { run, columns, rows } = await getImportErrorReport(deps, actorOf(req), req.params.id);
    const file = exportRows('csv', columns, rows);
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="import-${run.id}-errors.csv"`)
      .send(file.body);
  });
}
