import { useState } from 'react';
import { useLocation } from 'react-router';
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

interface StackState { key: string; stack: (string | null)[] }

/** Where a history entry keeps its pages, so Back from a lead and a reload come back to the page that was open. */
const storageKeyOf = (entry: string) => `baton.pages.${entry}`;

function readStack(entry: string, resetKey: string): StackState {
  try {
    const saved = JSON.parse(sessionStorage.getItem(storageKeyOf(entry)) ?? 'null') as StackState | null;
    if (saved?.key === resetKey && Array.isArray(saved.stack) && saved.stack[0] === null) return saved;
  } catch { /* unreadable: start at the first page */ }
  return { key: resetKey, stack: [null] };
}

/**
 * A stack of cursors: the first page has none (null); “下一页” pushes the next cursor, “上一页” pops. The stack is kept
 * per history entry (the router's location key), so returning to the list with Back, or reloading it, reopens the
 * page that was open; a cursor is not a page number, so a copied link still opens the first page.
 */
export function useCursorStack(resetKey: string) {
  const entry = useLocation().key;
  const [state, setRaw] = useState<StackState>(() => readStack(entry, resetKey));
  const setState = (next: StackState) => {
    setRaw(next);
    try { sessionStorage.setItem(storageKeyOf(entry), JSON.stringify(next)); } catch { /* the pager still works */ }
  };
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
