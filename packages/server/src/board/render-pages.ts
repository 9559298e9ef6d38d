import { html } from "hono/html";

/** The sign-in form: a human pastes the token `podkit token create --role human` printed. */
export function renderSignIn(options: { readonly csrfToken: string; readonly problem?: string }) {
  return html`<h1>Sign in</h1>
${options.problem === undefined ? "" : html`<p class="error" role="alert">${options.problem}</p>`}
<form method="post" action="/signin" class="stack">
  <input type="hidden" name="_csrf" value="${options.csrfToken}">
  <label>Token <input name="token" type="password" autocomplete="off" required></label>
  <button type="submit">Sign in</button>
</form>
<p class="note">Create a token with <code>podkit token create --role human --agent YOUR-NAME</code>; it is shown once.</p>`;
}

/** A refused or failed action: the code and message, as text, and a way back. */
export function renderProblem(options: {
  readonly code: string;
  readonly message: string;
  readonly back: string;
}) {
  return html`<div class="error" role="alert">
<h1>Not done: ${options.code}</h1>
<p>${options.message}</p>
<p><a href="${options.back}">Back</a></p>
</div>`;
}
