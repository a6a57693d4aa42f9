import { useState } from 'react';
import { App, type FormInstance } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import { errorMessage } from '../../ui/feedback';
import { showFieldIssues } from '../../ui/forms';
import { leadKeys } from './lead-api';

/**
 * Runs one lead action (POST /leads/:id/<path>) and refreshes the lead and the lists. Returns the error for the
 * caller to show codes it knows (422 missing checklist items, 409 duplicates); others become a message.
 */
export function useLeadAction(leadId: string) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);

  /** `form`: where the server's field messages go (under the field at fault), besides the summary. */
  const run = async <T = unknown>(path: string, body: object, opts: { success?: string; expected?: string[]; form?: FormInstance } = {}): Promise<{ ok: true; data: T } | { ok: false; error: unknown }> => {
    setPending(true);
    try {
      const data = await api.post<T>(`/leads/${leadId}/${path}`, body);
      if (opts.success) message.success(opts.success);
      await queryClient.invalidateQueries({ queryKey: leadKeys.all });
      void queryClient.invalidateQueries({ queryKey: leadKeys.pools });
      return { ok: true, data };
    } catch (error) {
      if (isApiError(error, 'VERSION_CONFLICT')) {
        message.warning(t('leads.versionConflict'));
        void queryClient.invalidateQueries({ queryKey: leadKeys.detail(leadId) });
      } else if (!opts.expected?.some((c) => isApiError(error, c))) {
        message.error(errorMessage(error));
      }
      if (opts.form) showFieldIssues(opts.form, error);
      return { ok: false, error };
    } finally {
      setPending(false);
    }
  };
  return { run, pending };
}
