import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { pickerConfig } from './date-picker';
import { foreignZoneNote, formatDate, formatDateTime, fromPicker, pickerNow, setWorkspaceTimeZone, toPicker } from './time';

// The browser is in New York; the workspace is in Shanghai unless a test moves it.
const browserZone = process.env.TZ;
beforeAll(() => { process.env.TZ = 'America/New_York'; });
afterAll(() => { process.env.TZ = browserZone; setWorkspaceTimeZone('Asia/Shanghai'); });

describe('times on screen in the workspace zone', () => {
  it('formats an instant as the workspace reads it, not as the browser does', () => {
    setWorkspaceTimeZone('Asia/Shanghai');
    // 2026-11-29 00:59 UTC: 08:59 in Shanghai, 19:59 the day before in New York.
    expect(formatDateTime('2026-11-29T00:59:00Z')).toBe('2026-11-29 08:59');
    expect(formatDate('2026-11-29T00:59:00Z')).toBe('2026-11-29');
    expect(dayjs('2026-11-29T00:59:00Z').format('YYYY-MM-DD HH:mm')).toBe('2026-11-28 19:59');
    expect(formatDateTime(null)).toBe('');
  });

  it('marks the workspace’s today in a picker, not the browser’s', () => {
    setWorkspaceTimeZone('Asia/Shanghai');
    // The pickers' own "now", compared with today's date in each zone; 13 hours from New York either way.
    const now = pickerConfig.getNow();
    const today = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    expect(now.format('YYYY-MM-DD')).toBe(today('Asia/Shanghai'));
    setWorkspaceTimeZone('Pacific/Kiritimati');
    expect(pickerConfig.getNow().format('YYYY-MM-DD')).toBe(today('Pacific/Kiritimati'));
    setWorkspaceTimeZone('Pacific/Pago_Pago');
    expect(pickerConfig.getNow().format('YYYY-MM-DD')).toBe(today('Pacific/Pago_Pago'));
  });

  it('carries a picker’s wall time to the workspace instant and back', () => {
    setWorkspaceTimeZone('Asia/Shanghai');
    const picked = toPicker('2026-11-29T00:59:00Z');
    expect(picked.format('YYYY-MM-DD HH:mm')).toBe('2026-11-29 08:59');
    expect(fromPicker(picked)).toBe('2026-11-29T00:59:00.000Z');
    // A whole day picked is the workspace's day: Shanghai midnight is 16:00 UTC the day before.
    expect(fromPicker(dayjs('2026-11-29T15:30:00').startOf('day'))).toBe('2026-11-28T16:00:00.000Z');
  });

  it('keeps the wall time across a daylight-saving change in the workspace zone', () => {
    setWorkspaceTimeZone('Europe/Berlin');
    // 2026-03-29: Berlin moves from UTC+1 to UTC+2 at 02:00.
    expect(fromPicker(dayjs('2026-03-28T09:00:00'))).toBe('2026-03-28T08:00:00.000Z');
    expect(fromPicker(dayjs('2026-03-30T09:00:00'))).toBe('2026-03-30T07:00:00.000Z');
    expect(toPicker('2026-03-30T07:00:00Z').format('HH:mm')).toBe('09:00');
  });

  it('says when the browser’s clock is not the workspace’s', () => {
    setWorkspaceTimeZone('Asia/Shanghai');
    expect(foreignZoneNote(new Date('2026-11-29T00:00:00Z'))).toEqual({ zone: 'Asia/Shanghai', offset: 'UTC+08:00' });
    setWorkspaceTimeZone('America/Toronto');
    expect(foreignZoneNote(new Date('2026-11-29T00:00:00Z'))).toBeNull();
    expect(pickerNow().isValid()).toBe(true);
  });
});
