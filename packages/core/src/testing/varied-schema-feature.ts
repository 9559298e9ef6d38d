import { z } from "zod";
import { defineFeature } from "../feature.js";
import { defineTool } from "../tool.js";

const searchTool = defineTool({
  name: "catalog_search",
  title: "Search the catalog",
  description: "Searches catalog entries.",
  capability: "read",
  hints: { readOnly: true, idempotent: true },
  input: z.object({
    query: z.string().min(1).describe("Words to search for."),
    limit: z.number().int().min(1).max(50).default(10).describe("How many entries to return."),
    status: z.enum(["open", "closed"]).optional().describe("Only entries in this status."),
    owner: z.string().nullable().describe("Owner id, or null for unowned entries."),
    contact: z.email().optional(),
    tags: z.array(z.string()).max(5).optional(),
    sort: z.union([z.literal("asc"), z.literal("desc")]).optional(),
    value: z.union([z.string(), z.number()]).optional(),
    filter: z
      .discriminatedUnion("kind", [
        z.object({ kind: z.literal("label"), label: z.string() }),
        z.object({ kind: z.literal("date"), after: z.string().optional(), before: z.string().optional() }),
      ])
      .optional(),
    page: z
      .object({ cursor: z.string().optional(), size: z.number().int().positive().optional() })
      .optional(),
    metadata: z.record(z.string(), z.string()).optional(),
  }),
  output: z.object({
    items: z.array(z.object({ id: z.string(), score: z.number(), note: z.string().optional() })),
    next: z.string().nullable(),
  }),
  execute: (input) => ({ items: [{ id: input.query, score: input.limit }], next: null }),
});

const countTool = defineTool({
  name: "catalog_count",
  description: "Counts catalog entries.",
  capability: "read",
  input: z.object({ status: z.enum(["open", "closed"]).default("open") }),
  output: z.number().int(),
  execute: () => 3,
});

const deleteTool = defineTool({
  name: "catalog_delete",
  description: "Deletes one catalog entry.",
  capability: "write",
  hints: { destructive: true },
  input: z.object({ id: z.string(), reason: z.string().optional() }),
  output: z.object({ deleted: z.boolean() }),
  execute: () => ({ deleted: true }),
});

/**
 * A feature (`catalog`, granted to `human`) whose tools use every schema shape a tool renderer
 * must handle: defaults, optional and nullable fields, enums, unions, a discriminated union,
 * nested objects, records, a non-object output. For testing renderers such as MCP or OpenAI's.
 */
export const variedSchemaFeature = defineFeature({
  id: "catalog",
  version: "1.0.0",
  description: "A catalog with tools of varied schemas.",
  tools: [searchTool, countTool, deleteTool],
  roles: { human: { capabilities: ["read", "write"] } },
});
