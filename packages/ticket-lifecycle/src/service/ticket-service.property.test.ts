import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createManualClock } from "../conformance/manual-clock.js";
import { TicketError } from "../domain/ticket-error.js";
import { TRANSITIONS } from "../domain/workflow.js";
import { concreteCommand, type PlannedAction, plannedAction } from "../testing/command-arbitraries.js";
import { historyViolations } from "../testing/history-invariants.js";
import { RecordingBackend } from "../testing/recording-backend.js";
import { sweepExpiredLeases } from "./lease-sweeper.js";
import { DEFAULT_TICKET_POLICY } from "./ticket-policy.js";
import { TicketService } from "./ticket-service.js";

const INTAKE = { role: "intake", agentId: "intake-1" };
const SWEEPER = { role: "orchestrator", agentId: "sweeper" };

/** Runs the actions against a fresh store through the service; refusals are fine, anything else is not. */
async function run(actions: readonly PlannedAction[], racing: boolean): Promise<RecordingBackend> {
  const clock = createManualClock();
  const backend = new RecordingBackend({ clock: clock.now });
  const service = new TicketService(backend, DEFAULT_TICKET_POLICY);
  const ids: string[] = [];
  const create = async () => ids.push((await service.create(INTAKE, { title: "Random" })).ticket.id);
  for (let index = 0; index < 3; index += 1) await create();
  const perform = async (step: PlannedAction): Promise<void> => {
    if (step.kind === "create") await create();
    else if (step.kind === "advance") clock.advance(step.ms);
    else if (step.kind === "sweep") {
      const policy = {
        ...DEFAULT_TICKET_POLICY,
        onExpiredLease: step.takeover ? "takeover" : "block",
      } as const;
      await backend.as("expire_lease", () => sweepExpiredLeases(new TicketService(backend, policy), SWEEPER));
    } else {
      const ticketId = ids[step.ticket] ?? "T-1";
      const lease = (await backend.read(ticketId))?.ticket.lease;
      const agentId = step.asHolder && lease ? lease.holder : `${step.role}-${step.agent}`;
      const actor = { role: step.role, agentId };
      const liveToken = lease?.token ?? 1;
      const command = concreteCommand(step.command, { actor, ids, liveToken });
      const authoring = command.type === "edit" || command.type === "relate";
      const options = {
        ...(authoring ? service.authorOptions([step.role]) : {}),
        gate: step.role === "human",
      };
      await backend
        .as(command.type, () => service.execute(actor, ticketId, command, options))
        .catch((error: unknown) => {
          if (!TicketError.isInstance(error)) throw error;
        });
    }
  };
  if (racing) {
    for (let index = 0; index < actions.length; index += 3)
      await Promise.all(actions.slice(index, index + 3).map(perform));
  } else {
    for (const step of actions) await perform(step);
  }
  return backend;
}

async function violations(backend: RecordingBackend): Promise<string[]> {
  const { tickets, problems } = await backend.list();
  expect(problems).toEqual([]);
  const found: string[] = [];
  for (const ticket of tickets) {
    const events = (await backend.read(ticket.id))?.events ?? [];
    found.push(...historyViolations(ticket.id, events, (seq) => backend.producerOf(ticket.id, seq)));
  }
  return found;
}

const runs = fc.array(plannedAction, { minLength: 1, maxLength: 80, size: "max" });

describe("TicketService under random commands from random roles", () => {
  it("never writes an invalid history, one command at a time", async () => {
    await fc.assert(
      fc.asyncProperty(runs, async (actions) => {
        expect(await violations(await run(actions, false))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it("never writes an invalid history when commands race three at a time", async () => {
    await fc.assert(
      fc.asyncProperty(runs, async (actions) => {
        expect(await violations(await run(actions, true))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it("exercises every transition of the workflow table along the way", async () => {
    const seen = new Set<string>();
    const longRuns = fc.array(plannedAction, { minLength: 100, maxLength: 150, size: "max" });
    await fc.assert(
      fc.asyncProperty(longRuns, async (actions) => {
        const backend = await run(actions, false);
        for (const ticket of (await backend.list()).tickets) {
          for (const event of (await backend.read(ticket.id))?.events ?? []) {
            const producer = backend.producerOf(ticket.id, event.seq);
            if (event.from !== undefined) seen.add(`${producer}: ${event.from} -> ${event.to}`);
          }
        }
      }),
      { numRuns: 40, seed: 1 },
    );
    const table = TRANSITIONS.flatMap((transition) =>
      transition.from.map((from) => `${transition.command}: ${from} -> ${transition.to}`),
    );
    expect(table.filter((transition) => !seen.has(transition))).toEqual([]);
    expect(seen).toContain("expire_lease: inprogress -> inprogress");
  });
});
