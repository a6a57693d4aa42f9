// Query-string pieces the list endpoints share: comma-separated filters, owner lists and sort keys.
import { z } from 'zod';
import { splitCommaList } from '../../shared/comma-list.js';

/** `a,b` (a value holding a comma writes it as `\,`: shared/comma-list). */
const commaSeparated = z.string().max(2000).transform(splitCommaList);

/** `a,b,c` → ['a', 'b', 'c'] (free values: sources, channels, provinces). */
export const commaList = commaSeparated.optional();

/** `a,b` whose values must each be one of `values`: an unknown one is a 400 naming the allowed ones, not an empty page. */
export const commaListOf = (values: readonly string[]) => commaSeparated
  .refine((xs) => xs.every((x) => values.includes(x)), { message: `每一项须为 ${values.join(', ')} 之一 / each value must be one of ${values.join(', ')}` })
  .optional();

/** Owner filter: user ids and `me`, comma-separated. */
export const ownerIdList = commaSeparated.pipe(z.array(z.union([z.literal('me'), z.uuid()]))).optional();

/** `field` or `-field` (descending), where field is one of `keys`. */
export const sortParam = (keys: readonly string[]) => z.string().regex(/^-?[a-zA-Z]+$/).default('-updatedAt')
  .refine((s) => keys.includes(s.replace(/^-/, '')), { message: `sort must be one of ${keys.join(', ')} (prefix - for descending)` });
