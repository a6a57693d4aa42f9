import { useEffect } from 'react';
import { useBlocker } from 'react-router';
import { App, type FormInstance, type FormRule } from 'antd';
import i18n, { localizeMessage } from '../i18n';
import { isApiError } from '../api/client';
import { useTranslation } from 'react-i18next';

/**
 * The form's values when every rule passes, else null. antd shows the failed rules on the fields and rejects
 * validateFields(); that rejection is expected, so it must not escape as an unhandled error.
 */
export async function validFields<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}

/**
 * Closing a form someone has typed into asks first; an untouched form closes at once. For the drawer's or modal's
 * close (✕, mask, Esc) and its cancel button.
 */
export function useGuardedClose(form: FormInstance, onClose: () => void): () => void {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  return () => {
    if (!form.isFieldsTouched()) { onClose(); return; }
    modal.confirm({
      title: t('common.discardTitle'), content: t('common.discardContent'),
      okText: t('common.discard'), okButtonProps: { danger: true }, cancelText: t('common.keepEditing'), onOk: onClose,
    });
  };
}

/**
 * While a page holds unsaved edits, leaving it (another tab of the page, the menu, the browser's back) asks first, and
 * closing or reloading the browser tab gets the browser's own warning. For forms on a page rather than in a drawer.
 */
export function useLeaveGuard(isDirty: boolean): void {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const blocker = useBlocker(({ currentLocation, nextLocation }) => isDirty && currentLocation.pathname !== nextLocation.pathname);
  const isBlocked = blocker.state === 'blocked';
  useEffect(() => {
    if (!isBlocked) return;
    modal.confirm({
      title: t('common.discardTitle'), content: t('common.leaveContent'), okText: t('common.discard'), okButtonProps: { danger: true },
      cancelText: t('common.keepEditing'), onOk: () => blocker.proceed?.(), onCancel: () => blocker.reset?.(),
    });
    // One dialog per blocked navigation: the blocker object changes on every render.
  }, [isBlocked]);
  useEffect(() => {
    if (!isDirty) return undefined;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [isDirty]);
}

/**
 * A whole number (or with `decimal`, any number) between min and max, checked as a rule with a message. An InputNumber's own min/max silently clamp
 * what was typed on blur (−5 days became 1, so leads were recycled after a day); the rule says what is wrong instead.
 */
export function rangeRule(min: number, max: number, opts: { decimal?: boolean } = {}): FormRule {
  return { type: opts.decimal ? 'number' : 'integer', min, max, message: i18n.t('validation.range', { min, max }) };
}

/**
 * Puts the server's field messages (a refusal that names fields: VALIDATION_FAILED, ALREADY_EXISTS) under the fields
 * they name: `items.2.label` is the form's ['items', 2, 'label']. Anything else is left for the caller to show.
 */
export function showFieldIssues(form: FormInstance, error: unknown): void {
  if (!isApiError(error) || !error.fieldIssues.length) return;
  form.setFields(error.fieldIssues.map((i) => ({
    name: i.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) as never, errors: [localizeMessage(i.message)],
  })));
}
