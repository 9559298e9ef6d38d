import { defineTool, type ToolContext } from "@podkit/core";
import { z } from "zod";
import { LOCK_NAME_PATTERN, MAX_LOCK_TTL_MS } from "../backend/store-lock.js";
import type { TicketBackend } from "../backend/ticket-backend.js";
import { TICKET_BACKEND } from "../di-tokens.js";

const LockNameSchema = z
  .string()
  .regex(LOCK_NAME_PATTERN, "a lock name is letters, digits, '.', '_' or '-' (e.g. 'merge-queue')")
  .describe("The lock's name, e.g. 'merge-queue'.");

function backendOf(context: ToolContext): TicketBackend {
  return context.container.resolve(TICKET_BACKEND);
}

export const ticketLockAcquire = defineTool({
  name: "ticket_lock_acquire",
  description:
    "Take a named lock in the ticket store for a while (shared by every orchestrator on the store): granted when free, expired or already yours (then extended).",
  capability: "lock",
  hints: { idempotent: true },
  input: z.strictObject({
    name: LockNameSchema,
    ttlMs: z
      .number()
      .int()
      .min(1)
      .max(MAX_LOCK_TTL_MS)
      .describe("How long the lock is yours unless you take it again or release it, in milliseconds."),
  }),
  output: z.object({
    acquired: z.boolean().describe("True when you hold the lock now."),
    holder: z.string().describe("Who holds the lock: you when acquired, else the live holder."),
    expiresAt: z.string().describe("ISO time the holder's lock lapses."),
  }),
  async execute(input, context) {
    const outcome = await backendOf(context).acquireLock({
      name: input.name,
      holder: context.actor.agentId,
      ttlMs: input.ttlMs,
    });
    const lock = outcome.acquired ? outcome.lock : outcome.heldBy;
    return { acquired: outcome.acquired, holder: lock.holder, expiresAt: lock.expiresAt };
  },
});

export const ticketLockRelease = defineTool({
  name: "ticket_lock_release",
  description: "Give up a named store lock you hold; a lock held by someone else is left alone.",
  capability: "lock",
  hints: { idempotent: true },
  input: z.strictObject({ name: LockNameSchema }),
  output: z.object({ released: z.boolean().describe("True when you held the lock and it is now free.") }),
  async execute(input, context) {
    return {
      released: await backendOf(context).releaseLock({ name: input.name, holder: context.actor.agentId }),
    };
  },
});
