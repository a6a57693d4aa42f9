import { z } from 'zod';
import { recordVersion, text } from '../../../shared/schema-parts.js';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { HandOverInput, RejectLeadInput } from '../../../shared/lead-contracts.js';
import { ConvertLeadInput, convertLead } from '../../workflows/convert-lead.js';
import { acceptLead, handOverLead, rejectLead } from './qualify.service.js';
import { createSqlStandard, listSqlStandards, signSqlStandard, withdrawSqlStandard } from './sql-standards.service.js';

const tags = ['leads: qualification'];
const idParams = z.object({ id: z.uuid() });

const SqlStandardBody = z.object({
  name: text(100).min(2),
  items: z.array(z.object({
    key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '标识只能用小写字母、数字和下划线 / lowercase letters, digits and _ only'),
    label: text(200).min(2),
    labelEn: text(200).min(2),
    hint: text(500).optional(),
    required: z.boolean(),
  })).min(1).max(20),
  minChecked: z.number().int().min(0).max(20),
});

export function registerQualifyRoutes(app: ApiApp, deps: AppDeps) {
  app.get('/sql-standards', { schema: { tags } }, async (req) => listSqlStandards(deps, actorOf(req)));
  app.post('/sql-standards', { schema: { tags, body: SqlStandardBody } }, async (req, reply) => {
    reply.status(201);
    return createSqlStandard(deps, actorOf(req), req.body);
  });
  app.post('/sql-standards/:id/sign', { schema: { tags, params: idParams, body: z.object({ side: z.enum(['marketing', 'sales']) }) } }, async (req) =>
    signSqlStandard(deps, actorOf(req), req.params.id, req.body.side));
  app.post('/sql-standards/:id/withdraw', { schema: { tags, params: idParams } }, async (req) => withdrawSqlStandard(deps, actorOf(req), req.params.id));

  app.post('/leads/:id/hand-over', { schema: { tags, params: idParams, body: HandOverInput } }, async (req) =>
    handOverLead(deps, actorOf(req), req.params.id, req.body));
  app.post('/leads/:id/accept', { schema: { tags, params: idParams, body: z.object({ version: recordVersion() }) } }, async (req) =>
    acceptLead(deps, actorOf(req), req.params.id, req.body));
  app.post('/leads/:id/reject', { schema: { tags, params: idParams, body: RejectLeadInput } }, async (req) =>
    rejectLead(deps, actorOf(req), req.params.id, req.body));
  app.post('/leads/:id/convert', { schema: { tags, params: idParams, body: ConvertLeadInput } }, async (req) =>
    convertLead(deps, actorOf(req), req.params.id, req.body));
}
