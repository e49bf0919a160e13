/**
 * ARM list envelope: `value` always present (`[]` when empty), `nextLink` only when items remain
 * (never `null`: output holds no nulls; clients treat absent and null alike).
 */
export function formatArmList(value: readonly unknown[], nextLink?: string): Record<string, unknown> {
  return nextLink === undefined ? { value } : { value, nextLink };
}
