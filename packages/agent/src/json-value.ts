/** A JSON value: what every transcript field is, so a transcript can be written as JSON lines. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * `value` as plain JSON, detached from the caller's objects: what `JSON.stringify` keeps
 * (`undefined` becomes `null`; values that cannot be serialised become their description).
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === undefined) return null;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? null : (JSON.parse(text) as JsonValue);
  } catch (error) {
    return `(not serialisable: ${error instanceof Error ? error.message : String(error)})`;
  }
}
