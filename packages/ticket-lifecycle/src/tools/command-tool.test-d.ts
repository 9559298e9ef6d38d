import type { CapabilityOf, SchemaInput, SchemaOutput, ToolNameOf } from "@podkit/core";
import { expectTypeOf, test } from "vitest";
import { z } from "zod";
import type { TICKET_TOOLS, TicketFeature } from "../ticket-feature.js";
import type { ticketEdit } from "./authoring-tools.js";
import { commandTool } from "./command-tool.js";
import { type ticketAccept, ticketComplete } from "./lease-tools.js";
import type { ticketComment } from "./thread-tools.js";

test("command tools keep their names, capabilities and schemas precisely typed", () => {
  expectTypeOf(ticketComplete.name).toEqualTypeOf<"ticket_complete">();
  expectTypeOf(ticketComplete.capability).toEqualTypeOf<"orchestrate" | readonly "orchestrate"[]>();
  expectTypeOf<SchemaOutput<typeof ticketComplete.input>>().toEqualTypeOf<{
    ticketId: string;
    token: number;
    summary?: string | undefined;
  }>();
  expectTypeOf<SchemaOutput<typeof ticketAccept.output>["lease"]>().toHaveProperty("expiresAt");
  expectTypeOf<SchemaInput<typeof ticketComment.input>["kind"]>().toEqualTypeOf<
    "comment" | "plan" | "decision" | undefined
  >();
  expectTypeOf<SchemaOutput<typeof ticketEdit.output>["ticket"]["id"]>().toEqualTypeOf<string>();
  expectTypeOf<ToolNameOf<TicketFeature>>().toEqualTypeOf<(typeof TICKET_TOOLS)[number]["name"]>();
  expectTypeOf<"ticket_review">().toExtend<ToolNameOf<TicketFeature>>();
  expectTypeOf<"review">().toExtend<CapabilityOf<TicketFeature>>();
});

test("a command tool's input must name its ticket as ticketId", () => {
  commandTool({
    name: "ticket_poke",
    description: "Pokes.",
    capability: "thread",
    // @ts-expect-error the input has no ticketId, the field the tool's scope names
    input: z.object({ id: z.string() }),
    output: z.object({}),
    command: () => ({ type: "comment", kind: "comment", body: "poke" }),
    answer: () => ({}),
  });
});
