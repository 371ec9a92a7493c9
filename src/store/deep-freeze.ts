/** Freezing what a store hands out to several requests at once. */

/** `value` and everything inside it frozen: nothing may change a bomb shared between requests. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
