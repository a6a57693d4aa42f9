import { Form, Input, InputNumber, Select } from 'antd';
import { DatePicker } from './date-picker';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '../api/types';
import { customFieldLabel } from './queries';

/** A custom field as a form item under `custom.<key>`; dates are kept as 'YYYY-MM-DD' strings. */
export function CustomFieldItem({ field }: { field: CustomField }) {
  const { t, i18n } = useTranslation();
  const label = customFieldLabel(field, i18n.language);
  const rules = field.isRequired ? [{ required: true, message: t('validation.required', { label }) }] : [];
  const name = ['custom', field.key];
  const options = field.options.map((o) => ({ value: o, label: o }));
  switch (field.type) {
    case 'number':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <InputNumber style={{ width: '100%' }} />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item
          name={name}
          label={label}
          rules={rules}
          getValueProps={(v: string | null | undefined) => ({ value: v ? dayjs(v) : undefined })}
          normalize={(d: dayjs.Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null)}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      );
    case 'select':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <Select allowClear options={options} placeholder={t('common.pleaseSelect')} />
        </Form.Item>
      );
    case 'multi_select':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <Select mode="multiple" allowClear options={options} placeholder={t('common.pleaseSelect')} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <Input maxLength={500} />
        </Form.Item>
      );
  }
}

/**
 * Custom values ready to send. On create empty answers are left out; on update (`before` given) a value that
 * was set and is now empty becomes null so the server clears it.
 */
export function customValuesForSubmit(
  fields: CustomField[], values: Record<string, unknown> | undefined, before?: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values?.[f.key];
    const isEmpty = v == null || v === '' || (Array.isArray(v) && v.length === 0);
    if (!isEmpty) out[f.key] = v;
    else if (before && before[f.key] != null) out[f.key] = null;
  }
  return out;
}
