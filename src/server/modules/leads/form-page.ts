// The public form page. Every value placed in the HTML is escaped; the script only posts the form as JSON.
// The page speaks the form's language (zh-CN or en); its title and thank-you text are marketing's own words.
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

export function renderFormPage(token: string, form: { title: string; fields: string[]; successMessage: string | null; locale: FormLocale }): string {
  const locale: FormLocale = form.locale === 'en' ? 'en' : 'zh-CN';
  const text = TEXT[locale];
  const lang = locale === 'en' ? 'en' : 'zh';
  const label = (f: string) => FORM_FIELD_VISITOR_LABELS[f as keyof typeof FORM_FIELD_VISITOR_LABELS]?.[lang] ?? f;
  const fields = ['name', ...form.fields.filter((f) => f !== 'name')];
  const inputs = fields.map((f) => {
    const required = f === 'name';
    const choices = CHOICES[f];
    const control = f === 'notes'
      ? `<textarea name="${f}" id="${f}" rows="3" aria-describedby="err-${f}"></textarea>`
      : choices
        ? `<select name="${f}" id="${f}" aria-describedby="err-${f}"><option value="">${escapeHtml(text.choose)}</option>${choices.map((c) => `<option value="${escapeHtml(c.key)}">${escapeHtml(c[lang])}</option>`).join('')}</select>`
        : `<input name="${f}" id="${f}" type="${INPUT_TYPES[f] ?? 'text'}"${required ? ' required' : ''} aria-describedby="err-${f}">`;
    return `<label for="${f}">${escapeHtml(label(f))}${required ? ' *' : ''}</label>${control}<div class="ferr" id="err-${f}"></div>`;
  }).join('\n');
  const contacts = FORM_CONTACT_FIELDS.filter((f) => fields.includes(f));
  const contactHint = contacts.length > 1 ? `<p class="hint">${escapeHtml(text.atLeastOne(contacts.map(label)))}</p>` : '';
  const { atLeastOne: _hint, ...words } = text;
  const messages = { ...words, done: form.successMessage ?? FORM_DEFAULT_THANKS[locale] };
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
<form id="f" novalidate>
${contactHint}
${inputs}
<div class="hp" aria-hidden="true"><label for="website">Website</label><input name="website" id="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">${escapeHtml(text.submit)}</button>
<div class="msg" id="msg" role="status"></div>
</form>
<script>
const f = document.getElementById('f'), msg = document.getElementById('msg');
const params = new URLSearchParams(location.search);
const utm = {};
for (const k of ['source','medium','campaign','term','content']) { const v = params.get('utm_' + k); if (v) utm[k] = v; }
const eventId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
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
  const body = { utm, eventId };
  for (const [k, v] of new FormData(f).entries()) if (String(v).trim()) body[k] = String(v).trim();
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
