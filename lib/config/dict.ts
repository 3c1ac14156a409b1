/**
 * Lookup tables keyed by user input (regions, resource types, residency keys) are built with
 * `dict`: a frozen null-prototype copy, so `table["constructor"]` or `table["__proto__"]` is
 * undefined, never a function or Object.prototype that a check would take for an entry.
 */
export function dict<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
