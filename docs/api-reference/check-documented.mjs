// Fails when an entry point has no module comment (`@module <package>`), when a published entry
// point is missing from typedoc.json, or when an exported symbol, or a public member of an
// exported class, has no TSDoc comment. Reads TypeDoc's JSON output (typedoc --json); run by
// `pnpm run docs` after the HTML build.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SYMBOL_KINDS = new Map([
  [8, "enum"],
  [32, "variable"],
  [64, "function"],
  [128, "class"],
  [256, "interface"],
  [2097152, "type"],
]);
const MEMBER_KINDS = new Map([
  [1024, "property"],
  [2048, "method"],
  [262144, "accessor"],
]);
const MODULE = 2;

const here = dirname(fileURLToPath(import.meta.url));
const repository = resolve(here, "../..");
const project = JSON.parse(readFileSync(process.argv[2] ?? "out/api.json", "utf8"));
const missing = [];

// Every source file a package.json `exports` entry names must be a TypeDoc entry point.
const typedoc = JSON.parse(readFileSync(join(here, "typedoc.json"), "utf8"));
const entryPoints = new Set(typedoc.entryPoints.map((entry) => relative(repository, resolve(here, entry))));
const packagesDir = join(repository, "packages");
for (const name of readdirSync(packagesDir)) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(packagesDir, name, "package.json"), "utf8"));
  } catch {
    continue;
  }
  if (manifest.private) continue;
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const source = typeof target === "object" ? target["@podkit/source"] : undefined;
    if (source === undefined) continue;
    const file = relative(repository, resolve(packagesDir, name, source));
    if (!entryPoints.has(file))
      missing.push(
        `${manifest.name}: entry point "${subpath}" (${file}) is not in typedoc.json's entryPoints`,
      );
  }
}

const documented = (reflection) =>
  Boolean(reflection.comment) ||
  [reflection.signatures, reflection.getSignature, reflection.setSignature]
    .flat()
    .some((signature) => Boolean(signature?.comment));
const visit = (node, module) => {
  for (const child of node.children ?? []) {
    if (child.kind === MODULE) {
      if (!child.comment)
        missing.push(`${child.name}: no module comment (a file comment ending in @module <package>)`);
      visit(child, child.name);
      continue;
    }
    const kind = SYMBOL_KINDS.get(child.kind);
    if (kind === undefined) continue;
    if (!documented(child)) missing.push(`${module}: ${kind} ${child.name}`);
    if (child.kind !== 128) continue;
    for (const member of child.children ?? []) {
      const memberKind = MEMBER_KINDS.get(member.kind);
      const flags = member.flags ?? {};
      if (memberKind === undefined || flags.isPrivate || flags.isProtected || member.inheritedFrom) continue;
      if (!documented(member)) missing.push(`${module}: ${kind} ${child.name}: ${memberKind} ${member.name}`);
    }
  }
};
visit(project, project.name);
if (missing.length > 0) {
  console.error(`${missing.length} entry points, exported symbols or public class members are undocumented:`);
  for (const line of missing) console.error(`  ${line}`);
  process.exitCode = 1;
} else console.log("Every entry point, exported symbol and public class member is documented.");
