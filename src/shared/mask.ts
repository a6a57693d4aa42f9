/** 13800138000 → 138****8000; shorter numbers keep their first and last two. */
export function maskMobile(v: string): string {
  if (v.length >= 11) return `${v.slice(0, 3)}****${v.slice(-4)}`;
  if (v.length > 4) return `${v.slice(0, 2)}${'*'.repeat(v.length - 4)}${v.slice(-2)}`;
  return '****';
}

/** zhang.wei@example.com → z***@example.com */
export function maskEmail(v: string): string {
  const at = v.indexOf('@');
  if (at <= 0) return '***';
  return `${v[0]}***${v.slice(at)}`;
}

/** Generic mask for other text fields (WeChat id, notes). */
export function maskText(v: string): string {
  if (v.length <= 2) return '**';
  return `${v[0]}${'*'.repeat(Math.min(6, v.length - 2))}${v[v.length - 1]}`;
}

export function maskValue(field: string, v: unknown): unknown {
  if (v == null || v === '') return v;
  const s = String(v);
  if (field === 'mobile') return maskMobile(s);
  if (field === 'email') return maskEmail(s);
  return maskText(s);
}
