import { readFileSync } from "node:fs";

/**
 * The `podkit` package's version, read from its package.json: one directory up from the compiled
 * module (`dist/`), or two from the bundled bin (`dist/bin/`).
 */
export function cliVersion(): string {
  for (const path of ["../package.json", "../../package.json"]) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === "podkit" && typeof manifest.version === "string") return manifest.version;
    } catch {
      // Not there from this layout; try the next.
    }
  }
  return "unknown";
}
