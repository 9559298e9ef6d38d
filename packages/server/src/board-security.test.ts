import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signIn } from "./fixtures/browser-session.js";
import { eventually, type ServedPodkit, servePodkit } from "./fixtures/served-podkit.js";

describe("the board's security", () => {
  let served: ServedPodkit;
  beforeEach(async () => {
    served = await servePodkit();
  });
  afterEach(async () => {
    await served.close();
  });

  it("sends a browser without a session to /signin and answers anything else 401, writing nothing", async () => {
    const before = await served.snapshot();
    const page = await fetch(new URL("/", served.url), {
      headers: { Accept: "text/html" },
      redirect: "manual",
    });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/signin");
    for (const path of ["/", "/events", "/tickets/T-1"]) {
      const refused = await fetch(new URL(path, served.url));
      expect(refused.status, path).toBe(401);
      expect(await refused.text(), path).toContain("Sign in at /signin with a human token");
    }
    const forged = await fetch(new URL("/tickets/T-1/queue", served.url), {
      method: "POST",
      headers: {
        Cookie: "podkit_session=guess",
        Origin: new URL(served.url).origin,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "_csrf=x",
    });
    expect(forged.status).toBe(401);
    expect(await served.snapshot()).toBe(before);
  });

  it("refuses to sign in with a wrong, expired or revoked token, or a token of an agent role", async () => {
    const revoked = await served.credentials.create({ role: "human", agentId: "h" });
    await served.credentials.revoke(revoked.credential.id);
    const expiring = await served.credentials.create({
      role: "human",
      agentId: "h",
      expiresAt: new Date(Date.now() + 300),
    });
    await eventually(
      "the token to expire",
      async () => !(await served.credentials.verify(expiring.token)).ok,
    );
    for (const token of [
      "",
      "pk_nope",
      revoked.token,
      expiring.token,
      await served.token("coder", "c", { ticketId: "T-1" }),
    ])
      await expect(signIn(served.url, token)).rejects.toThrow(/sign-in answered 401/);
  });

  it("signs a human in with an HttpOnly, SameSite=Strict session cookie that is not the token", async () => {
    const token = await served.token("human", "alice");
    const form = await fetch(new URL("/signin", served.url));
    const signInCookie = form.headers.getSetCookie()[0]?.split(";")[0] as string;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] as string;
    const response = await fetch(new URL("/signin", served.url), {
      method: "POST",
      redirect: "manual",
      headers: {
        Cookie: signInCookie,
        Origin: new URL(served.url).origin,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ _csrf: csrf, token }),
    });
    expect(response.status).toBe(303);
    const cookie = response.headers
      .getSetCookie()
      .find((each) => each.startsWith("podkit_session=")) as string;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(token.slice(20));
  });

  it("refuses a sign-in post without the sign-in form's token or from another origin", async () => {
    const token = await served.token("human", "alice");
    const noToken = await fetch(new URL("/signin", served.url), {
      method: "POST",
      headers: { Origin: new URL(served.url).origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token }),
    });
    expect(noToken.status).toBe(403);
    const crossSite = await fetch(new URL("/signin", served.url), {
      method: "POST",
      headers: {
        Origin: "http://evil.example",
        "Sec-Fetch-Site": "cross-site",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ token }),
    });
    expect(crossSite.status).toBe(403);
  });

  it("refuses a state-changing request without the CSRF token or from another origin, and writes nothing", async () => {
    const browser = await signIn(served.url, await served.token("human", "alice"));
    const before = await served.snapshot();
    const missing = await browser.post("/tickets/T-1/queue", {});
    expect(missing.status).toBe(403);
    const wrong = await browser.post("/tickets/T-1/queue", { _csrf: `${browser.csrfToken}x` });
    expect(wrong.status).toBe(403);
    const crossSite = await browser.post(
      "/tickets/T-1/queue",
      { _csrf: browser.csrfToken },
      { Origin: "http://evil.example", "Sec-Fetch-Site": "cross-site" },
    );
    expect(crossSite.status).toBe(403);
    const noOrigin = await fetch(new URL("/tickets/T-1/queue", served.url), {
      method: "POST",
      headers: { Cookie: browser.cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: browser.csrfToken }),
    });
    expect(noOrigin.status).toBe(403);
    const json = await fetch(new URL("/tickets/T-1/queue", served.url), {
      method: "POST",
      headers: { Cookie: browser.cookie, "Content-Type": "application/json", Origin: "http://evil.example" },
      body: "{}",
    });
    expect(json.status).toBe(403);
    expect(await served.snapshot()).toBe(before);
    const honest = await browser.post("/tickets/T-1/queue", { _csrf: browser.csrfToken });
    expect(honest.status).toBe(303);
    expect((await served.backend.read("T-1"))?.ticket.state).toBe("queued");
  });

  it("renders a ticket's title and body as text: markup in them is escaped, and no inline script may run", async () => {
    const browser = await signIn(served.url, await served.token("human", "alice"));
    const created = await browser.post("/tickets", {
      _csrf: browser.csrfToken,
      title: "<img src=x onerror=alert(1)>",
      body: "<script>alert(2)</script>\n\"quoted\" & 'single'",
    });
    expect(created.status).toBe(303);
    const location = created.headers.get("location") as string;
    const ticketPage = await browser.get(location);
    const html = await ticketPage.text();
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<script>alert");
    const board = await (await browser.get("/")).text();
    expect(board).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(board).not.toContain("<img src=x");
    const policy = ticketPage.headers.get("content-security-policy") ?? "";
    expect(policy).toMatch(/script-src 'self'/);
    expect(policy).not.toMatch(/unsafe-inline/);
  });

  it("signs the browser out at once when its token is revoked: pages refuse, the live stream ends", async () => {
    const token = await served.token("human", "alice");
    const browser = await signIn(served.url, token);
    const events = await browser.get("/events", { Accept: "text/event-stream" });
    expect(events.status).toBe(200);
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    const id = (await served.credentials.list()).find((each) => each.agentId === "alice")?.id as string;
    await served.credentials.revoke(id);
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain("event: signed-out");
    expect((await browser.get("/tickets/T-1")).status).toBe(401);
  });

  it("refuses a body over 1 MB on the board too", async () => {
    const browser = await signIn(served.url, await served.token("human", "alice"));
    const response = await browser.post("/tickets", {
      _csrf: browser.csrfToken,
      title: "big",
      body: "x".repeat(1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect((await served.backend.list()).tickets).toHaveLength(2);
  });

  it("listens on 127.0.0.1 unless told otherwise and answers only to its own host name there", async () => {
    expect(new URL(served.url).hostname).toBe("127.0.0.1");
    const port = new URL(served.url).port;
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const sent = request(
        { host: "127.0.0.1", port, path: "/signin", headers: { Host: `attacker.example:${port}` } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      sent.on("error", reject);
      sent.end();
    });
    expect(status).toBe(421);
    expect((await fetch(new URL("/signin", `http://localhost:${port}`))).status).toBe(200);
  });
});
