import { html } from "hono/html";
import { formatAge } from "./format-age.js";
import { TICKET_ACTIONS } from "./ticket-actions.js";
import type { TicketPage } from "./ticket-view.js";

/**
 * A ticket page's main part: fields, body (as text, never as markup), the whole timeline as
 * `ticket_show` returns it, and a form for each action the viewer's toolset grants.
 */
export function renderTicket(options: {
  readonly page: TicketPage;
  readonly granted: (tool: string) => boolean;
  readonly csrfToken: string;
  readonly now: Date;
}) {
  const { ticket, history } = options.page;
  const actions = TICKET_ACTIONS.filter(
    (action) => options.granted(action.tool) && action.states.includes(ticket.state),
  );
  const holder = ticket.lease?.holder;
  return html`<article class="ticket" id="ticket" data-state="${ticket.state}">
<h1><span class="ticket-id">${ticket.id}</span> ${ticket.title}</h1>
<dl class="fields">
  <dt>State</dt><dd data-field="state">${ticket.state}${ticket.damaged ? html` <strong class="damaged" data-damaged="true">DAMAGED</strong>` : ""}</dd>
  <dt>Priority</dt><dd>${ticket.priority}</dd>
  ${ticket.assignee === null ? "" : html`<dt>Assignee</dt><dd>${ticket.assignee}</dd>`}
  ${ticket.state === "inprogress" && holder !== undefined ? html`<dt>Lease holder</dt><dd>${holder}</dd>` : ""}
  ${ticket.dependsOn.length === 0 ? "" : html`<dt>Depends on</dt><dd>${ticket.dependsOn.join(", ")}</dd>`}
  <dt>Created</dt><dd>${ticket.createdBy}, <time datetime="${ticket.createdAt}">${formatAge(ticket.createdAt, options.now)}</time> ago</dd>
  ${ticket.resolution === null ? "" : html`<dt>Resolution</dt><dd>${ticket.resolution}</dd>`}
</dl>
${
  ticket.damage === undefined
    ? ""
    : html`<section aria-labelledby="damage-heading" class="damage" role="alert">
  <h2 id="damage-heading">Damaged history</h2>
  <p>No granted command could have written these events, so this ticket's state cannot be trusted and it will not be accepted. <code>podkit ticket doctor</code> lists them; repair or close the ticket.</p>
  <ul>${ticket.damage.map((flaw) => html`<li>event ${flaw.seq}: ${flaw.problem}</li>`)}</ul>
</section>`
}
<section aria-labelledby="body-heading">
  <h2 id="body-heading">Body</h2>
  <pre class="body">${ticket.body === "" ? "(empty)" : ticket.body}</pre>
  ${ticket.bodyTruncated ? html`<p class="note">The body is longer than shown.</p>` : ""}
</section>
${ticket.intakeSummary === null ? "" : html`<section aria-labelledby="summary-heading"><h2 id="summary-heading">Intake summary</h2><pre class="body">${ticket.intakeSummary}</pre></section>`}
<section aria-labelledby="timeline-heading">
  <h2 id="timeline-heading">Timeline <span class="count">${history.count}</span></h2>
  ${history.truncated ? html`<p class="note">Showing the latest ${history.events.length} of ${history.count} events.</p>` : ""}
  <ol class="timeline" id="timeline">
  ${history.events.map(
    (event) => html`<li class="event kind-${event.kind}" data-kind="${event.kind}">
    <div class="event-head"><span class="event-kind">${event.kind}</span>${event.from === undefined && event.to === undefined ? "" : html` <span class="event-move">${event.from ?? ""} → ${event.to ?? ""}</span>`} <span class="event-actor">${event.actor}</span> <time datetime="${event.at}">${event.at}</time></div>
    ${event.reason === undefined ? "" : html`<p class="event-reason">${event.reason}</p>`}
    ${event.body === undefined || event.body === "" ? "" : html`<pre class="event-body">${event.body}</pre>`}
  </li>`,
  )}
  </ol>
</section>
${
  actions.length === 0
    ? ""
    : html`<section aria-labelledby="actions-heading" class="actions">
  <h2 id="actions-heading">Actions</h2>
  ${actions.map(
    (
      action,
    ) => html`<form method="post" action="/tickets/${ticket.id}/${action.path}" class="stack action-${action.path}">
    <input type="hidden" name="_csrf" value="${options.csrfToken}">
    ${action.fields.map((field) => {
      const value = action.path === "edit" ? editValue(field.name, ticket) : "";
      return html`<label>${field.label} ${
        field.multiline
          ? html`<textarea name="${field.name}" rows="3"${field.required ? " required" : ""}>${value}</textarea>`
          : html`<input name="${field.name}" value="${value}"${field.required ? " required" : ""}>`
      }</label>`;
    })}
    <button type="submit">${action.label(ticket.id)}</button>
  </form>`,
  )}
</section>`
}
</article>`;
}

function editValue(field: string, ticket: TicketPage["ticket"]): string {
  if (field === "title") return ticket.title;
  if (field === "body") return ticket.bodyTruncated ? "" : ticket.body;
  if (field === "assignee") return ticket.assignee ?? "";
  return "";
}
