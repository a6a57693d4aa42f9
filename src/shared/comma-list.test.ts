import { describe, expect, it } from 'vitest';
import { joinCommaList, splitCommaList } from './comma-list';

describe('comma lists', () => {
  it('splits on commas, trimming and dropping empty values', () => {
    expect(splitCommaList('官网, 展会,,')).toEqual(['官网', '展会']);
  });

  it('keeps a value holding a comma or a backslash whole through a round trip', () => {
    const values = ['线下活动,北京', 'a\\b', '末尾\\', '官网'];
    const text = joinCommaList(values);
    expect(text).toBe('线下活动\\,北京,a\\\\b,末尾\\\\,官网');
    expect(splitCommaList(text)).toEqual(values);
  });

  it('reads a backslash before anything else as itself, as links written before escaping did', () => {
    expect(splitCommaList('C:\\data,x')).toEqual(['C:\\data', 'x']);
  });
});
