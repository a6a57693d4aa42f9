import { describe, expect, it } from 'vitest';
import { overridesToSave } from './pool-rules';

describe('pool drawer: per-tier overrides as saved', () => {
  it('leaves an emptied box out (as the pool), keeps numbers, and keeps a rule the API switched off', () => {
    expect(overridesToSave({ A: { notFollowedUpDays: null, notWonDays: 60 }, B: { notFollowedUpDays: undefined } }, { A: { notFollowedUpDays: 7 } }))
      .toEqual({ A: { notWonDays: 60 } });
    expect(overridesToSave({ C: { notWonDays: undefined } }, { C: { notWonDays: null } })).toEqual({ C: { notWonDays: null } });
    expect(overridesToSave({ C: { notWonDays: 45 } }, { C: { notWonDays: null } })).toEqual({ C: { notWonDays: 45 } });
    expect(overridesToSave(undefined, undefined)).toEqual({});
  });
});
