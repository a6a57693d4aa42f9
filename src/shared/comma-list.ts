// Several values in one query parameter (channel=官网,展会): a comma separates values, and a value holding a comma or
// a backslash writes it as \, or \\ (channel=线下活动\,北京 is one channel). Any other backslash is itself, so a link
// written before values were escaped reads as it did.

/** One parameter's text as its values, trimmed, empty ones dropped. */
export function splitCommaList(text: string): string[] {
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === ',' || text[i + 1] === '\\')) current += text[++i];
    else if (c === ',') {
      values.push(current);
      current = '';
    } else current += c;
  }
  values.push(current);
  return values.map((v) => v.trim()).filter(Boolean);
}

/** The values as one parameter's text (the inverse of splitCommaList). */
export const joinCommaList = (values: readonly string[]): string =>
  values.map((v) => v.replace(/[\\,]/g, (c) => `\\${c}`)).join(',');
