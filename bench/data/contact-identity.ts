// Unique contact handles by construction: a global contact index goes through keyed permutations to a
// mainland mobile and to a handle number for free mail and WeChat, so none repeats in a dataset.
import { Permutation } from './permutation.js';
import type { Rng, Weighted } from './random.js';

// Real mainland segments; the count is how many blocks of 10 million numbers each gets, so 138/139 are
// common and 145/170 rare, roughly as on real business cards.
const MOBILE_SEGMENTS = `130:6 131:6 132:6 133:6 134:5 135:8 136:8 137:8 138:10 139:10 145:1 147:2 150:6 151:6 152:5
153:5 155:5 156:5 157:5 158:7 159:7 166:2 170:1 171:1 173:2 175:1 176:2 177:2 178:2 180:5 181:5 182:5 183:5 184:2
185:5 186:6 187:6 188:6 189:6 191:2 193:1 195:1 198:2 199:3`;

const BLOCK = 1e7;
const blockSegments: { segment: string; firstBlock: number }[] = [];
for (const token of MOBILE_SEGMENTS.split(/\s+/)) {
  const [segment, blocks] = token.split(':');
  const firstBlock = blockSegments.length;
  for (let b = 0; b < Number(blocks); b++) blockSegments.push({ segment, firstBlock });
}

export const MOBILE_SPACE = blockSegments.length * BLOCK;
/** Free-mail and WeChat handles are numbered from this space, one number per contact. */
export const HANDLE_SPACE = 1e8;

export interface ContactPermutations { mobiles: Permutation; handles: Permutation }

export function contactPermutations(rng: Rng): ContactPermutations {
  return {
    mobiles: new Permutation(MOBILE_SPACE, rng.fork('mobiles')),
    handles: new Permutation(HANDLE_SPACE, rng.fork('handles')),
  };
}

/** 11 digits, 1[3-9]…, distinct for every contact index. */
export function mobileFor(perms: ContactPermutations, contactIndex: number): string {
  const k = perms.mobiles.at(contactIndex);
  const block = Math.floor(k / BLOCK);
  const { segment, firstBlock } = blockSegments[block];
  const withinSegment = (block - firstBlock) * BLOCK + (k % BLOCK);
  return segment + String(withinSegment).padStart(8, '0');
}

const MOBILE_STYLES: Weighted<'plain' | 'international' | 'dashed'> = [['plain', 8], ['international', 1], ['dashed', 1]];

/** 13800138000 · +86 138 0013 8000 · 138-0013-8000, as people type them. */
export function formatMobile(rng: Rng, mobile: string): string {
  const style = rng.weighted(MOBILE_STYLES);
  const [a, b, c] = [mobile.slice(0, 3), mobile.slice(3, 7), mobile.slice(7)];
  return style === 'international' ? `+86 ${a} ${b} ${c}` : style === 'dashed' ? `${a}-${b}-${c}` : mobile;
}

export interface PersonName { name: string; surnameAscii: string; givenAscii: string[] }

const LOCAL_PART_STYLES: Weighted<'full' | 'given-dot-surname' | 'surname-dot-given' | 'surname-initials'> = [
  ['full', 5], ['given-dot-surname', 2], ['surname-dot-given', 2], ['surname-initials', 1],
];

/** zhangwei · wei.zhang · zhang.wei · zhangw — letters and dots only, so a number can follow unambiguously. */
export function emailLocalPart(rng: Rng, person: PersonName): string {
  const given = person.givenAscii.join('');
  switch (rng.weighted(LOCAL_PART_STYLES)) {
    case 'given-dot-surname': return `${given}.${person.surnameAscii}`;
    case 'surname-dot-given': return `${person.surnameAscii}.${given}`;
    case 'surname-initials': return person.surnameAscii + person.givenAscii.map((s) => s[0]).join('');
    default: return person.surnameAscii + given;
  }
}

/**
 * A free-mail address unique to the contact: QQ mail is the QQ number (n·10^8 + handle, so the handle is
 * recoverable), 163/126 append the handle to the name.
 */
export function freeMailFor(rng: Rng, perms: ContactPermutations, contactIndex: number, local: string, domain: string): string {
  const handle = perms.handles.at(contactIndex);
  if (domain === 'qq.com') return `${rng.int(1, 29) * HANDLE_SPACE + handle}@qq.com`;
  return `${local}${handle}@${domain}`;
}

/** wxid_… (the default id WeChat assigns), the mobile number, or pinyin with a number. */
export function wechatFor(rng: Rng, perms: ContactPermutations, contactIndex: number, local: string, mobile: string | null): string {
  const roll = rng.float();
  if (mobile && roll < 0.3) return mobile;
  const handle = perms.handles.at(contactIndex);
  if (roll < 0.65) {
    let tail = '';
    for (let i = 0; i < 8; i++) tail += rng.int(0, 35).toString(36);
    return `wxid_${handle.toString(36).padStart(6, '0')}${tail}`;
  }
  return `${local.replace(/\./g, '_')}${handle}`;
}
