import { describe, it, expect } from 'vitest';
import { PROVINCES, PROVINCE_LABELS, REGION_LABELS } from './dictionaries.js';

describe('province and region labels', () => {
  it('gives every province an English name and keeps its stored Chinese name as the Chinese label', () => {
    expect(PROVINCES).toHaveLength(34);
    for (const p of PROVINCES) {
      const entry = PROVINCE_LABELS.find((e) => e.key === p);
      expect(entry, p).toMatchObject({ zh: p, en: expect.stringMatching(/^[A-Z][A-Za-z ,]+$/) });
    }
    expect(PROVINCE_LABELS.find((e) => e.key === '广东省')?.en).toBe('Guangdong');
    expect(PROVINCE_LABELS.find((e) => e.key === '内蒙古自治区')?.en).toBe('Inner Mongolia');
  });

  it('gives every sales region an English name and keeps the Chinese name as the Chinese label', () => {
    expect(REGION_LABELS.map((r) => r.key)).toEqual(['华北', '东北', '华东', '华中', '华南', '西南', '西北', '港澳台']);
    for (const r of REGION_LABELS) expect(r, r.key).toMatchObject({ zh: r.key, en: expect.stringMatching(/^[A-Z][A-Za-z ,]+$/) });
  });

  it('names no two provinces or regions alike in English, so a label always says which one it is', () => {
    const names = [...PROVINCE_LABELS, ...REGION_LABELS].map((e) => e.en.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });
});
