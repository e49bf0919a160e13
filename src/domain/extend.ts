/**
 * `{ ...base, ...extra }` (and `{ ...base, ...b, ...c }`), without a slow path of V8 on Node 20: an
 * object literal that *starts* with a spread and then adds a key the spread did not copy costs
 * 0.7–2 µs per object — `{ ...o, c: 1 }` 0.68 µs, `{ ...(x ? { a } : {}), b }` 1.45 µs, a job
 * schedule rebuilt that way 1.9 µs — against ~0.1 µs for `Object.assign` onto a fresh object.
 * Not affected: spreads that only override keys the object already has, and (conditional) spreads
 * after a plain property (`{ a, ...(x ? { b } : {}) }`). Used wherever an object is built that way
 * per request or per execution (docs/engine.md "Cost budget"); eslint.config.js refuses the slow
 * form there. For objects Takt built, not raw client JSON: `Object.assign` sets a `__proto__` key
 * (as the prototype) where a spread would copy it.
 */
export function extend<A extends object, B extends object>(base: A, extra: B): Spread<A, B>;
export function extend<A extends object, B extends object, C extends object>(
  base: A,
  b: B,
  c: C,
): Spread<Spread<A, B>, C>;
export function extend(base: object, ...extras: object[]): object {
  // Object.assign copies own enumerable keys left to right, later ones winning, as a spread does.
  return Object.assign({}, base, ...extras) as object;
}

/** The type of `{ ...base, ...extra }`, member by member when `base` is a union (action kinds). */
export type Spread<A, B> = A extends unknown ? Omit<A, keyof B> & B : never;
