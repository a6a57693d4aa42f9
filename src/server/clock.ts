/** Time as a dependency, so tests and timed rules can move it. */
export interface Clock { now(): Date }
export const systemClock: Clock = { now: () => new Date() };
