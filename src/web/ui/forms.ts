import { App, type FormInstance, type FormRule } from 'antd';
import i18n from '../i18n';
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
 * A whole number between min and max, checked as a rule with a message. An InputNumber's own min/max silently clamp
 * what was typed on blur (−5 days became 1, so leads were recycled after a day); the rule says what is wrong instead.
 */
export function rangeRule(min: number, max: number): FormRule {
  return { type: 'integer', min, max, message: i18n.t('validation.range', { min, max }) };
}
