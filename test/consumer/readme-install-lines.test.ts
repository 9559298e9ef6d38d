import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { publishedPackages, REPOSITORY } from "./packed-packages.js";

/** The packages a README's `npm install` / `pnpm add` lines name. */
function installed(readme: string): Set<string> {
  const lines = [...readme.matchAll(/(?:npm install|pnpm add) ([^\n#]*)/g)].map((match) => match[1] ?? "");
  return new Set(lines.flatMap((line) => line.split(/\s+/)).filter((word) => /^[@a-z]/.test(word)));
}

/** The packages a README's ```ts blocks import (`@scope/name` or `name`, no `node:` builtins). */
function imported(readme: string): string[] {
  const code = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]).join("\n");
  const specifiers = [...code.matchAll(/from "([^"]+)"/g)].map((match) => match[1] ?? "");
  const names = specifiers
    .filter((specifier) => !specifier.startsWith("node:") && !specifier.startsWith("."))
    .map((specifier) =>
      specifier
        .split("/")
        .slice(0, specifier.startsWith("@") ? 2 : 1)
        .join("/"),
    );
  return [...new Set(names)];
}

/**
 * A newcomer copies the install line, then the example: under pnpm's strict layout an import of a
 * package the line did not name does not resolve, even when npm happens to hoist it.
 */
describe("README install lines", () => {
  const readmes = [
    join(REPOSITORY, "README.md"),
    ...publishedPackages().map(({ directory }) => join(directory, "README.md")),
  ];
  it.each(readmes.map((file) => [file.slice(REPOSITORY.length)]))(
    "%s names every package its examples import",
    (relative) => {
      const readme = readFileSync(join(REPOSITORY, relative), "utf8");
      const named = installed(readme);
      expect(imported(readme).filter((name) => !named.has(name))).toEqual([]);
    },
  );
});
