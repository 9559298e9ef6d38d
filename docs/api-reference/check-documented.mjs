// Fails when an exported symbol, or a public member of an exported class, has no TSDoc comment.
// Reads TypeDoc's JSON output (typedoc --json); run by `pnpm docs` after the HTML build.
import { readFileSync } from "node:fs";

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

const project = JSON.parse(readFileSync(process.argv[2] ?? "out/api.json", "utf8"));
const missing = [];
const documented = (reflection) =>
  Boolean(reflection.comment) ||
  [reflection.signatures, reflection.getSignature, reflection.setSignature]
    .flat()
    .some((signature) => Boolean(signature?.comment));
const visit = (node, module) => {
  for (const child of node.children ?? []) {
    if (child.kind === MODULE) {
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
  console.error(`${missing.length} exported symbols or public class members have no TSDoc comment:`);
  for (const line of missing) console.error(`  ${line}`);
  process.exitCode = 1;
} else console.log("Every exported symbol and public class member is documented.");
