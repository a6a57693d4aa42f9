import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { FORM_CONTACT_FIELDS, FORM_FIELDS, FORM_LOCALES, PublicFormSubmission, LEAD_SOURCE_KEYS } from '../../../shared/lead-contracts.js';
import { createLeadForm, describePublicForm, listLeadForms, submitPublicForm, updateLeadForm } from './forms.service.js';
import { renderFormPage } from './form-page.js';
import { optionalText, recordVersion } from '../../../shared/schema-parts.js';

const tags = ['lead forms'];
const idParams = z.object({ id: z.uuid() });
const tokenParams = z.object({ token: z.string().max(200) });

const LeadFormBody = z.object({
  name: z.string().trim().min(2).max(100),
  title: optionalText(100),
  source: z.enum(LEAD_SOURCE_KEYS),
  sourceType: z.enum(['active', 'passive']).optional(),
  channel: optionalText(100),
  campaign: optionalText(200),
  productLine: optionalText(50),
  // A form without a contact field could never be submitted: every visitor would be told to give one.
  fields: z.array(z.enum(FORM_FIELDS)).max(FORM_FIELDS.length).refine((f) => f.some((k) => FORM_CONTACT_FIELDS.includes(k)), {
    message: '至少保留手机、邮箱、微信中的一项，否则访客无法提交 / keep mobile, email or WeChat: without one no visitor can submit the form',
  }).refine((f) => new Set(f).size === f.length, { message: '有字段重复列出 / a field is listed twice' }),
  successMessage: optionalText(500),
  /** The language of the page's labels, button and messages. */
  locale: z.enum(FORM_LOCALES).optional(),
  isEnabled: z.boolean().optional(),
});
/** A new form asks for company, mobile and email unless told otherwise. */
const CreateLeadFormBody = LeadFormBody.extend({ fields: LeadFormBody.shape.fields.default(['company', 'mobile', 'email']) });
/** Only what is sent changes: no defaults here (a default would reset the form's fields on every edit that leaves them out). */
const UpdateLeadFormBody = LeadFormBody.partial().extend({ version: recordVersion() });

export function registerLeadFormRoutes(app: ApiApp, deps: AppDeps) {
  app.get('/lead-forms', { schema: { tags } }, async (req) => listLeadForms(deps, actorOf(req)));
  app.post('/lead-forms', { config: { permission: 'admin.lead_rules' }, schema: { tags, body: CreateLeadFormBody } }, async (req, reply) => {
    reply.status(201);
    return createLeadForm(deps, actorOf(req), req.body);
  });
  app.patch('/lead-forms/:id', { config: { permission: 'admin.lead_rules' }, schema: { tags, params: idParams, body: UpdateLeadFormBody } }, async (req) =>
    updateLeadForm(deps, actorOf(req), req.params.id, req.body));

  // Public: no login. Rate-limited per address and form so one visitor cannot flood a campaign with leads.
  app.get('/public/forms/:token', { config: { isPublic: true }, schema: { tags, params: tokenParams } }, async (req) =>
    describePublicForm(deps, req.params.token));
  app.post('/public/forms/:token/submissions', {
    config: { isPublic: true, rateLimit: { max: 5, timeWindow: '1 minute', keyGenerator: (req) => `${req.ip}|${(req.params as { token?: string }).token ?? ''}` } },
    schema: { tags, params: tokenParams, body: PublicFormSubmission },
    // A bot that filled the honeypot gets the success it expects before any field is checked: field-by-field errors
    // would teach it what to send.
    preValidation: async (req, reply) => {
      const website = (req.body as { website?: unknown } | null)?.website;
      if (typeof website !== 'string' || !website.trim()) return;
      const form = await describePublicForm(deps, (req.params as { token: string }).token);
      await reply.status(201).send({ ok: true, message: form.successMessage });
    },
  }, async (req, reply) => {
    reply.status(201);
    return submitPublicForm(deps, req.params.token, req.body);
  });
}

/** The hosted, embeddable page (<iframe src="/f/TOKEN">): plain HTML, no app bundle, so it loads fast anywhere. */
export function registerFormPage(app: FastifyInstance, deps: AppDeps) {
  app.get('/f/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    const form = await describePublicForm(deps, token).catch(() => null);
    reply.header('content-type', 'text/html; charset=utf-8');
    if (!form) {
      return reply.status(404).send('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
        + '<title>表单不存在 / Form not found</title><p style="font:16px/1.6 system-ui,sans-serif;margin:24px">表单不存在或已停用 / This form does not exist or is disabled</p></html>');
    }
    return renderFormPage(token, form);
  });
}
