import { html } from "hono/html";
import type { BoardCard } from "./board-card.js";
import { formatAge } from "./format-age.js";

/** What a card may offer: only actions the viewer's toolset grants. */
export interface CardActions {
  /** The viewer may call `ticket_queue`: ready (and blocked) cards get a "Queue T-n" button. */
  readonly canQueue: boolean;
  readonly csrfToken: string;
}

/**
 * One card: id, title, assignee or lease holder, age, and on a ready ticket the Queue button
 * (its accessible name says what it does to which ticket). A damaged ticket's card says
 * DAMAGED in text (and in its accessible name), not by colour alone. Text is escaped by `html`.
 */
export function renderCard(card: BoardCard, actions: CardActions, now: Date) {
  const who = card.leaseHolder ?? card.assignee;
  return html`<article class="card priority-${card.priority}${card.damaged ? " damaged" : ""}" id="card-${card.id}" data-ticket="${card.id}" data-state="${card.state}"${card.damaged ? html` data-damaged="true"` : ""} aria-label="${card.id}: ${card.title}${card.damaged ? " (damaged history)" : ""}">
  ${card.damaged ? html`<strong class="card-damaged" title="No granted command could have written this ticket's history; open it for details">DAMAGED</strong>` : ""}
  <a class="card-id" href="/tickets/${card.id}">${card.id}</a>
  <a class="card-title" href="/tickets/${card.id}">${card.title}</a>
  <div class="card-meta">
    ${who === undefined ? "" : html`<span class="card-who" title="${card.leaseHolder === undefined ? "assignee" : "lease holder"}">${who}</span>`}
    <time class="card-age" datetime="${card.createdAt}" title="created ${card.createdAt}">${formatAge(card.createdAt, now)}</time>
  </div>
  ${
    actions.canQueue && card.state === "ready"
      ? html`<form method="post" action="/tickets/${card.id}/queue" class="card-action"><input type="hidden" name="_csrf" value="${actions.csrfToken}"><button type="submit">Queue ${card.id}</button></form>`
      : ""
  }
</article>`;
}
