import { App, type FormInstance } from 'antd';
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
