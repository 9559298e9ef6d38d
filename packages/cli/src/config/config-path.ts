/** A zod issue path as written in messages: `orchestrator.pods.coder.command`, `roles.files[0]`. */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === "number") return `${text}[${segment}]`;
    return text === "" ? String(segment) : `${text}.${String(segment)}`;
  }, "");
}

/** Names for a message: `'a', 'b', 'c'`, or `(none)`. */
export function quoteNames(names: Iterable<string>): string {
  const quoted = [...names].map((name) => `'${name}'`);
  return quoted.length === 0 ? "(none)" : quoted.join(", ");
}
