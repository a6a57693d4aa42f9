import { useMemo, useState } from 'react';
import { App, Alert, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  EMPLOYEE_SIZES, INDUSTRIES, LEVELS, LIFECYCLE_STAGES, PROVINCE_LABELS, SEGMENTS, SOURCES, type DictEntry,
} from '../../../shared/dictionaries';
import { accountFields, CreateAccountInput } from '../../../shared/contracts';
import { api, isApiError, type ApiError } from '../../api/client';
import type { Account, AccountDetail } from '../../api/types';
import { bilingualSearch, useDict } from '../../ui/dict';
import { errorMessage } from '../../ui/feedback';
import { CustomFieldItem, customValuesForSubmit } from '../../ui/custom-field-item';
import { useCustomFields, useUserOptions } from '../../ui/queries';
import { useDebounced } from '../../ui/use-debounced';
import { issueMessage, zodRule } from '../../ui/zod-rule';
import { localizeMessage } from '../../i18n';
import { fieldAccess, useSession } from '../auth/session';
import { accountKeys, findAccountDuplicates, type DuplicateDetails } from './account-api';
import { ACCOUNT_FIELD_KEYS, formatMoney } from './account-format';
import { AccountSelect } from './account-select';
import { DuplicateAlert } from './duplicate-alert';
import { useGuardedClose, validFields } from '../../ui/forms';

type FormValues = Record<string, unknown> & { custom?: Record<string, unknown> };

interface Props {
  open: boolean;
  /** Edit this account; create a new one when absent. */
  account?: AccountDetail;
  onClose: () => void;
  onSaved: (account: Account) => void;
}

const DICT_FIELDS: Record<string, DictEntry[]> = {
  industry: INDUSTRIES, employeeSize: EMPLOYEE_SIZES, level: LEVELS, segment: SEGMENTS, lifecycleStage: LIFECYCLE_STAGES, source: SOURCES,
};

function toFormValues(a: Account | undefined, meId: string): FormValues {
  if (!a) return { lifecycleStage: 'prospect', ownerId: meId, tags: [], custom: {} };
  const v: FormValues = { custom: { ...(a.custom ?? {}) } };
  for (const k of ACCOUNT_FIELD_KEYS) v[k] = (a as unknown as Record<string, unknown>)[k] ?? undefined;
  return v;
}

const isBlank = (v: unknown) => v == null || v === '' || (Array.isArray(v) && v.length === 0);
const same = (a: unknown, b: unknown) => (isBlank(a) && isBlank(b)) || JSON.stringify(a) === JSON.stringify(b);

/** Create or edit an account: dictionaries as selects, field permissions, live 查重, server errors on fields. */
export function AccountFormDrawer(props: Props) {
  // Mounted only while open, so every opening starts from the record as it is now.
  return props.open ? <AccountForm {...props} /> : null;
}

function AccountForm({ open, account, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const dict = useDict();
  const me = useSession();
  const queryClient = useQueryClient();
  const users = useUserOptions();
  const customFields = useCustomFields('account');
  const [form] = Form.useForm<FormValues>();
  const close = useGuardedClose(form, onClose);
  const [base, setBase] = useState<AccountDetail | undefined>(account);
  const [initialValues] = useState(() => toFormValues(account, me.user.id));
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [refused, setRefused] = useState<DuplicateDetails | null>(null);
  const isEdit = !!base;

  const access = (f: string) => fieldAccess(me, 'account', f);
  const shown = (f: string) => access(f) !== 'hidden';
  const editable = (f: string) => access(f) === 'edit';

  // 查重 while typing: name, credit code and website, 400 ms after the last keystroke.
  const name = Form.useWatch('name', form) as string | undefined;
  const creditCode = Form.useWatch('creditCode', form) as string | undefined;
  const website = Form.useWatch('website', form) as string | undefined;
  const dupInput = useDebounced({ name: name?.trim() ?? '', creditCode: creditCode?.trim() ?? '', website: website?.trim() ?? '' }, 400);
  const dupEnabled = open && (dupInput.name.length >= 2 || dupInput.creditCode.length >= 6 || dupInput.website.length >= 4);
  const dups = useQuery({
    queryKey: ['accounts', 'duplicates', dupInput, base?.id],
    queryFn: () => findAccountDuplicates({
      name: dupInput.name || undefined,
      creditCode: dupInput.creditCode || undefined,
      website: dupInput.website || undefined,
      excludeId: base?.id,
    }),
    enabled: dupEnabled,
    staleTime: 10_000,
    retry: false,
  });

  const userOptions = useMemo(() => (users.data ?? [])
    .filter((u) => u.status !== 'disabled' || u.id === base?.ownerId || u.id === base?.csOwnerId)
    .map((u) => ({ value: u.id, label: u.name })), [users.data, base]);

  const buildPayload = (values: FormValues): Record<string, unknown> => {
    const payload: Record<string, unknown> = {};
    for (const k of ACCOUNT_FIELD_KEYS) {
      if (!editable(k)) continue;
      const v = values[k];
      const normalized = v === undefined ? null : v;
      if (k === 'tags' && normalized == null) continue;
      if (isEdit && same(normalized, (base as unknown as Record<string, unknown>)[k])) continue;
      payload[k] = normalized;
    }
    const custom = customValuesForSubmit(customFields.data ?? [], values.custom, isEdit ? base?.custom ?? {} : undefined);
    if (!isEdit || Object.entries(custom).some(([k, v]) => !same(v, base?.custom?.[k]))) {
      payload.custom = isEdit ? { ...(base?.custom ?? {}), ...custom } : custom;
    }
    return payload;
  };

  const applyServerErrors = (e: ApiError) => {
    const issues = e.fieldIssues;
    const known = issues.filter((i) => i.path && (ACCOUNT_FIELD_KEYS as readonly string[]).concat('custom').includes(i.path.split('.')[0]));
    form.setFields(known.map((i) => ({ name: i.path.split('.'), errors: [localizeMessage(i.message)] })));
    const rest = issues.filter((i) => !known.includes(i));
    setFormError(rest.length ? `${e.message}${t('common.colon')}${rest.map((i) => `${i.path} ${localizeMessage(i.message)}`).join(t('common.listSep'))}` : e.message);
  };

  const save = async (allowSimilar = false) => {
    const values = await validFields(form);
    if (!values) return;
    const payload = buildPayload(values);
    if (isEdit && Object.keys(payload).length === 0) {
      message.info(t('common.noChanges'));
      onClose();
      return;
    }
    // The shared contract is the last word before the request: its messages land on the fields.
    const schema = isEdit ? CreateAccountInput.partial() : CreateAccountInput;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({ name: i.path.map(String), errors: [issueMessage(i)] })));
      return;
    }
    setSaving(true);
    setFormError(null);
    setConflict(false);
    try {
      const body = { ...payload, ...(allowSimilar ? { allowSimilar: true } : {}) };
      const saved = isEdit
        ? await api.patch<Account>(`/accounts/${base!.id}`, { ...body, version: base!.version })
        : await api.post<Account>('/accounts', body);
      message.success(isEdit ? t('accounts.updated') : t('accounts.created'));
      void queryClient.invalidateQueries({ queryKey: accountKeys.all });
      onSaved(saved);
    } catch (e) {
      if (isApiError(e, 'ACCOUNT_DUPLICATE')) setRefused(e.details as DuplicateDetails);
      else if (isApiError(e, 'VERSION_CONFLICT')) setConflict(true);
      else if (isApiError(e, 'VALIDATION_FAILED')) applyServerErrors(e);
      else setFormError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const reload = async () => {
    if (!base) return;
    try {
      const fresh = await queryClient.fetchQuery({
        queryKey: accountKeys.detail(base.id),
        queryFn: () => api.get<AccountDetail>(`/accounts/${base.id}`),
        staleTime: 0,
      });
      setBase(fresh);
      form.resetFields();
      form.setFieldsValue(toFormValues(fresh, me.user.id));
      setConflict(false);
      message.info(t('accounts.reloaded'));
    } catch (e) {
      setFormError(errorMessage(e));
    }
  };

  const item = (key: string, node: React.ReactNode, opts: { required?: boolean; span?: number; rules?: object[] } = {}) => {
    if (!shown(key)) return null;
    const label = t(`fields.account.${key}`);
    const schema = (accountFields as Record<string, unknown>)[key];
    const rules = [
      ...(opts.required ? [{ required: true, whitespace: true, message: t('validation.required', { label }) }] : []),
      ...(schema && editable(key) ? [zodRule(schema as never)] : []),
      ...(opts.rules ?? []),
    ];
    return (
      <Col span={opts.span ?? 12} key={key}>
        <Form.Item name={key} label={label} rules={rules} validateFirst>
          {node}
        </Form.Item>
      </Col>
    );
  };
  const dictSelect = (key: string) => item(key, (
    <Select allowClear disabled={!editable(key)} options={dict.options(DICT_FIELDS[key])} placeholder={t('common.pleaseSelect')}
      showSearch={{ optionFilterProp: 'label' }} data-testid={`account-${key}`} />
  ), { required: key === 'lifecycleStage' });
  const textInput = (key: string, extra: object = {}) => item(key, <Input disabled={!editable(key)} data-testid={`account-${key}`} {...extra} />);
  const liveMatches = dups.data?.matches ?? [];

  return (
    <Drawer
      title={isEdit ? t('accounts.editTitle', { name: base?.name }) : t('accounts.new')}
      open={open}
      onClose={close}
      size={760}
      destroyOnHidden
      data-testid="account-form"
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={close} data-testid="account-cancel">{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="account-save">{t('common.save')}</Button>
        </Space>
      }
    >
      {conflict && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('accounts.versionConflict')}
          action={<Button size="small" onClick={() => void reload()}>{t('common.reload')}</Button>}
        />
      )}
      {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} closable={{ onClose: () => setFormError(null) }} />}
      {refused ? (
        <DuplicateAlert matches={refused.matches} blocked canOverride={refused.canOverride} onOverride={() => void save(true)} overriding={saving} />
      ) : (
        dupEnabled && <DuplicateAlert matches={liveMatches} />
      )}
      <Form form={form} layout="vertical" name="account-form" className="baton-field-grid"
        initialValues={initialValues} onValuesChange={(changed) => {
        if (refused && ('name' in changed || 'creditCode' in changed || 'website' in changed)) setRefused(null);
      }}>
        <div className="baton-section-title">{t('accounts.sections.basic')}</div>
        <Row gutter={16}>
          {item('name', <Input disabled={!editable('name')} maxLength={200} data-testid="account-name" autoFocus={!isEdit} />, { required: true, span: 24 })}
          {textInput('creditCode', { placeholder: t('accounts.creditCodePlaceholder'), maxLength: 40 })}
          {dictSelect('industry')}
          {dictSelect('employeeSize')}
          {shown('annualRevenue') && (editable('annualRevenue')
            ? item('annualRevenue', (
              <InputNumber<string>
                stringMode
                min="0"
                precision={2}
                prefix="¥"
                style={{ width: '100%' }}
                formatter={(v) => (v ? String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : '')}
                parser={(v) => (v ?? '').replace(/[,¥\s]/g, '')}
                data-testid="account-annualRevenue"
              />
            ))
            : (
              <Col span={12}>
                <Form.Item label={t('fields.account.annualRevenue')}>
                  <Input disabled value={formatMoney(base?.annualRevenue, dict.lang)} />
                </Form.Item>
              </Col>
            ))}
          {item('province', (
            <Select allowClear disabled={!editable('province')} options={dict.options(PROVINCE_LABELS)}
              showSearch={bilingualSearch} placeholder={t('common.pleaseSelect')} />
          ))}
          {textInput('city', { maxLength: 50 })}
          {textInput('website', { placeholder: 'https://', maxLength: 300 })}
        </Row>
        <div className="baton-section-title">{t('accounts.sections.ownership')}</div>
        <Row gutter={16}>
          {dictSelect('level')}
          {dictSelect('segment')}
          {dictSelect('lifecycleStage')}
          {dictSelect('source')}
          {item('ownerId', (
            <Select allowClear disabled={!editable('ownerId')} options={userOptions} loading={users.isLoading}
              showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.pleaseSelect')} />
          ))}
          {item('csOwnerId', (
            <Select allowClear disabled={!editable('csOwnerId')} options={userOptions} loading={users.isLoading}
              showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.pleaseSelect')} />
          ))}
          {item('parentId', (
            <AccountSelect disabled={!editable('parentId')} excludeId={base?.id} initialLabel={base?.parentName} />
          ))}
          {item('tags', (
            <Select mode="tags" disabled={!editable('tags')} tokenSeparators={[',', '，']} placeholder={t('accounts.tagsPlaceholder')}
              open={false} suffixIcon={null} />
          ))}
        </Row>
        <div className="baton-section-title">{t('accounts.sections.notes')}</div>
        <Row gutter={16}>
          {item('needs', <Input.TextArea disabled={!editable('needs')} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />, { span: 24 })}
          {item('notes', <Input.TextArea disabled={!editable('notes')} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />, { span: 24 })}
        </Row>
        {!!customFields.data?.length && (
          <>
            <div className="baton-section-title">{t('accounts.sections.custom')}</div>
            <Row gutter={16}>
              {customFields.data.map((f) => (
                <Col span={12} key={f.id}><CustomFieldItem field={f} /></Col>
              ))}
            </Row>
          </>
        )}
      </Form>
    </Drawer>
  );
}
