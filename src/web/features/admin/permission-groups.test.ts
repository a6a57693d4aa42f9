import { describe, expect, it } from 'vitest';
import { PERMISSIONS, PROTECTED_FIELDS } from '../../../shared/dictionaries';
import en from '../../i18n/en';
import zhCN from '../../i18n/zh-CN';
import { PERMISSION_GROUPS, permissionLabelKey, protectedFieldLabelKey } from './permission-groups';

const lookup = (dict: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], dict);

describe('the role editor’s permissions', () => {
  it('offers every permission once, so an admin can grant each one', () => {
    const offered = PERMISSION_GROUPS.flatMap((g) => g.items);
    expect([...offered].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('names every permission and group in Chinese and English', () => {
    for (const p of PERMISSIONS) {
      expect(lookup(zhCN, permissionLabelKey(p)), p).toEqual(expect.any(String));
      expect(lookup(en, permissionLabelKey(p)), p).toEqual(expect.any(String));
    }
    for (const g of PERMISSION_GROUPS) {
      expect(lookup(zhCN, `admin.roles.groups.${g.group}`), g.group).toEqual(expect.any(String));
      expect(lookup(en, `admin.roles.groups.${g.group}`), g.group).toEqual(expect.any(String));
    }
  });

  it('names every protected field and its entity in both languages', () => {
    for (const [entity, fields] of Object.entries(PROTECTED_FIELDS)) {
      for (const dict of [zhCN, en]) {
        expect(lookup(dict, `entities.${entity}`), entity).toEqual(expect.any(String));
        for (const f of fields) expect(lookup(dict, protectedFieldLabelKey(entity, f)), `${entity}.${f}`).toEqual(expect.any(String));
      }
    }
  });
});
