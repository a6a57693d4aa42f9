// The public form page. Every value placed in the HTML is escaped; the script only posts the form as JSON.
import { EMPLOYEE_SIZES, INDUSTRIES, PROVINCES } from '../../../shared/dictionaries.js';

const LABELS: Record<string, { zh: string; type?: string; required?: boolean }> = {
  name: { zh: '姓名', required: true },
  company: { zh: '公司名称' },
  title: { zh: '职位' },
  mobile: { zh: '手机', type: 'tel' },
  email: { zh: '邮箱', type: 'email' },
  wechat: { zh: '微信' },
  industry: { zh: '行业' },
  employeeSize: { zh: '公司规模' },
  province: { zh: '省份' },
  city: { zh: '城市' },
  notes: { zh: '需求描述' },
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Dictionary fields are picked from a list, so a visitor's answer is always a value the scoring rules know. */
const CHOICES: Record<string, { value: string; label: string }[]> = {
  industry: INDUSTRIES.map((e) => ({ value: e.key, label: e.zh })),
  employeeSize: EMPLOYEE_SIZES.map((e) => ({ value: e.key, label: e.zh })),
  province: PROVINCES.map((p) => ({ value: p, label: p })),
};

export function renderFormPage(token: string, form: { name: string; fields: string[]; successMessage: string | null }): string {
  const fields = ['name', ...form.fields.filter((f) => f !== 'name')];
  const inputs = fields.map((f) => {
    const l = LABELS[f] ?? { zh: f };
    const choices = CHOICES[f];
    const control = f === 'notes'
      ? `<textarea name="${f}" id="${f}" rows="3"></textarea>`
      : choices
        ? `<select name="${f}" id="${f}"><option value="">请选择</option>${choices.map((c) => `<option value="${escapeHtml(c.value)}">${escapeHtml(c.label)}</option>`).join('')}</select>`
        : `<input name="${f}" id="${f}" type="${l.type ?? 'text'}"${l.required ? ' required' : ''}>`;
    return `<label for="${f}">${escapeHtml(l.zh)}${l.required ? ' *' : ''}</label>${control}`;
  }).join('\n');
  // JSON inside <script>: escape < so a message cannot close the script element.
  const done = JSON.stringify(form.successMessage ?? '提交成功，我们会尽快与您联系。').replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(form.name)}</title>
<style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:480px;margin:24px auto;padding:0 16px;color:#1f1f1f}
h1{font-size:20px}label{display:block;margin:12px 0 4px;font-size:14px}
input,textarea,select{width:100%;box-sizing:border-box;padding:8px;border:1px solid #d9d9d9;border-radius:6px;font-size:14px}
button{margin-top:16px;width:100%;padding:10px;border:0;border-radius:6px;background:#1677ff;color:#fff;font-size:16px;cursor:pointer}
.hp{position:absolute;left:-9999px}.msg{margin-top:12px;font-size:14px}.err{color:#cf1322}
</style></head><body>
<h1>${escapeHtml(form.name)}</h1>
<form id="f" novalidate>
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
f.addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = { utm, eventId };
  for (const [k, v] of new FormData(f).entries()) if (String(v).trim()) body[k] = String(v).trim();
  msg.className = 'msg'; msg.textContent = '提交中…';
  const res = await fetch(${JSON.stringify(`/api/v1/public/forms/${token}/submissions`)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.ok) { f.querySelectorAll('input,textarea,button').forEach((el) => { el.disabled = true; }); msg.textContent = ${done}; return; }
  const err = await res.json().catch(() => ({}));
  msg.className = 'msg err';
  msg.textContent = (err.details && err.details.map ? err.details.map((d) => d.message).join('；') : '') || err.message || '提交失败，请稍后重试';
});
</script>
</body></html>`;
}
