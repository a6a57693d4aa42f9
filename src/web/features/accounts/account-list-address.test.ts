import { describe, expect, it } from 'vitest';
import { accountFiltersFromParams, accountFiltersToParams } from './account-list-address';

describe('account list filters in the address', () => {
  it('reads back what it writes, custom fields included', () => {
    const filters = {
      q: '云栈', industry: ['C', 'I'], level: ['A'], segment: ['KA'], lifecycleStage: ['customer'], province: ['广东省', '浙江省'],
      source: ['website'], ownerId: 'me', tag: '专精特新', 'cf.erp_system': '金蝶',
    };
    expect(accountFiltersFromParams(new URLSearchParams(accountFiltersToParams(filters)))).toEqual(filters);
  });

  it('keeps only filters and values the list accepts from a hand-edited link', () => {
    const params = new URLSearchParams('industry=C,bogus&province=火星&ownerId=somebody&cf.ERP=x&cf.erp_system=用友&sort=-updatedAt&limit=5');
    expect(accountFiltersFromParams(params)).toEqual({ industry: ['C'], 'cf.erp_system': '用友' });
    expect(accountFiltersFromParams(new URLSearchParams('ownerId=01a2266f-dcb4-7089-ad70-5434e4a341e1'))).toEqual({ ownerId: '01a2266f-dcb4-7089-ad70-5434e4a341e1' });
  });

  it('leaves out empty filters', () => {
    expect(accountFiltersToParams({ industry: [], q: '', tag: undefined, level: ['B'] })).toEqual({ level: 'B' });
  });
});
