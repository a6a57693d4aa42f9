// A settings page edited in place (one record with a version): load it, keep the form in step with what the server
// holds, save with the version read, and on a conflict take the server's values so a retry cannot overwrite someone
// else's change. Leaving with unsaved edits asks first.
import { useEffect, useState } from 'react';
import { App, Form, type FormInstance } from 'antd';
import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { errorMessage } from './feedback';
import { showFieldIssues, useLeaveGuard, validFields } from './forms';

export interface SettingsFormOptions<T extends { version: number }, V> {
  queryKey: QueryKey;
  load: () => Promise<T>;
  /** The form's values for what the server holds. */
  toForm: (data: T) => V;
  save: (values: V, version: number) => Promise<T>;
  /** After a save, besides showing it (e.g. reading the session again). */
  onSaved?: (saved: T) => void;
}

export function useSettingsForm<T extends { version: number }, V>(opts: SettingsFormOptions<T, V>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: opts.queryKey, queryFn: opts.load });
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isDirty, setDirty] = useState(false);
  useLeaveGuard(isDirty);
  const { data } = query;
  const { toForm } = opts;
  useEffect(() => { if (data) form.setFieldsValue(toForm(data) as never); }, [data, form, toForm]);

  const save = async () => {
    if (!data) return;
    const v = await validFields(form);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      const saved = await opts.save(v, data.version);
      queryClient.setQueryData(opts.queryKey, saved);
      setDirty(false);
      message.success(t('common.saved'));
      opts.onSaved?.(saved);
    } catch (e) {
      // The form reloads with what someone else saved; the edits are gone, so leaving no longer asks.
      if (isApiError(e, 'VERSION_CONFLICT')) { setDirty(false); void query.refetch(); }
      showFieldIssues(form as FormInstance, e);
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return { query, form, saving, error, save, markDirty: () => setDirty(true) };
}
