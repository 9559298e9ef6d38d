import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SOURCE = dirname(fileURLToPath(import.meta.url));
const LOCAL_IMPORT = /(?:^|\n)\s*(?:import|export)\b[^"';]*?(?:from\s*)?["'](\.{1,2}\/[^"']+)\.js["']/g;

/** Core's source modules (tests left out) and the core modules each imports, values and types alike. */
function moduleGraph(): Map<string, string[]> {
  const files = readdirSync(SOURCE, { recursive: true, encoding: "utf8" }).filter(
    (file) => file.endsWith(".ts") && !/\.test(-d)?\.ts$/.test(file),
  );
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(SOURCE, file), "utf8");
    const imports = [...text.matchAll(LOCAL_IMPORT)].map((match) =>
      relative(SOURCE, join(SOURCE, dirname(file), `${match[1]}.ts`)),
    );
    graph.set(file, imports);
  }
  return graph;
}

/** Every import cycle, each as the path of modules that closes it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (module: string, path: string[]) => {
    const start = path.indexOf(module);
    if (start >= 0) {
      found.push([...path.slice(start), module]);
      return;
    }
    if (done.has(module)) return;
    for (const imported of graph.get(module) ?? []) visit(imported, [...path, module]);
    done.add(module);
  };
  for (const module of graph.keys()) visit(module, []);
  return found;
}

describe("@podkit/core's modules", () => {
  const graph = moduleGraph();

  it("are read from the source tree", () => {
    expect(graph.get("toolset.ts")).toContain("tool-grant.ts");
    expect(graph.get("feature.ts")).toContain("feature-grant.ts");
  });

  it("import each other without cycles, types included", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("keep schema/ below the rest: it imports only schema/ and the error root", () => {
    const upward = [...graph]
      .filter(([module]) => module.startsWith("schema/"))
      .flatMap(([module, imports]) =>
        imports
          .filter((imported) => !imported.startsWith("schema/") && imported !== "errors.ts")
          .map((imported) => `${module} -> ${imported}`),
      );
    expect(upward).toEqual([]);
    expect(graph.get("errors.ts")).toEqual([]);
  });
});
