import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { App, Alert, Button, Checkbox, Col, Form, Input, Modal, Radio, Row, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BUYING_ROLES, STANCES } from '../../../shared/dictionaries';
import { contactFields, CreateContactInput } from '../../../shared/contracts';
import { api, isApiError } from '../../api/client';
import type { Contact, ContactMatch } from '../../api/types';
import { CustomFieldItem, customValuesForSubmit } from '../../ui/custom-field-item';
import { useDict } from '../../ui/dict';
import { errorMessage } from '../../ui/feedback';
import { useCustomFields } from '../../ui/queries';
import { useDebounced } from '../../ui/use-debounced';
import { issueMessage, zodRule } from '../../ui/zod-rule';
import { fieldAccess, useSession } from '../auth/session';
import { accountKeys } from '../accounts/account-api';
import { contactKeys, findContactDuplicates } from './contact-api';
import { useGuardedClose, showFieldIssues } from '../../ui/forms';

const FIELDS = ['name', 'title', 'department', 'mobile', 'email', 'wechat', 'buyingRoles', 'stance', 'isPrimary', 'notes'] as const;

interface Props {
  open: boolean;
  accountId: string;
  contact?: Contact;
  onClose: () => void;
  onSaved?: (contact: Contact) => void;
}

export function ContactFormModal(props: Props) {
  return props.open ? <ContactForm {...props} /> : null;
}

function DuplicateContacts({ matches, blocked }: { matches: ContactMatch[]; blocked?: boolean }) {
  const { t } = useTranslation();
  if (!matches.length) return null;
  return (
    <Alert
      data-testid="contact-duplicate-alert"
      type={blocked ? 'error' : 'warning'}
      showIcon
      style={{ marginBottom: 16 }}
      title={blocked ? t('contacts.duplicateBlocked') : t('contacts.duplicateFound', { n: matches.length })}
      description={
        <ul className="baton-dup-list">
          {matches.map((m) => (
            <li key={m.id}>
              <strong>{m.name}</strong>
              <span>{m.reasons.map((r) => <Tag key={r} color="orange">{t(`contacts.dupReasons.${r}`)}</Tag>)}</span>
              <span className="baton-muted">{m.accountName}</span>
              <span className="baton-muted">{[m.mobile, m.email].filter(Boolean).join(' · ')}</span>
              {m.canOpen && <Link to={`/accounts/${m.accountId}?tab=contacts`} target="_blank">{t('duplicates.open')}</Link>}
            </li>
          ))}
        </ul>
      }
    />
  );
}

function ContactForm({ open, accountId, contact, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const dict = useDict();
  const me = useSession();
  const queryClient = useQueryClient();
  const customFields = useCustomFields('contact');
  const [form] = Form.useForm<Record<string, unknown>>();
  const close = useGuardedClose(form, onClose);
  const [base, setBase] = useState(contact);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [refused, setRefused] = useState<ContactMatch[] | null>(null);
  const isEdit = !!base;
  const initialValues = useMemo(() => (contact
    ? { ...contact, custom: { ...(contact.custom ?? {}) } }
    : { buyingRoles: [], isPrimary: false, custom: {} }), [contact]);

  const access = (f: string) => fieldAccess(me, 'contact', f);
  const shown = (f: string) => access(f) !== 'hidden';
  const editable = (f: string) => access(f) === 'edit';

  const mobile = Form.useWatch('mobile', form) as string | undefined;
  const email = Form.useWatch('email', form) as string | undefined;
  const dupInput = useDebounced({ mobile: mobile?.trim() ?? '', email: email?.trim() ?? '' }, 400);
  const dupEnabled = open && (dupInput.mobile.length >= 7 || /.+@.+\..+/.test(dupInput.email));
  const dups = useQuery({
    queryKey: ['contacts', 'duplicates', dupInput, base?.id],
    queryFn: () => findContactDuplicates({
      mobile: dupInput.mobile || undefined, email: dupInput.email || undefined, excludeId: base?.id,
    }),
    enabled: dupEnabled && (editable('mobile') || editable('email')),
    retry: false,
  });

  const save = async () => {
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const payload: Record<string, unknown> = isEdit ? {} : { accountId };
    for (const k of FIELDS) {
      if (!editable(k)) continue;
      const v = values[k] === undefined ? null : values[k];
      const before = base ? (base as unknown as Record<string, unknown>)[k] : undefined;
      if (isEdit && JSON.stringify(v ?? null) === JSON.stringify(before ?? null)) continue;
      payload[k] = v;
    }
    const custom = customValuesForSubmit(customFields.data ?? [], values.custom as Record<string, unknown>, base?.custom);
    if (Object.keys(custom).length) payload.custom = isEdit ? { ...(base?.custom ?? {}), ...custom } : custom;
    const schema = isEdit ? CreateContactInput.partial() : CreateContactInput;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({ name: i.path.map(String), errors: [issueMessage(i)] })));
      return;
    }
    setSaving(true);
    setFormError(null);
    try {
      const saved = isEdit
        ? await api.patch<Contact>(`/contacts/${base!.id}`, { ...payload, version: base!.version })
        : await api.post<Contact>('/contacts', payload);
      message.success(isEdit ? t('contacts.updated') : t('contacts.created'));
      void queryClient.invalidateQueries({ queryKey: contactKeys.all });
      void queryClient.invalidateQueries({ queryKey: accountKeys.all });
      onSaved?.(saved);
      onClose();
    } catch (e) {
      if (isApiError(e, 'CONTACT_DUPLICATE')) setRefused((e.details as { matches?: ContactMatch[] })?.matches ?? []);
      else if (isApiError(e, 'VERSION_CONFLICT')) setConflict(true);
      else if (isApiError(e, 'VALIDATION_FAILED') && e.fieldIssues.length) {
        showFieldIssues(form, e);
        setFormError(e.message);
      } else setFormError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const reload = async () => {
    if (!base) return;
    const fresh = await api.get<Contact>(`/contacts/${base.id}`);
    setBase(fresh);
    form.setFieldsValue({ ...fresh, custom: fresh.custom ?? {} });
    setConflict(false);
  };

  const field = (key: string, node: React.ReactNode, span = 12, extra: object = {}) => {
    if (!shown(key)) return null;
    const label = t(`fields.contact.${key}`);
    const schema = (contactFields as Record<string, unknown>)[key];
    return (
      <Col span={span}>
        <Form.Item
          name={key}
          label={label}
          validateFirst
          rules={[
            ...(key === 'name' ? [{ required: true, whitespace: true, message: t('validation.required', { label }) }] : []),
            ...(schema && editable(key) && key !== 'buyingRoles' ? [zodRule(schema as never)] : []),
          ]}
          {...extra}
        >
          {node}
        </Form.Item>
      </Col>
    );
  };

  return (
    <Modal
      open={open}
      title={isEdit ? t('contacts.editTitle', { name: base?.name }) : t('contacts.new')}
      onCancel={close}
      width={720}
      footer={[
        <Button key="cancel" onClick={close}>{t('common.cancel')}</Button>,
        <Button key="save" type="primary" loading={saving} onClick={() => void save()} data-testid="contact-save">{t('common.save')}</Button>,
      ]}
      data-testid="contact-form"
    >
      {conflict && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('accounts.versionConflict')}
          action={<Button size="small" onClick={() => void reload()}>{t('common.reload')}</Button>} />
      )}
      {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
      {refused ? <DuplicateContacts matches={refused} blocked /> : dupEnabled && <DuplicateContacts matches={dups.data?.matches ?? []} />}
      <Form form={form} layout="vertical" initialValues={initialValues} className="baton-field-grid"
        onValuesChange={(c) => { if (refused && ('mobile' in c || 'email' in c)) setRefused(null); }}>
        <Row gutter={16}>
          {field('name', <Input maxLength={100} disabled={!editable('name')} data-testid="contact-name" autoFocus />)}
          {field('title', <Input maxLength={100} disabled={!editable('title')} />)}
          {field('department', <Input maxLength={100} disabled={!editable('department')} />)}
          {field('mobile', <Input maxLength={30} disabled={!editable('mobile')} data-testid="contact-mobile" />)}
          {field('email', <Input maxLength={200} disabled={!editable('email')} data-testid="contact-email" />)}
          {field('wechat', <Input maxLength={100} disabled={!editable('wechat')} />)}
          {field('buyingRoles', (
            <Checkbox.Group options={dict.options(BUYING_ROLES)} disabled={!editable('buyingRoles')} data-testid="contact-roles" />
          ), 24)}
          {field('stance', (
            <Radio.Group optionType="button" buttonStyle="solid" disabled={!editable('stance')} data-testid="contact-stance"
              options={dict.options(STANCES)} />
          ), 12)}
          {field('isPrimary', <Checkbox disabled={!editable('isPrimary')}>{t('contacts.isPrimaryHint')}</Checkbox>, 12, { valuePropName: 'checked' })}
          {field('notes', <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={5000} disabled={!editable('notes')} />, 24)}
          {(customFields.data ?? []).map((f) => <Col span={12} key={f.id}><CustomFieldItem field={f} /></Col>)}
        </Row>
      </Form>
    </Modal>
  );
}
