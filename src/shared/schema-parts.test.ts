import { describe, expect, it } from 'vitest';
import { CreateLeadInput } from './lead-contracts.js';
import { text, timeZone } from './schema-parts.js';

describe('text fields', () => {
  it('drop zero-width characters and direction overrides, so an invisible name is no name and nothing renders backwards', () => {
    expect(text(50).min(1).safeParse('\u200b\u2060').success).toBe(false);
    expect(text(50).parse('\u202Egnp.exe\u200b张\u200d三')).toBe('gnp.exe张三');
    const lead = CreateLeadInput.safeParse({ name: '\u200b', company: '\u200b\u200b', mobile: '13812345678', source: 'consultation' });
    expect(lead.success).toBe(false);
    const kept = CreateLeadInput.parse({ name: '王\u200b磊', company: '\u200b\u200b', mobile: '13812345678', source: 'consultation' });
    expect(kept).toMatchObject({ name: '王磊', company: null });
  });

  it('stores a time zone as the runtime spells it', () => {
    expect(timeZone().parse('asia/shanghai')).toBe('Asia/Shanghai');
    expect(timeZone().safeParse('Mars/Olympus').success).toBe(false);
  });
});
