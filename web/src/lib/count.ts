/** A number with its noun, singular for one: `1 job`, `3 jobs`, `1 time`. */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
