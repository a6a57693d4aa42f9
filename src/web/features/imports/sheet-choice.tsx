import { useEffect, useState } from 'react';
import { Alert, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { ErrorAlert } from '../../ui/feedback';
import { localizeMessage } from '../../i18n';

/** Where in the file the import reads its table; left out, the server chooses. */
export interface ReadChoice { sheet?: string; headerRow?: number }

interface Props {
  /** XLSX: the sheet read and the workbook's sheets; a CSV has none. */
  sheet: string | null;
  sheets: string[];
  headerRow: number;
  rowCount: number;
  pending: boolean;
  /** The last re-read's failure: a sheet or header row the server refused says why under the controls. */
  error: unknown;
  onChange: (choice: ReadChoice) => void;
}

/** Which sheet and header row the preview read, with a way to read others when the server guessed wrong. */
export function SheetChoice({ sheet, sheets, headerRow, rowCount, pending, error, onChange }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<number | null>(headerRow);
  useEffect(() => setDraft(headerRow), [headerRow]);
  // Read again when the number is committed (Enter, leaving the box, the arrows), not at every keystroke.
  const commit = (n: number | null) => {
    if (n && Number.isInteger(n) && n >= 1 && n !== headerRow) onChange({ ...(sheet ? { sheet } : {}), headerRow: n });
  };
  const issues = isApiError(error) ? error.fieldIssues.filter((i) => i.path === 'sheet' || i.path === 'headerRow') : [];

  return (
    <div style={{ marginBottom: 12 }}>
      <Space size={16} wrap>
        {sheet !== null && (
          <span>
            {t('imports.sheet')}：
            <Select
              data-testid="import-sheet"
              value={sheet}
              disabled={pending}
              style={{ minWidth: 160 }}
              popupMatchSelectWidth={false}
              // A new sheet has its own header: the server finds it again.
              onChange={(v: string) => onChange({ sheet: v })}
              options={sheets.map((name) => ({ value: name, label: name }))}
            />
          </span>
        )}
        <span>
          {t('imports.headerRow')}：
          <InputNumber
            data-testid="import-header-row"
            value={draft}
            min={1}
            precision={0}
            disabled={pending}
            style={{ width: 96 }}
            onChange={(v) => setDraft(typeof v === 'number' ? v : null)}
            onPressEnter={() => commit(draft)}
            onBlur={() => commit(draft)}
            onStep={(v) => commit(typeof v === 'number' ? v : null)}
          />
          <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>{t('imports.headerRowHint', { n: rowCount })}</Typography.Text>
        </span>
      </Space>
      {issues.length > 0 && (
        <Alert type="error" showIcon style={{ marginTop: 8 }} data-testid="import-read-error"
          title={issues.map((i) => localizeMessage(i.message)).join('；')} />
      )}
      {error != null && !issues.length && <div style={{ marginTop: 8 }}><ErrorAlert error={error} /></div>}
    </div>
  );
}
