/**
 * A keyword strict mode cannot carry, in words for the description: the model still learns the
 * rule (`maxLength: 4000` → "at most 4000 characters"), and the toolset still enforces it.
 */
export function describeDropped(keyword: string, value: unknown): string {
  const count = (noun: string) => `${String(value)} ${noun}${value === 1 ? "" : "s"}`;
  switch (keyword) {
    case "minLength":
      return `at least ${count("character")}`;
    case "maxLength":
      return `at most ${count("character")}`;
    case "minimum":
      return `at least ${String(value)}`;
    case "maximum":
      return `at most ${String(value)}`;
    case "exclusiveMinimum":
      return `more than ${String(value)}`;
    case "exclusiveMaximum":
      return `less than ${String(value)}`;
    case "multipleOf":
      return `a multiple of ${String(value)}`;
    case "minItems":
      return `at least ${count("item")}`;
    case "maxItems":
      return `at most ${count("item")}`;
    case "uniqueItems":
      return value === true ? "no duplicates" : "duplicates allowed";
    case "minProperties":
      return `at least ${count("entry").replace("entrys", "entries")}`;
    case "maxProperties":
      return `at most ${count("entry").replace("entrys", "entries")}`;
    case "format":
      return `format: ${String(value)}`;
    case "pattern":
      return `matching ${String(value)}`;
    case "default":
      return `default ${JSON.stringify(value)}`;
    default:
      return `${keyword}: ${JSON.stringify(value)}`;
  }
}
