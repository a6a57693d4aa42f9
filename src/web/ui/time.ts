// Times on screen are the workspace's: the SLA deadlines, recycle dates, claim days and report weeks the server works
// out are in the workspace's one time zone, so the pages show every time in it too, whatever the browser's zone.
// antd's pickers work in the browser's zone; toPicker and fromPicker carry a wall time across.
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import { DEFAULT_TIME_ZONE } from '../../shared/schema-parts';

dayjs.extend(utc);
dayjs.extend(timezone);

let zone = DEFAULT_TIME_ZONE;

/** Set from /auth/me before any page renders. */
export function setWorkspaceTimeZone(tz: string): void {
  zone = tz;
}

export function workspaceTimeZone(): string {
  return zone;
}

/** The instant in the workspace's zone. */
export function inWorkspaceZone(v: string | Date): Dayjs {
  return dayjs(v).tz(zone);
}

export function formatDateTime(v: string | Date | null | undefined): string {
  return v ? inWorkspaceZone(v).format('YYYY-MM-DD HH:mm') : '';
}

export function formatDate(v: string | Date | null | undefined): string {
  return v ? inWorkspaceZone(v).format('YYYY-MM-DD') : '';
}

const WALL = 'YYYY-MM-DDTHH:mm:ss.SSS';

/** For a picker: a browser-zone value whose date and clock read as the instant does in the workspace's zone. */
export function toPicker(v: string | Date): Dayjs {
  return dayjs(inWorkspaceZone(v).format(WALL));
}

/** The instant a picker's date and clock mean in the workspace's zone, as ISO. */
export function fromPicker(d: Dayjs): string {
  return dayjs.tz(d.format(WALL), zone).toISOString();
}

/** Now, as a picker value (for "not after today" and the like). */
export function pickerNow(): Dayjs {
  return toPicker(new Date());
}

/**
 * The workspace's zone and its UTC offset (Asia/Shanghai, UTC+08:00) when the browser's clock differs from it now,
 * else null: the shell says so, since every time on screen is the workspace's.
 */
export function foreignZoneNote(now = new Date()): { zone: string; offset: string } | null {
  if (dayjs(now).utcOffset() === inWorkspaceZone(now).utcOffset()) return null;
  return { zone, offset: offsetOf(zone, now) };
}

/** A zone's offset from UTC at an instant: UTC+08:00. */
export function offsetOf(tz: string, at = new Date()): string {
  return `UTC${dayjs(at).tz(tz).format('Z')}`;
}
