import { expectTypeOf, test } from "vitest";
import { z } from "zod";
import { defineFeature } from "./feature.js";
import { featureToolset, type ToolContractOf } from "./feature-toolset.js";
import { defineTool } from "./tool.js";
import type { ToolResult } from "./tool-result.js";
import type { Toolset } from "./toolset.js";

const add = defineTool({
  name: "notes_add",
  description: "Adds a note.",
  capability: "write",
  input: z.object({ title: z.string(), tags: z.array(z.string()).default([]) }),
  output: z.object({ id: z.string(), created: z.boolean() }),
  execute: (input) => ({ id: input.title, created: true }),
});
const count = defineTool({
  name: "notes_count",
  description: "Counts notes.",
  capability: "read",
  input: z.object({}),
  output: z.number().int(),
  execute: () => 0,
});
const notes = defineFeature({ id: "notes", version: "1.0.0", description: "Notes.", tools: [add, count] });
declare const toolset: Toolset;

test("a feature toolset types each call by the tool's own schemas", () => {
  const typed = featureToolset<typeof notes>(toolset);
  expectTypeOf(typed.call("notes_add", { title: "x" })).resolves.toEqualTypeOf<
    ToolResult<{ id: string; created: boolean }>
  >();
  expectTypeOf(typed.call("notes_count", {})).resolves.toEqualTypeOf<ToolResult<number>>();
});

test("an unknown tool name or a wrong input fails to type-check", () => {
  const typed = featureToolset<typeof notes>(toolset);
  // @ts-expect-error 'notes_remove' is not a tool of feature 'notes'
  void typed.call("notes_remove", {});
  // @ts-expect-error 'title' must be a string
  void typed.call("notes_add", { title: 1 });
  // @ts-expect-error 'title' is required
  void typed.call("notes_add", { tags: [] });
});

test("the contract lists every tool's input (defaults optional) and output", () => {
  expectTypeOf<keyof ToolContractOf<typeof notes>>().toEqualTypeOf<"notes_add" | "notes_count">();
  expectTypeOf<ToolContractOf<typeof notes>["notes_add"]["input"]>().toEqualTypeOf<{
    title: string;
    tags?: string[] | undefined;
  }>();
  expectTypeOf<ToolContractOf<typeof notes>["notes_add"]["output"]>().toEqualTypeOf<{
    id: string;
    created: boolean;
  }>();
});
