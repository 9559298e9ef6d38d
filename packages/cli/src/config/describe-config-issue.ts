import type { z } from "zod";

/**
 * One validation issue as a sentence that says what was found and what is allowed:
 * `got 'steal'; allowed: 'block', 'takeover'`. Needs issues parsed with `reportInput: true`.
 */
export function describeConfigIssue(issue: z.core.$ZodIssue): string {
  const input = issue.input;
  switch (issue.code) {
    case "invalid_type":
      return input === undefined
        ? `is required (expected ${issue.expected})`
        : `got ${showValue(input)}; expected ${issue.expected}`;
    case "invalid_value":
      return `${found(input)}; allowed: ${issue.values.map(showValue).join(", ")}`;
    case "invalid_union": {
      if (issue.discriminator === undefined) return withInput(issue.message, input);
      const value =
        typeof input === "object" && input !== null
          ? (input as Record<string, unknown>)[issue.discriminator]
          : undefined;
      const options = (issue as { options?: readonly unknown[] }).options ?? [];
      return `${found(value)}; allowed: ${options.map(showValue).join(", ")}`;
    }
    case "too_small":
      return `${found(input)}; ${bound("at least", issue.origin, issue.minimum, issue.inclusive ?? true)}`;
    case "too_big":
      return `${found(input)}; ${bound("at most", issue.origin, issue.maximum, issue.inclusive ?? true)}`;
    case "unrecognized_keys":
      return issue.message;
    case "invalid_key":
      return `invalid name ${showValue(input)}: ${issue.issues.map((inner) => inner.message).join("; ")}`;
    default:
      return withInput(issue.message, input);
  }
}

function found(input: unknown): string {
  return input === undefined ? "is required" : `got ${showValue(input)}`;
}

function bound(
  relation: "at least" | "at most",
  origin: string,
  limit: number | bigint | Date,
  inclusive: boolean,
): string {
  const value = String(limit);
  if (origin === "string") return `must be ${relation} ${value} character${value === "1" ? "" : "s"} long`;
  if (origin === "array" || origin === "set")
    return `must have ${relation} ${value} item${value === "1" ? "" : "s"}`;
  if (inclusive) return `must be ${relation} ${value}`;
  return `must be ${relation === "at least" ? "greater" : "less"} than ${value}`;
}

function withInput(message: string, input: unknown): string {
  return input === undefined ? message : `${message} (got ${showValue(input)})`;
}

/** A value as it would appear in the YAML file, bounded for a message. */
export function showValue(value: unknown): string {
  if (typeof value === "string") return `'${value.length > 80 ? `${value.slice(0, 80)}…` : value}'`;
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list (${shorten(value)})`;
  if (typeof value === "object") return `a mapping (${shorten(value)})`;
  return String(value);
}

function shorten(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
