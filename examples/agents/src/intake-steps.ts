import type { Toolset } from "@podkit/core";

/** A ticket the intake agent shapes: title, body, the intake summary, and the titles it depends on. */
export interface TicketSpec {
  readonly title: string;
  readonly body: string;
  readonly summary: string;
  readonly dependsOn?: readonly string[];
}

/**
 * Intake as a model would do it through the intake toolset: create each ticket, relate it to
 * what it depends on, write the intake summary and mark it ready. Returns ids by title.
 */
export async function runIntake(
  toolset: Toolset,
  specs: readonly TicketSpec[],
  log: (line: string) => void = () => {},
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const call = async <T>(tool: string, input: Record<string, unknown>): Promise<T> => {
    const result = await toolset.call(tool, JSON.parse(JSON.stringify(input)));
    if (!result.ok) throw new Error(`${tool} refused: ${result.error.code}: ${result.error.message}`);
    return result.output as T;
  };
  for (const spec of specs) {
    const created = await call<{ ticket: { id: string } }>("ticket_create", {
      title: spec.title,
      body: spec.body,
    });
    ids.set(spec.title, created.ticket.id);
    log(`intake: created ${created.ticket.id} "${spec.title}"`);
    for (const dependency of spec.dependsOn ?? []) {
      const target = ids.get(dependency);
      if (target === undefined)
        throw new Error(`'${spec.title}' depends on '${dependency}', which must be listed before it.`);
      await call("ticket_relate", { ticketId: created.ticket.id, relation: "depends_on", target });
      log(`intake: ${created.ticket.id} depends on ${target}`);
    }
    await call("ticket_mark_ready", { ticketId: created.ticket.id, summary: spec.summary });
    log(`intake: ${created.ticket.id} is ready for the human gate`);
  }
  return ids;
}
