import { describe, expect, it } from 'vitest';
import { countLeadFilters, leadFiltersFromParams, leadFiltersToParams } from './lead-list-address';

describe('lead list filters in the address', () => {
  it('reads back what it writes', () => {
    const filters = {
      q: '宁波', tier: ['A', 'B'], status: ['mql'], sourceType: ['active'], source: ['demo_request'], channel: ['百度SEM', '线下活动,北京'],
      noChannel: true, duplicates: 'exclude' as const, slaState: ['breached'], scoreMin: 40, scoreMax: 90, createdFrom: '2026-11-22T16:00:00.000Z', createdTo: '2026-11-29T16:00:00.000Z',
    };
    expect(leadFiltersFromParams(new URLSearchParams(leadFiltersToParams(filters)))).toEqual(filters);
  });

  it('keeps only values the list accepts from a hand-edited link', () => {
    const params = new URLSearchParams('tier=A,Z,A&status=bogus&scoreMin=-3&scoreMax=70&createdFrom=yesterday&channel=,官网,');
    expect(leadFiltersFromParams(params)).toEqual({ tier: ['A'], scoreMax: 70, channel: ['官网'] });
    expect(leadFiltersFromParams(new URLSearchParams('scoreMin=80&scoreMax=20'))).toEqual({ scoreMin: 20, scoreMax: 80 });
    expect(leadFiltersFromParams(new URLSearchParams('noChannel=false&duplicates=some'))).toEqual({});
    // Dates the server would refuse are dropped; a range typed backwards is put in order.
    expect(leadFiltersFromParams(new URLSearchParams('createdFrom=99999&createdTo=-000001-01-01'))).toEqual({});
    expect(leadFiltersFromParams(new URLSearchParams('createdFrom=2026-11-20T00:00:00Z&createdTo=2026-11-10T00:00:00Z')))
      .toEqual({ createdFrom: '2026-11-10T00:00:00.000Z', createdTo: '2026-11-20T00:00:00.000Z' });
  });

  it('counts a range once', () => {
    expect(countLeadFilters({ scoreMin: 1, scoreMax: 2, createdFrom: '2026-11-22T16:00:00.000Z', createdTo: '2026-11-29T16:00:00.000Z', tier: [] })).toBe(2);
    expect(countLeadFilters({})).toBe(0);
    // Channels and "no channel" are one filter, as on the bar.
    expect(countLeadFilters({ channel: ['官网'], noChannel: true, duplicates: 'only' })).toBe(2);
  });
});
