// One spreadsheet row → a checked CreateLeadInput, or the reasons it cannot be imported. captureLeads trusts its
// input, so every row is checked here with the same contract the API and the web form use.
import { CreateLeadInput } from '../../../shared/lead-contracts.js';
import type { ImportRowError } from './imports.schema.js';
import type { RowResult } from './imports.rows.js';
import { LEAD_IMPORT_FIELDS } from './imports.fields.js';
import { isLeadSourceLabel, toEmployeeSize, toIndustry, toLeadSource, toProvince, toSourceType } from './imports.convert.js';

const LABELS = new Map(LEAD_IMPORT_FIELDS.map((f) => [f.key, f]));

const DICTS: Record<string, (v: string) => string | undefined> = {
  industry: toIndustry, employeeSize: toEmployeeSize, province: toProvince, sourceType: toSourceType,
};

const UTM: Record<string, 'source' | 'medium' | 'campaign' | 'term' | 'content'> = {
  utmSource: 'source', utmMedium: 'medium', utmCampaign: 'campaign', utmTerm: 'term', utmContent: 'content',
};

const bilingual = (message: string) => (message.includes(' / ') ? message : `格式不正确 / ${message}`);

/** Checks one lead row; `raw` is field → cell text as read by the mapping. */
export function prepareLeadRow(row: number, raw: Record<string, string>): RowResult {
  const errors: ImportRowError[] = [];
  const fail = (field: string, code: string, zh: string, en: string) => errors.push({ row, field, code, message: `${field}: ${zh} / ${en}` });
  const input: Record<string, unknown> = {};
  const utm: Record<string, string> = {};

  for (const [field, text] of Object.entries(raw)) {
    if (UTM[field]) { utm[UTM[field]] = text; continue; }
    const convert = DICTS[field];
    if (!convert) { input[field] = text; continue; }
    const key = convert(text);
    const f = LABELS.get(field);
    if (key === undefined) fail(field, 'UNKNOWN_VALUE', `无法识别的${f?.label ?? field}「${text}」`, `unknown ${f?.labelEn.toLowerCase() ?? field} "${text}"`);
    else input[field] = key;
  }

  // An unknown source is kept, not refused: the lead counts as 'other' and the text survives as its channel.
  const sourceText = raw.source?.trim();
  const source = sourceText ? toLeadSource(sourceText) ?? 'other' : 'other';
  input.source = source;
  if (sourceText && !raw.channel && !isLeadSourceLabel(sourceText, source)) input.channel = sourceText;
  input.utm = utm;
  input.onDuplicate = 'merge';

  if (!raw.name) fail('name', 'REQUIRED', '请填写姓名', 'the name is required');
  if (!raw.mobile && !raw.email && !raw.wechat) fail('mobile', 'REQUIRED', '手机、邮箱、微信至少填一项', 'give a mobile, an email or a WeChat id');

  const parsed = CreateLeadInput.safeParse(input);
  if (!parsed.success) {
    const errored = new Set(errors.map((e) => e.field));
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (errored.has(field)) continue;
      errored.add(field);
      errors.push({ row, field, code: 'INVALID', message: `${field}: ${bilingual(issue.message)}` });
    }
  }
  if (errors.length || !parsed.success) return { ok: false, errors };
  return { ok: true, value: { row, values: parsed.data as unknown as Record<string, unknown> } };
}
