import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { pageSerializer } from './pagination.js';

const things = pgTable('things', {
  id: uuid('id'), name: text('name'), size: integer('size'), isLocked: boolean('is_locked'),
  at: timestamp('at', { withTimezone: true }), utm: jsonb('utm'),
});
const columns = { id: things.id, name: things.name, size: things.size, isLocked: things.isLocked, at: things.at, utm: things.utm };

const row = (k: number) => ({
  id: `01a21dbc-075b-75d0-a16d-45f8668b3e${String(k).padStart(2, '0')}`,
  name: k % 2 ? `常州优文科技有限公司 "第${k}号" \\ 行\n二` : null,
  size: k % 3 ? k * 10 : null,
  isLocked: k % 2 === 0,
  at: k % 4 ? new Date(Date.UTC(2025, 5, 2, 2, 0, k)) : null,
  utm: k % 5 ? { source: 'douyin', campaign: `618 限时免费试用 ${k}` } : null,
});

describe('pageSerializer', () => {
  const serialize = pageSerializer(columns);

  it('writes the same bytes as JSON.stringify, page by page', () => {
    // Rows of Chinese text past 128 KB as one string, the case it joins row by row for.
    const items = Array.from({ length: 600 }, (_, k) => row(k));
    const pages = [
      { items, nextCursor: 'WyIyMDI1LTA2LTAyIiwiMDFhIl0' },
      { items: items.slice(0, 3), nextCursor: null },
      { items: items.slice(0, 1), nextCursor: null, total: 1, totalIsEstimate: false },
      { items: [], nextCursor: null, total: 0 },
    ];
    for (const page of pages) {
      const bytes = serialize(page);
      expect(bytes.toString('utf8')).toBe(JSON.stringify(page));
    }
  });

  it('leaves out page fields the page does not have', () => {
    expect(serialize({ items: [], nextCursor: undefined as unknown as null }).toString()).toBe('{"items":[]}');
  });
});
