// The public form page. Every value placed in the HTML is escaped. With JavaScript the page posts the form as JSON and
// shows the answer in place; without it (blocked scripts, a strict in-app browser) the browser posts the form itself
// and the server answers with this page again: the thank-you, or the visitor's values with what to correct.
// The page speaks the form's language (zh-CN or en); its title and thank-you text are marketing's own words.
import { randomUUID } from 'node:crypto';
import { EMPLOYEE_SIZES, INDUSTRIES, PROVINCE_LABELS, type DictEntry } from '../../../shared/dictionaries.js';
import { FORM_CONTACT_FIELDS, FORM_DEFAULT_THANKS, FORM_FIELD_VISITOR_LABELS, type FormLocale } from '../../../shared/lead-contracts.js';

const INPUT_TYPES: Record<string, string> = { mobile: 'tel', email: 'email' };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside <script>: < is escaped so a message cannot close the script element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

/** The page's own words, per language. */
const TEXT = {
  'zh-CN': {
    choose: '请选择', submit: '提交', sending: '提交中…',
    atLeastOne: (fields: string[]) => `${fields.join('、')}至少填写一项`, needName: '请填写姓名', needContact: '请至少留下一种联系方式',
    fixFields: '请按提示修改后再提交', tooMany: '提交太频繁，请稍后再试', failed: '提交失败，请稍后重试', checkField: '请检查此项',
  },
  en: {
    choose: 'Please choose', submit: 'Submit', sending: 'Submitting…',
    atLeastOne: (fields: string[]) => `Fill in at least one of: ${fields.join(', ')}`, needName: 'Please enter your name',
    needContact: 'Please leave at least one way to reach you', fixFields: 'Please correct the fields marked and submit again',
    tooMany: 'Too many submissions. Please try again in a minute.', failed: 'Could not submit. Please try again later.', checkField: 'Please check this field',
  },
} satisfies Record<FormLocale, unknown>;

/** Dictionary fields are picked from a list, so a visitor's answer is always a value the scoring rules know. */
const CHOICES: Record<string, readonly DictEntry[]> = { industry: INDUSTRIES, employeeSize: EMPLOYEE_SIZES, province: PROVINCE_LABELS };

/** The UTM parameters a campaign link carries (utm_source=…), kept on the page as hidden fields. */
export const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;

export interface PublicFormView { title: string; fields: string[]; successMessage: string | null; locale: FormLocale }

/** What the page shows besides the empty form: a submission's answer when the browser posted it without JavaScript. */
export interface FormPageState {
  /** The campaign page's UTM parameters (from the page's address, or posted back). */
  utm?: Partial<Record<(typeof UTM_KEYS)[number], string>>;
  /** This page's submission id: a second post of the same page records one touch. A new one when not given. */
  eventId?: string;
  /** The visitor's values, put back into the fields beside the errors. */
  values?: Record<string, string>;
  /** Field (or '' for the form as a whole) and what to correct, already in the page's language. */
  errors?: [string, string][];
  /** Submitted: the page shows the thank-you. */
  done?: boolean;
  /** Too many submissions from this address. */
  tooMany?: boolean;
}

const languageOf = (locale: FormLocale) => (locale === 'en' ? 'en' : 'zh');

/**
 * The server's messages read "中文 / English": the half in the page's language, or a plain "please check this field"
 * when there is no such half. The page's script does the same for answers it receives.
 */
export function visitorMessage(message: string, locale: FormLocale): string {
  const en = languageOf(locale) === 'en';
  const parts = message.split(' / ');
  const pick = en ? parts[parts.length - 1] : parts[0];
  const fits = en ? !/[\u4e00-\u9fff]/.test(pick) : /[\u4e00-\u9fff]/.test(pick);
  if (!pick || !fits) return TEXT[locale === 'en' ? 'en' : 'zh-CN'].checkField;
  return en ? pick[0].toUpperCase() + pick.slice(1) : pick;
}

/**
 * The page's own first check, as its script makes it before sending: a name, and one of the contact fields the form
 * shows (the server's rule names all three, WeChat included, which this form may not ask for).
 */
export function checkVisitorInput(form: PublicFormView, values: Record<string, string>): [string, string][] {
  const text = TEXT[form.locale === 'en' ? 'en' : 'zh-CN'];
  const contacts = FORM_CONTACT_FIELDS.filter((f) => form.fields.includes(f));
  const errors: [string, string][] = [];
  if (!values.name) errors.push(['name', text.needName]);
  if (contacts.length && !contacts.some((k) => values[k])) errors.push([contacts[0], text.needContact]);
  return errors;
}

export function renderFormPage(token: string, form: PublicFormView, state: FormPageState = {}): string {
  const locale: FormLocale = form.locale === 'en' ? 'en' : 'zh-CN';
  const text = TEXT[locale];
  const lang = languageOf(locale);
  const label = (f: string) => FORM_FIELD_VISITOR_LABELS[f as keyof typeof FORM_FIELD_VISITOR_LABELS]?.[lang] ?? f;
  const fields = ['name', ...form.fields.filter((f) => f !== 'name')];
  const values = state.values ?? {};
  const errorOf = new Map<string, string>();
  const general: string[] = [];
  for (const [field, message] of state.errors ?? []) {
    if (fields.includes(field)) { if (!errorOf.has(field)) errorOf.set(field, message); } else general.push(message);
  }
  const off = state.done ? ' disabled' : '';
  const inputs = fields.map((f) => {
    const required = f === 'name';
    const choices = CHOICES[f];
    const value = values[f] ?? '';
    const error = errorOf.get(f);
    const attrs = `name="${f}" id="${f}" aria-describedby="err-${f}"${error ? ' class="bad" aria-invalid="true"' : ''}${off}`;
    const control = f === 'notes'
      ? `<textarea ${attrs} rows="3">${escapeHtml(value)}</textarea>`
      : choices
        ? `<select ${attrs}><option value="">${escapeHtml(text.choose)}</option>${choices.map((c) => `<option value="${escapeHtml(c.key)}"${c.key === value ? ' selected' : ''}>${escapeHtml(c[lang])}</option>`).join('')}</select>`
        : `<input ${attrs} type="${INPUT_TYPES[f] ?? 'text'}"${required ? ' required' : ''}${value ? ` value="${escapeHtml(value)}"` : ''}>`;
    return `<label for="${f}">${escapeHtml(label(f))}${required ? ' *' : ''}</label>${control}<div class="ferr" id="err-${f}">${error ? escapeHtml(error) : ''}</div>`;
  }).join('\n');
  const hidden = [
    ...UTM_KEYS.flatMap((k) => (state.utm?.[k] ? [`<input type="hidden" name="utm_${k}" value="${escapeHtml(state.utm[k])}">`] : [])),
    `<input type="hidden" name="eventId" value="${escapeHtml(state.eventId ?? randomUUID())}">`,
  ].join('');
  const contacts = FORM_CONTACT_FIELDS.filter((f) => fields.includes(f));
  const contactHint = contacts.length > 1 ? `<p class="hint">${escapeHtml(text.atLeastOne(contacts.map(label)))}</p>` : '';
  const { atLeastOne: _hint, ...words } = text;
  const messages = { ...words, done: form.successMessage ?? FORM_DEFAULT_THANKS[locale] };
  const status = state.done ? messages.done
    : state.tooMany ? text.tooMany
      : general.length ? general.join(lang === 'en' ? '; ' : '；')
        : errorOf.size ? text.fixFields : '';
  const statusClass = !state.done && status ? 'msg err' : 'msg';
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(form.title)}</title>
<style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:480px;margin:24px auto;padding:0 16px;color:#1f1f1f}
h1{font-size:20px}label{display:block;margin:12px 0 4px;font-size:14px}
input,textarea,select{width:100%;box-sizing:border-box;padding:8px;border:1px solid #d9d9d9;border-radius:6px;font-size:14px}
button{margin-top:16px;width:100%;padding:10px;border:0;border-radius:6px;background:#1677ff;color:#fff;font-size:16px;cursor:pointer}
.hp{position:absolute;left:-9999px}.msg{margin-top:12px;font-size:14px}.err{color:#cf1322}
.hint{margin:8px 0 0;font-size:13px;color:#8c8c8c}.ferr{color:#cf1322;font-size:13px;min-height:0;margin-top:4px}
.bad{border-color:#cf1322}button:disabled{background:#91caff;cursor:default}
</style></head><body>
<h1>${escapeHtml(form.title)}</h1>
<form id="f" method="post" action="/f/${escapeHtml(encodeURIComponent(token))}#msg" novalidate>
${contactHint}
${inputs}
${hidden}
<div class="hp" aria-hidden="true"><label for="website">Website</label><input name="website" id="website" tabindex="-1" autocomplete="off"></div>
<button type="submit"${off}>${escapeHtml(text.submit)}</button>
<div class="${statusClass}" id="msg" role="status">${escapeHtml(status)}</div>
</form>
<script>
const f = document.getElementById('f'), msg = document.getElementById('msg');
const CONTACTS = ${scriptJson(contacts)};
const T = ${scriptJson(messages)};
// The server's messages read "中文 / English": the page shows the half in its own language, or a plain hint.
const EN = ${lang === 'en'}, HAN = /[\u4e00-\u9fff]/;
const local = (m) => {
  const parts = String(m || '').split(' / ');
  const pick = EN ? parts[parts.length - 1] : parts[0];
  const fits = EN ? !HAN.test(pick) : HAN.test(pick);
  if (!pick || !fits) return T.checkField;
  return EN ? pick[0].toUpperCase() + pick.slice(1) : pick;
};
function showErrors(errors) {
  f.querySelectorAll('.ferr').forEach((el) => { el.textContent = ''; });
  f.querySelectorAll('.bad').forEach((el) => { el.classList.remove('bad'); el.removeAttribute('aria-invalid'); });
  const general = [];
  for (const [field, message] of errors) {
    const slot = document.getElementById('err-' + field), input = document.getElementById(field);
    if (slot && input) { if (!slot.textContent) slot.textContent = message; input.classList.add('bad'); input.setAttribute('aria-invalid', 'true'); } else general.push(message);
  }
  msg.className = errors.length ? 'msg err' : 'msg';
  msg.textContent = general.length ? general.join(${scriptJson(lang === 'en' ? '; ' : '；')}) : errors.length ? T.fixFields : '';
  if (errors.length) (document.getElementById(errors[0][0]) || f).focus();
}
f.addEventListener('submit', async (e) => {
  e.preventDefault();
  // The hidden fields carry the campaign's UTM parameters and this page's event id, as they do for a post without script.
  const body = { utm: {} };
  for (const [k, v] of new FormData(f).entries()) {
    const value = String(v).trim();
    if (!value) continue;
    if (k.startsWith('utm_')) body.utm[k.slice(4)] = value; else body[k] = value;
  }
  const errors = [];
  if (!body.name) errors.push(['name', T.needName]);
  if (CONTACTS.length && !CONTACTS.some((k) => body[k])) errors.push([CONTACTS[0], T.needContact]);
  if (errors.length) { showErrors(errors); return; }
  showErrors([]);
  const button = f.querySelector('button');
  button.disabled = true; msg.className = 'msg'; msg.textContent = T.sending;
  const res = await fetch(${scriptJson(`/api/v1/public/forms/${token}/submissions`)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
  // The thank-you is brought into view: in a short embedded frame on a phone it would sit below the fold.
  if (res && res.ok) { f.querySelectorAll('input,textarea,select,button').forEach((el) => { el.disabled = true; }); msg.textContent = T.done; msg.scrollIntoView({ block: 'center' }); return; }
  button.disabled = false;
  const err = res ? await res.json().catch(() => ({})) : {};
  if (res && res.status === 429) { showErrors([['', T.tooMany]]); return; }
  const details = Array.isArray(err.details) ? err.details : [];
  showErrors(details.length ? details.map((d) => [String(d.path || '').split('.')[0], local(d.message)]) : [['', T.failed]]);
});
</script>
</body></html>`;
}
