import { useState } from 'react';
import { Button, Select, Space } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** The page sizes a list offers. */
export const PAGE_SIZES = [20, 50, 100];

interface Props {
  page: number;
  hasPrev: boolean;
  hasNext: boolean;
  onPrev: () => void;
  onNext: () => void;
  pageSize: number;
  onPageSize: (size: number) => void;
  total?: number;
  totalIsEstimate?: boolean;
  loading?: boolean;
}

/** 上一页/下一页 over keyset cursors: there are no page numbers to jump to, only the way back and forth. */
export function KeysetPager({ page, hasPrev, hasNext, onPrev, onNext, pageSize, onPageSize, total, totalIsEstimate, loading }: Props) {
  const { t } = useTranslation();
  const totalText = total == null ? '' : totalIsEstimate ? `${total.toLocaleString()}+` : total.toLocaleString();
  return (
    <div className="baton-pager">
      <span data-testid="list-total">{total != null ? t('common.total', { total: totalText }) : ''}</span>
      <Space size={8}>
        <span>{t('common.pageN', { page })}</span>
        <Button size="small" icon={<LeftOutlined />} disabled={!hasPrev || loading} onClick={onPrev}>{t('common.prevPage')}</Button>
        <Button size="small" disabled={!hasNext || loading} onClick={onNext}>
          {t('common.nextPage')} <RightOutlined />
        </Button>
        <Select
          size="small"
          value={pageSize}
          onChange={onPageSize}
          style={{ width: 108 }}
          options={PAGE_SIZES.map((n) => ({ value: n, label: t('common.perPage', { n }) }))}
        />
      </Space>
    </div>
  );
}

/** A stack of cursors: the first page has none (null); “下一页” pushes the next cursor, “上一页” pops. */
export function useCursorStack(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: (string | null)[] }>({ key: resetKey, stack: [null] });
  // Any change of filters, sort or page size starts again from the first page.
  const stack = state.key === resetKey ? state.stack : [null];
  return {
    cursor: stack[stack.length - 1],
    page: stack.length,
    hasPrev: stack.length > 1,
    next: (cursor: string) => setState({ key: resetKey, stack: [...stack, cursor] }),
    prev: () => setState({ key: resetKey, stack: stack.slice(0, -1) }),
    reset: () => setState({ key: resetKey, stack: [null] }),
  };
}
