import { v7 } from 'uuid';

/** Time-ordered UUIDs keep primary-key inserts at the right edge of the index. */
export const newId = (): string => v7();
