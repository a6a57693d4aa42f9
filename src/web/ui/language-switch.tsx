import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Lang } from '../i18n';

export function LanguageSwitch({ size = 'small' }: { size?: 'small' | 'middle' }) {
  const { i18n } = useTranslation();
  return (
    <Segmented<Lang>
      data-testid="lang-switch"
      size={size}
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      onChange={(v) => setLanguage(v)}
      options={[{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'English' }]}
    />
  );
}
