// The public form page. Every value placed in the HTML is escaped; the script only posts the form as JSON.
import { EMPLOYEE_SIZES, INDUSTRIES, PROVINCES } from '../../../shared/dictionaries.js';
import { FORM_CONTACT_FIELDS, FORM_FIELD_VISITOR_LABELS } from '../../../shared/lead-contracts.js';

const INPUT_TYPES: Record<string, string> = { mobile: 'tel', email: 'email' };
const LABELS: Record<string, { zh: string; type?: string; required?: boolean }> = Object.fromEntries(
  Object.entries(FORM_FIELD_VISITOR_LABELS).map(([k, zh]) => [k, { zh, type: INPUT_TYPES[k], required: k === 'name' }]),
);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Dictionary fields are picked from a list, so a visitor's answer is always a value the scoring rules know. */
const CHOICES: Record<string, { value: string; label: string }[]> = {
  industry: INDUSTRIES.map((e) => ({ value: e.key, label: e.zh })),
  employeeSize: EMPLOYEE_SIZES.map((e) => ({ value: e.key, label: e.zh })),
  province: PROVINCES.map((p) => ({ value: p, label: p })),
};

export function renderFormPage(token: string, form: { title: string; fields: string[]; successMessage: string | null }): string {
  const fields = ['name', ...form.fields.filter((f) => f !== 'name')];
  const inputs = fields.map((f) => {
    const l = LABELS[f] ?? { zh: f };
    const choices = CHOICES[f];
    const control = f === 'notes'
      ? `<textarea name="${f}" id="${f}" rows="3"></textarea>`
      : choices
        ? `<select name="${f}" id="${f}"><option value="">请选择</option>${choices.map((c) => `<option value="${escapeHtml(c.value)}">${escapeHtml(c.label)}</option>`).join('')}</select>`
        : `<input name="${f}" id="${f}" type="${l.type ?? 'text'}"${l.required ? ' required' : ''}>`;
    return `<label for="${f}">${escapeHtml(l.zh)}${l.required ? ' *' : ''}</label>${control}<div class="ferr" id="err-${f}"></div>`;
  }).join('\n');
  const contacts = FORM_CONTACT_FIELDS.filter((f) => fields.includes(f));
  const contactHint = contacts.length > 1 ? `<p class="hint">${contacts.map((f) => LABELS[f].zh).join('、')}至少填写一项</p>` : '';
  // JSON inside <script>: escape < so a message cannot close the script element.
  const done = JSON.stringify(form.successMessage ?? '提交成功，我们会尽快与您联系。').replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
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
<button type="submit">提交</button>
<div class="msg" id="msg" role="status"></div>
</form>
<script>
const f = document.getElementById('f'), msg = document.getElementById('msg');
const params = new URLSearchParams(location.search);
const utm = {};
for (const k of ['source','medium','campaign','term','content']) { const v = params.get('utm_' + k); if (v) utm[k] = v; }
const eventId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
const CONTACTS = ${JSON.stringify(contacts)};
// Messages are shown in Chinese: the server's are "中文 / English", and one without Chinese gets a plain hint.
const zh = (m) => { const t = String(m || '').split(' / ')[0]; return /[\u4e00-\u9fff]/.test(t) ? t : '请检查此项'; };
function showErrors(errors) {
  f.querySelectorAll('.ferr').forEach((el) => { el.textContent = ''; });
  f.querySelectorAll('.bad').forEach((el) => el.classList.remove('bad'));
  const general = [];
  for (const [field, message] of errors) {
    const slot = document.getElementById('err-' + field), input = document.getElementById(field);
    if (slot && input) { if (!slot.textContent) slot.textContent = message; input.classList.add('bad'); } else general.push(message);
  }
  msg.className = errors.length ? 'msg err' : 'msg';
  msg.textContent = general.length ? general.join('；') : errors.length ? '请按提示修改后再提交' : '';
  if (errors.length) (document.getElementById(errors[0][0]) || f).focus();
}
f.addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = { utm, eventId };
  for (const [k, v] of new FormData(f).entries()) if (String(v).trim()) body[k] = String(v).trim();
  const errors = [];
  if (!body.name) errors.push(['name', '请填写姓名']);
  if (CONTACTS.length && !CONTACTS.some((k) => body[k])) errors.push([CONTACTS[0], '请至少留下一种联系方式']);
  if (errors.length) { showErrors(errors); return; }
  showErrors([]);
  const button = f.querySelector('button');
  button.disabled = true; msg.className = 'msg'; msg.textContent = '提交中…';
  const res = await fetch(${JSON.stringify(`/api/v1/public/forms/${token}/submissions`)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
  if (res && res.ok) { f.querySelectorAll('input,textarea,select,button').forEach((el) => { el.disabled = true; }); msg.textContent = ${done}; return; }
  button.disabled = false;
  const err = res ? await res.json().catch(() => ({})) : {};
  if (res && res.status === 429) { showErrors([['', '提交太频繁，请稍后再试']]); return; }
  const details = Array.isArray(err.details) ? err.details : [];
  showErrors(details.length ? details.map((d) => [String(d.path || '').split('.')[0], zh(d.message)]) : [['', '提交失败，请稍后重试']]);
});
</script>
</body></html>`;
}
