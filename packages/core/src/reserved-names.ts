/**
 * Names that cannot key a plain object safely: as a role, feature or record key they are read
 * through `Object.prototype` (a role named `constructor` "inherits" a function) or dropped on the
 * way in (`__proto__`), so podkit refuses them wherever a name becomes a key.
 */
export const RESERVED_NAMES: readonly string[] = ["__proto__", "constructor", "prototype"];

/** True for a name in {@link RESERVED_NAMES}. */
export function isReservedName(name: string): boolean {
  return RESERVED_NAMES.includes(name);
}

/** One reserved key found in parsed data: its path (segments) and the key itself. */
export interface ReservedKey {
  readonly path: readonly PropertyKey[];
  readonly key: string;
}

/**
 * Every reserved key anywhere in parsed YAML or JSON, found before a schema sees the data (zod
 * drops a `__proto__` key without a word).
 */
export function findReservedKeys(data: unknown, path: readonly PropertyKey[] = []): ReservedKey[] {
  if (Array.isArray(data)) return data.flatMap((item, index) => findReservedKeys(item, [...path, index]));
  if (typeof data !== "object" || data === null) return [];
  return Object.keys(data).flatMap((key) => [
    ...(isReservedName(key) ? [{ path: [...path, key], key }] : []),
    ...findReservedKeys((data as Record<string, unknown>)[key], [...path, key]),
  ]);
}

/** The message for a reserved key, the same in every file. */
export function reservedNameMessage(key: string): string {
  return `'${key}' is a reserved name (it collides with JavaScript object internals); choose another. Reserved: '__proto__', 'constructor', 'prototype'.`;
}
