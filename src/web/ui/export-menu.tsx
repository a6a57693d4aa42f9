import { Button, Dropdown } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

type Format = 'csv' | 'xlsx';

/** 导出 ▾ CSV / XLSX. The server answers with Content-Disposition: attachment, so the page stays where it is. */
export function ExportMenu({ hrefFor, testId }: { hrefFor: (format: Format) => string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Dropdown
      menu={{
        items: [{ key: 'csv', label: t('common.exportCsv') }, { key: 'xlsx', label: t('common.exportXlsx') }],
        onClick: ({ key }) => window.location.assign(hrefFor(key as Format)),
      }}
    >
      <Button icon={<DownloadOutlined />} data-testid={testId}>{t('common.export')}</Button>
    </Dropdown>
  );
}
