import { html } from "hono/html";
import type { BoardColumnView } from "./board-model.js";
import { type CardActions, renderCard } from "./render-card.js";

/** The board: a section per column with its count, its cards, and a create form when granted. */
export function renderBoard(options: {
  readonly columns: readonly BoardColumnView[];
  readonly actions: CardActions;
  readonly canCreate: boolean;
  readonly now: Date;
}) {
  const { columns, actions, now } = options;
  return html`<h1 class="visually-hidden">Board</h1>
${
  options.canCreate
    ? html`<details class="create"><summary>New ticket</summary>
<form method="post" action="/tickets" class="stack">
  <input type="hidden" name="_csrf" value="${actions.csrfToken}">
  <label>Title <input name="title" required maxlength="200"></label>
  <label>Body <textarea name="body" rows="4"></textarea></label>
  <button type="submit">Create ticket</button>
</form></details>`
    : ""
}
<div class="board">
${columns.map(
  (
    column,
  ) => html`<section class="column" data-column="${column.state}" aria-labelledby="column-${column.state}">
  <h2 id="column-${column.state}">${column.title} <span class="count" data-count="${column.state}">${column.count}</span></h2>
  <div class="cards">
  ${column.cards.map((card) => renderCard(card, actions, now))}
  </div>
  ${column.count > column.cards.length ? html`<p class="more">and ${column.count - column.cards.length} more</p>` : ""}
</section>`,
)}
</div>`;
}
