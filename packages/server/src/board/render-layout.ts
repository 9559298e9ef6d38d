import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

/** What every page's frame needs. */
export interface LayoutOptions {
  readonly title: string;
  /** Shown in the header with a sign-out button; absent on the sign-in page. */
  readonly signedInAs?: string;
  /** The session's CSRF token, for the sign-out form and the script's requests. */
  readonly csrfToken?: string;
  /** Which page the script is on: it follows the board or one ticket live. */
  readonly page: "board" | "ticket" | "plain";
  readonly ticketId?: string;
  /** The board model's version the page was rendered at: its live stream starts after it. */
  readonly version?: number;
}

/**
 * The page frame. Every value is interpolated through Hono's `html` helper, which escapes it; the
 * only script is `/assets/board.js` (the Content-Security-Policy allows no inline script), so text
 * from a ticket can never run as code.
 */
export function renderLayout(
  options: LayoutOptions,
  content: HtmlEscapedString | Promise<HtmlEscapedString>,
) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · podkit</title>
<link rel="stylesheet" href="/assets/board.css">
${options.csrfToken === undefined ? "" : html`<meta name="csrf-token" content="${options.csrfToken}">`}
<script src="/assets/board.js" defer></script>
</head>
<body data-page="${options.page}" data-ticket="${options.ticketId ?? ""}" data-version="${options.version ?? ""}">
<header class="top">
  <a href="/" class="brand">podkit board</a>
  <span id="live-status" class="live" aria-live="polite"></span>
  ${
    options.signedInAs === undefined
      ? ""
      : html`<span class="who">${options.signedInAs}</span>
  <form method="post" action="/signout" class="inline"><input type="hidden" name="_csrf" value="${options.csrfToken ?? ""}"><button type="submit">Sign out</button></form>`
  }
</header>
<main>
${content}
</main>
</body>
</html>`;
}
