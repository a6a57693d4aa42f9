import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { FORM_CONTACT_FIELDS, FORM_FIELDS, FORM_LOCALES, PublicFormSubmission, LEAD_SOURCE_KEYS, type FormLocale } from '../../../shared/lead-contracts.js';
import { createLeadForm, describePublicForm, listLeadForms, submitPublicForm, updateLeadForm } from './forms.service.js';
import { checkVisitorInput, renderFormPage, UTM_KEYS, visitorMessage, type FormPageState } from './form-page.js';
import { AppError } from '../../http/errors.js';
import { ERRORS } from '../../../shared/errors.js';
import { optionalText, recordVersion, text } from '../../../shared/schema-parts.js';

const tags = ['lead forms'];
const idParams = z.object({ id: z.uuid() });
const tokenParams = z.object({ token: z.string().max(200) });

const LeadFormBody = z.object({
  name: text(100).min(2),
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

/** Five submissions a minute per address and form, through the API or the page's own post. */
const FORM_RATE_LIMIT = { max: 5, timeWindow: '1 minute', keyGenerator: (req: FastifyRequest) => `${req.ip}|${(req.params as { token?: string }).token ?? ''}` };

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
    config: { isPublic: true, rateLimit: FORM_RATE_LIMIT },
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
export async function registerFormPage(app: FastifyInstance, deps: AppDeps) {
  await app.register(async (page) => {
    // A browser posting the form without script sends it url-encoded; only these page routes read that.
    page.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    // The page answers in HTML whatever goes wrong, a visitor's browser has no use for the API's JSON.
    page.setErrorHandler(async (err: { statusCode?: number }, req, reply) => {
      const token = (req.params as { token?: string }).token ?? '';
      const form = await describePublicForm(deps, token).catch(() => null);
      if (!form) return sendMissingForm(reply);
      const status = err instanceof AppError ? err.status : err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status >= 500) req.log.error({ err }, 'form page failed');
      const state = postedState(req.body);
      if (status === 429) return reply.status(429).type(HTML).send(renderFormPage(token, form, { ...state, tooMany: true }));
      // A refusal says what it is, on its field where it has one (text that cannot be stored); anything else is
      // "try again later".
      const errors = err instanceof AppError ? appErrorFields(err, form.locale)
        : [['', visitorMessage('提交失败，请稍后重试 / could not submit, please try again later', form.locale)] as [string, string]];
      return reply.status(status).type(HTML).send(renderFormPage(token, form, { ...state, errors }));
    });

    page.get('/f/:token', async (req, reply) => {
      const { token } = req.params as { token: string };
      const form = await describePublicForm(deps, token).catch(() => null);
      if (!form) return sendMissingForm(reply);
      const query = req.query as Record<string, unknown>;
      const utm = Object.fromEntries(UTM_KEYS.flatMap((k) => (typeof query[`utm_${k}`] === 'string' && query[`utm_${k}`] ? [[k, String(query[`utm_${k}`]).slice(0, 200)]] : [])));
      return reply.type(HTML).send(renderFormPage(token, form, { utm }));
    });

    // The same submission as POST /api/v1/public/forms/:token/submissions, from a browser without script: the same
    // honeypot and checks, and a rate limit of the same size (counted apart from the API's), answered with the page:
    // the thank-you, or the visitor's values with what to correct.
    page.post('/f/:token', { config: { rateLimit: FORM_RATE_LIMIT } }, async (req, reply) => {
      const { token } = req.params as { token: string };
      const form = await describePublicForm(deps, token).catch(() => null);
      if (!form) return sendMissingForm(reply);
      const state = postedState(req.body);
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      if (typeof body.website === 'string' && body.website.trim()) return reply.type(HTML).send(renderFormPage(token, form, { done: true }));
      const parsed = PublicFormSubmission.safeParse({ ...state.values, utm: state.utm, eventId: state.eventId });
      if (!parsed.success) {
        const first = checkVisitorInput(form, state.values);
        const checked = new Set(first.map(([field]) => field));
        const errors = [...first, ...parsed.error.issues
          .map((i): [string, string] => [String(i.path[0] ?? ''), visitorMessage(i.message, form.locale)])
          .filter(([field]) => !checked.has(field))];
        return reply.status(400).type(HTML).send(renderFormPage(token, form, { ...state, errors }));
      }
      try {
        await submitPublicForm(deps, token, parsed.data);
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        return reply.status(err.status).type(HTML).send(renderFormPage(token, form, { ...state, errors: appErrorFields(err, form.locale) }));
      }
      return reply.type(HTML).send(renderFormPage(token, form, { ...state, done: true }));
    });
  });
}

const HTML = 'text/html; charset=utf-8';

/** A refused submission's messages for the page: on their fields where the error names them, else for the whole form. */
function appErrorFields(err: AppError, locale: FormLocale): [string, string][] {
  const details = Array.isArray(err.details) ? err.details as { path?: string; message: string }[] : [];
  return details.length
    ? details.map((d): [string, string] => [String(d.path ?? '').split('.')[0], visitorMessage(d.message, locale)])
    : [['', ERRORS[err.code][locale === 'en' ? 2 : 1]]];
}

/** What a url-encoded post carries: the visitor's values, the UTM fields and the page's event id. */
function postedState(body: unknown): Required<Pick<FormPageState, 'values' | 'utm'>> & Pick<FormPageState, 'eventId'> {
  const values: Record<string, string> = {};
  const utm: NonNullable<FormPageState['utm']> = {};
  let eventId: string | undefined;
  for (const [k, v] of Object.entries(body && typeof body === 'object' ? body : {})) {
    if (typeof v !== 'string') continue;
    // An empty field stays empty (a blank name is "请填写姓名", not a missing key); empty UTM fields are left out.
    const key = k.startsWith('utm_') ? k.slice(4) : null;
    if (key && (UTM_KEYS as readonly string[]).includes(key)) { if (v.trim()) utm[key as (typeof UTM_KEYS)[number]] = v.trim(); }
    else if (k === 'eventId') eventId = v.trim() || undefined;
    else if (k !== 'website') values[k] = v.trim();
  }
  return { values, utm, eventId };
}

function sendMissingForm(reply: FastifyReply) {
  return reply.status(404).type(HTML).send('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
    + '<title>表单不存在 / Form not found</title><p style="font:16px/1.6 system-ui,sans-serif;margin:24px">表单不存在或已停用 / This form does not exist or is disabled</p></html>');
}
