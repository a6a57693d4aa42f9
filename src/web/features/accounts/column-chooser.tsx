import { Button, Checkbox, Divider, Popover, Space } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export interface ColumnOption { key: string; label: string; locked?: boolean }

interface Props {
  options: ColumnOption[];
  value: string[];
  onChange: (columns: string[]) => void;
  onReset: () => void;
}

/** Which columns the table shows; the order follows the option list. */
export function ColumnChooser({ options, value, onChange, onReset }: Props) {
  const { t } = useTranslation();
  const content = (
    <div style={{ width: 220 }}>
      <div style={{ maxHeight: 360, overflow: 'auto' }}>
        <Checkbox.Group
          value={value}
          onChange={(v) => onChange(options.filter((o) => o.locked || v.includes(o.key)).map((o) => o.key))}
          style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
        >
          {options.map((o) => (
            <Checkbox key={o.key} value={o.key} disabled={o.locked}>{o.label}</Checkbox>
          ))}
        </Checkbox.Group>
      </div>
      <Divider style={{ margin: '10px 0' }} />
      <Space>
        <Button size="small" type="link" onClick={onReset} style={{ padding: 0 }}>{t('accounts.resetColumns')}</Button>
      </Space>
    </div>
  );
  return (
    <Popover content={content} title={t('accounts.columns')} trigger="click" placement="bottomRight">
      <Button icon={<SettingOutlined />} data-testid="column-chooser">{t('accounts.columns')}</Button>
    </Popover>
  );
}
