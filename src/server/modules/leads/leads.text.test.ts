import { describe, expect, it } from 'vitest';
import { findStartOfDate, findStartOfDay, formatInstant } from './leads.text.js';

/** What Intl itself says the wall clock reads: the reference the cached offsets must match. */
function wallClock(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu'];

describe('wall-clock formatting in a time zone', () => {
  it('agrees with Intl minute by minute across daylight-saving changes, including half-hour ones', () => {
    // Each zone's 2025 transitions, walked in 7-minute steps for two days around each (and a plain stretch in Shanghai).
    const starts = ['2025-03-08T00:00Z', '2025-11-01T00:00Z', '2025-03-29T00:00Z', '2025-10-25T00:00Z', '2025-04-05T00:00Z', '2025-10-04T00:00Z', '2025-06-01T00:00Z'];
    for (const timeZone of ZONES) {
      for (const start of starts) {
        for (let t = Date.parse(start); t < Date.parse(start) + 2 * 86_400_000; t += 7 * 60_000 + 13_000) {
          expect(formatInstant(new Date(t), timeZone), `${timeZone} ${new Date(t).toISOString()}`).toBe(wallClock(new Date(t), timeZone));
        }
      }
    }
  });

  it('finds local midnight, also on the day the clocks change', () => {
    expect(findStartOfDay(new Date('2025-06-02T01:59:00Z'), 'Asia/Shanghai').toISOString()).toBe('2025-06-01T16:00:00.000Z');
    expect(findStartOfDay(new Date('2025-06-02T16:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2025-06-02T16:00:00.000Z');
    // New York springs forward at 02:00 on 9 March 2025: midnight was still EST (UTC−5), the evening is EDT.
    expect(findStartOfDay(new Date('2025-03-09T22:00:00Z'), 'America/New_York').toISOString()).toBe('2025-03-09T05:00:00.000Z');
    expect(findStartOfDay(new Date('2025-11-02T20:00:00Z'), 'America/New_York').toISOString()).toBe('2025-11-02T04:00:00.000Z');
  });

  it('finds where a calendar date begins, east and west of Greenwich and across a clock change', () => {
    expect(findStartOfDate('2025-06-02', 'Asia/Shanghai').toISOString()).toBe('2025-06-01T16:00:00.000Z');
    expect(findStartOfDate('2025-06-02', 'Pacific/Kiritimati').toISOString()).toBe('2025-06-01T10:00:00.000Z');
    expect(findStartOfDate('2025-06-02', 'Pacific/Honolulu').toISOString()).toBe('2025-06-02T10:00:00.000Z');
    expect(findStartOfDate('2025-03-09', 'America/New_York').toISOString()).toBe('2025-03-09T05:00:00.000Z');
    expect(findStartOfDate('2025-03-10', 'America/New_York').toISOString()).toBe('2025-03-10T04:00:00.000Z');
  });
});
