// One spreadsheet row → a checked CreateLeadInput, or the reasons it cannot be imported. captureLeads trusts its
// input, so every row is checked here with the same contract the API and the web form use.
import { CreateLeadInput, leadMobileSchema } from '../../../shared/lead-contracts.js';
import type { ImportRowError, ImportRowNote } from './imports.schema.js';
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

/**
 * Checks one lead row; `raw` is field → cell text as read by the mapping. A person is worth more than a tidy profile:
 * a profile value that is not in its list (行业「新能源」) or a phone that is not a mobile, beside an email or WeChat id
 * to reach the person by, is left blank with its text kept in the lead's notes, and the row says so.
 */
export function prepareLeadRow(row: number, raw: Record<string, string>): RowResult {
  const errors: ImportRowError[] = [];
  const notes: ImportRowNote[] = [];
  const fail = (field: string, code: string, zh: string, en: string) => errors.push({ row, field, code, message: `${zh} / ${en}` });
  const input: Record<string, unknown> = {};
  const utm: Record<string, string> = {};
  const kept: string[] = [];
  const keepInNotes = (field: string, text: string, zh: string, en: string) => {
    const f = LABELS.get(field);
    kept.push(`${f?.label ?? field} / ${f?.labelEn ?? field}: ${text}`);
    notes.push({ row, field, code: 'KEPT_IN_NOTES', message: `${zh}，已留空，原文记入备注 / ${en}: left blank, the text kept in the notes` });
  };

  for (const [field, text] of Object.entries(raw)) {
    if (UTM[field]) { utm[UTM[field]] = text; continue; }
    const convert = DICTS[field];
    if (!convert) { input[field] = text; continue; }
    const key = convert(text);
    const f = LABELS.get(field);
    if (key === undefined) keepInNotes(field, text, `无法识别的${f?.label ?? field}「${text}」`, `unknown ${f?.labelEn.toLowerCase() ?? field} "${text}"`);
    else input[field] = key;
  }
  if (raw.mobile && (raw.email || raw.wechat) && !leadMobileSchema.safeParse(raw.mobile).success) {
    delete input.mobile;
    keepInNotes('mobile', raw.mobile, `「${raw.mobile}」不是手机号`, `"${raw.mobile}" is not a mobile number`);
  }
  if (kept.length) input.notes = [raw.notes, ...kept].filter(Boolean).join('\n');

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
      errors.push({ row, field, code: 'INVALID', message: bilingual(issue.message) });
    }
  }
  if (errors.length || !parsed.success) return { ok: false, errors };
  return { ok: true, value: { row, values: parsed.data as unknown as Record<string, unknown>, ...(notes.length ? { notes } : {}) } };
}
