import { defineTool } from "@podkit/core";
import { z } from "zod";

const PRIORITIES = ["low", "normal", "high"] as const;

/** The zod shape of the benchmark tool's input; fresh objects per call, as separate tools would have. */
export function addInputShape() {
  return {
    title: z.string().min(1).max(120).describe("A short title, 1 to 120 characters."),
    body: z.string().max(10_000).default("").describe("The note's text."),
    tags: z.array(z.string().min(1)).max(10).default([]).describe("Up to 10 tags."),
    priority: z.enum(PRIORITIES).optional().describe("How urgent it is; normal when absent."),
  };
}

/** The zod shape of the benchmark tool's output. */
export function addOutputShape() {
  return {
    id: z.string().describe("The new note's id."),
    title: z.string().describe("The title as stored."),
    tags: z.array(z.string()).describe("The tags as stored."),
    priority: z.enum(PRIORITIES).describe("The priority as stored."),
  };
}

type AddInput = z.output<z.ZodObject<ReturnType<typeof addInputShape>>>;
type AddOutput = z.input<z.ZodObject<ReturnType<typeof addOutputShape>>>;

let sequence = 0;

/** The handler every variant runs: cheap on purpose, so the measurement is the call path's cost. */
export function handleAdd(input: AddInput): AddOutput {
  sequence += 1;
  return { id: `n${sequence}`, title: input.title, tags: input.tags, priority: input.priority ?? "normal" };
}

/** A typical call: every field present, defaults not needed. */
export const ADD_SAMPLE_INPUT = {
  title: "Write the tool-call benchmark",
  body: "Compare bare parse + handler, toolset.call and MCP callTool.",
  tags: ["bench", "podkit"],
  priority: "high",
} as const;

/** The benchmark tool as podkit defines it; `capability` lets the many-features fixture vary it. */
export function createAddTool(name: string, capability = "write") {
  return defineTool({
    name,
    description: "Adds a note and returns its id.",
    capability,
    input: z.object(addInputShape()),
    output: z.object(addOutputShape()),
    execute: (input) => handleAdd(input),
  });
}
