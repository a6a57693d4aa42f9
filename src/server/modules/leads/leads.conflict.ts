// 撞单 (two reps claiming one customer): the first valid follow-up within the protection period wins.
// Pure: the dedupe service gathers the competing claims and their follow-ups; the losers are told why.
import { addDays, formatInstant, type Bilingual } from './leads.text.js';

/** `isValid` is decided by the activities module (e.g. a connected call, a visit with a record), not here. */
export interface ConflictFollowUp { at: Date; isValid: boolean }
export interface ConflictClaim { claimId: string; repId: string; repName?: string; claimedAt: Date; followUps: ConflictFollowUp[] }

export interface ConflictResolution {
  /** decided: someone followed up validly in time; pending: windows still open; none_valid: all windows lapsed unused. */
  status: 'decided' | 'pending' | 'none_valid';
  winner: ConflictClaim | null;
  /** While pending: when the last open protection period ends. */
  decideBy: Date | null;
  losers: { claim: ConflictClaim; reason: Bilingual }[];
}

/** Earliest valid follow-up inside the claim's own protection period (from its claim time) and not after now. */
export function findFirstValidFollowUp(claim: ConflictClaim, protectionDays: number, now: Date): Date | null {
  const end = addDays(claim.claimedAt, protectionDays);
  const times = claim.followUps
    .filter((f) => f.isValid && f.at >= claim.claimedAt && f.at <= end && f.at <= now)
    .map((f) => f.at.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}

/** Resolves 撞单 between claims on one customer: the first valid follow-up within protection wins; each loser gets a reason. */
export function resolveConflict(claims: ConflictClaim[], protectionDays: number, now: Date, timeZone?: string): ConflictResolution {
  const fmt = (d: Date) => formatInstant(d, timeZone);
  const rows = claims.map((claim) => ({ claim, first: findFirstValidFollowUp(claim, protectionDays, now), end: addDays(claim.claimedAt, protectionDays) }));
  const contenders = rows.filter((r) => r.first !== null);

  if (!contenders.length) {
    const open = rows.filter((r) => now < r.end);
    if (open.length) {
      const decideBy = new Date(Math.max(...open.map((r) => r.end.getTime())));
      return { status: 'pending', winner: null, decideBy, losers: [] };
    }
    return {
      status: 'none_valid', winner: null, decideBy: null,
      losers: rows.map((r) => ({
        claim: r.claim,
        reason: { zh: `保护期（至 ${fmt(r.end)}）内各方均无有效跟进，客户退回公海`, en: `No one followed up validly within the protection period (until ${fmt(r.end)}); the customer returns to the pool` },
      })),
    };
  }

  // Ties on the same instant go to the earlier claim, then the lower claim id, so every worker agrees.
  contenders.sort((a, b) => a.first!.getTime() - b.first!.getTime() || a.claim.claimedAt.getTime() - b.claim.claimedAt.getTime() || a.claim.claimId.localeCompare(b.claim.claimId));
  const win = contenders[0];
  const winnerName = win.claim.repName ?? win.claim.repId;
  const winAt = fmt(win.first!);
  const losers = rows.filter((r) => r !== win).map((r) => {
    if (r.first) {
      const same = r.first.getTime() === win.first!.getTime();
      return {
        claim: r.claim,
        reason: same
          ? { zh: `${winnerName} 与你同时（${winAt}）有效跟进，按先领取者优先归属 ${winnerName}`, en: `${winnerName} followed up at the same time as you (${winAt}); the earlier claim wins` }
          : { zh: `${winnerName} 于 ${winAt} 在保护期内首次有效跟进，早于你的 ${fmt(r.first)}`, en: `${winnerName} followed up validly at ${winAt}, within the protection period and before your ${fmt(r.first)}` },
      };
    }
    return {
      claim: r.claim,
      reason: now < r.end
        ? { zh: `${winnerName} 已于 ${winAt} 在保护期内首次有效跟进，你尚无有效跟进`, en: `${winnerName} followed up validly at ${winAt} within the protection period; you have no valid follow-up yet` }
        : { zh: `你在保护期（至 ${fmt(r.end)}）内没有有效跟进；${winnerName} 于 ${winAt} 有效跟进`, en: `You had no valid follow-up within your protection period (until ${fmt(r.end)}); ${winnerName} followed up at ${winAt}` },
    };
  });
  return { status: 'decided', winner: win.claim, decideBy: null, losers };
}
