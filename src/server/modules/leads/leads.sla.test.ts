import { describe, it, expect } from 'vitest';
import { HOUR_MS } from './leads.text.js';
import { DEFAULT_SLA_POLICY, slaState } from './leads.sla.js';

const assignedAt = new Date('2025-03-10T01:00:00Z'); // 09:00 Beijing
const at = (h: number) => new Date(assignedAt.getTime() + h * HOUR_MS);
const lead = { tier: 'A' as const, assignedAt, ownerId: 'u1', ownerManagerId: 'm1' };

describe('slaState', () => {
  it('gives A and B leads 24 h from assignment, C 72 h and D none', () => {
    expect(slaState(lead, DEFAULT_SLA_POLICY, at(1)).deadline).toEqual(at(24));
    expect(slaState({ ...lead, tier: 'B' }, DEFAULT_SLA_POLICY, at(1)).deadline).toEqual(at(24));
    expect(slaState({ ...lead, tier: 'C' }, DEFAULT_SLA_POLICY, at(1)).deadline).toEqual(at(72));
    expect(slaState({ ...lead, tier: 'D' }, DEFAULT_SLA_POLICY, at(1))).toMatchObject({ state: 'none', deadline: null });
  });

  it('has no SLA before an owner is assigned', () => {
    expect(slaState({ ...lead, assignedAt: null }, DEFAULT_SLA_POLICY, at(100)).state).toBe('none');
  });

  it('moves on_track → warning 4 h before the deadline → breached at the deadline', () => {
    expect(slaState(lead, DEFAULT_SLA_POLICY, at(19.9)).state).toBe('on_track');
    const warning = slaState(lead, DEFAULT_SLA_POLICY, at(20));
    expect(warning.state).toBe('warning');
    expect(warning.warnAt).toEqual(at(20));
    expect(warning.reason.zh).toBe('还剩约 4 小时需首次跟进（时限 2025-03-11 09:00）');
    expect(slaState(lead, DEFAULT_SLA_POLICY, at(23.99)).state).toBe('warning');
    expect(slaState(lead, DEFAULT_SLA_POLICY, at(24)).state).toBe('breached');
  });

  it('escalates a breach to the owner’s manager, and says so when there is none', () => {
    expect(slaState(lead, DEFAULT_SLA_POLICY, at(30))).toMatchObject({ state: 'breached', escalateTo: 'm1' });
    const orphan = slaState({ ...lead, ownerManagerId: null }, DEFAULT_SLA_POLICY, at(30));
    expect(orphan.escalateTo).toBeNull();
    expect(orphan.reason.zh).toContain('无上级');
  });

  it('is met by a first touch on time, and stays breached after a late one without escalating again', () => {
    expect(slaState({ ...lead, firstTouchedAt: at(23) }, DEFAULT_SLA_POLICY, at(100)).state).toBe('met');
    expect(slaState({ ...lead, firstTouchedAt: at(25) }, DEFAULT_SLA_POLICY, at(100))).toMatchObject({ state: 'breached', escalateTo: null });
  });

  it('follows a tenant policy with a wider warning window', () => {
    const policy = { firstTouchHours: { A: 2, B: 8, C: null, D: null }, warningHours: 6 };
    expect(slaState(lead, policy, at(0)).state).toBe('warning');
    expect(slaState({ ...lead, tier: 'C' }, policy, at(0)).state).toBe('none');
  });
});
