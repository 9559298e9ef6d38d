import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BoardBrowser, signIn } from "./fixtures/browser-session.js";
import { eventually, type ServedPodkit, servePodkit } from "./fixtures/served-podkit.js";

/** Reads SSE events from a response until `stop` says enough. */
async function readEvents(
  response: Response,
  stop: (events: Array<{ event: string; data: string }>) => boolean,
): Promise<Array<{ event: string; data: string }>> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: Array<{ event: string; data: string }> = [];
  let buffer = "";
  while (!stop(events)) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = [...block.matchAll(/^data: (.*)$/gm)].map((match) => match[1]).join("\n");
      if (event !== undefined) events.push({ event, data });
      end = buffer.indexOf("\n\n");
    }
  }
  await reader.cancel();
  return events;
}

describe("the board", () => {
  let served: ServedPodkit;
  let browser: BoardBrowser;
  beforeEach(async () => {
    served = await servePodkit();
    browser = await signIn(served.url, await served.token("human", "alice"));
  });
  afterEach(async () => {
    await served.close();
  });

  it("shows every column with its count and cards, and a Queue button on a ready card", async () => {
    const html = await (await browser.get("/")).text();
    for (const title of ["Planning", "Ready", "Queued", "In progress", "Blocked", "Done"])
      expect(html).toContain(`>${title} <`);
    expect(html).toMatch(/data-column="ready"[\s\S]*id="card-T-1"[\s\S]*>Queue T-1<\/button>/);
    expect(html).toMatch(/data-count="planning">1</);
    expect(html).not.toContain("Queue T-2");
  });

  it("pushes a card's move over /events when a ticket changes, whoever changed it", async () => {
    const stream = await browser.get("/events", { Accept: "text/event-stream" });
    const orchestrator = served.podkit.toolset({ role: "orchestrator", agentId: "orch-1" });
    const reading = readEvents(stream, (events) =>
      events.some((each) => each.event === "card" && JSON.parse(each.data).state === "inprogress"),
    );
    const queued = await browser.post("/tickets/T-1/queue", { _csrf: browser.csrfToken });
    expect(queued.status).toBe(303);
    const accepted = await orchestrator.call("ticket_accept", { ticketId: "T-1", requestId: "r-1" });
    expect(accepted.ok).toBe(true);
    const cards = (await reading)
      .filter((each) => each.event === "card")
      .map((each) => JSON.parse(each.data));
    expect(cards.map((card) => card.state)).toEqual(["queued", "inprogress"]);
    const last = cards.at(-1);
    expect(last.id).toBe("T-1");
    expect(last.html).toContain("orch-1");
    expect(last.counts).toMatchObject({ ready: 0, inprogress: 1 });
  });

  it("shows the board's own action on the page it redirects to, before any notification", async () => {
    const queued = await browser.post(
      "/tickets/T-1/queue",
      { _csrf: browser.csrfToken },
      { Referer: `${served.url}/` },
    );
    expect(queued.headers.get("location")).toBe("/");
    const html = await (await browser.get("/")).text();
    expect(html).toMatch(/data-column="queued"[\s\S]*id="card-T-1"/);
    expect(html).toMatch(/data-count="queued">1</);
  });

  it("sends a page the changes made after it was rendered, so a card never stays where it was", async () => {
    const page = await (await browser.get("/")).text();
    const version = /data-version="([0-9]+)"/.exec(page)?.[1] as string;
    // A change between rendering the page and opening its stream: nothing new happens after.
    const human = served.podkit.toolset({ role: "human", agentId: "bob" });
    expect((await human.call("ticket_queue", { ticketId: "T-1" })).ok).toBe(true);
    await eventually("the board to see it", async () => {
      const board = await (await browser.get("/")).text();
      return /data-column="queued"[\s\S]*id="card-T-1"/.test(board);
    });
    const stream = await browser.get(`/events?since=${version}`, { Accept: "text/event-stream" });
    const events = await readEvents(stream, (seen) => seen.some((each) => each.event === "card"));
    const card = JSON.parse(events.find((each) => each.event === "card")?.data ?? "{}");
    expect(card).toMatchObject({ id: "T-1", state: "queued" });
  });

  it("shows a ticket's body and whole timeline, and does its actions through the human's toolset", async () => {
    const marked = await browser.post("/tickets/T-2/mark-ready", {
      _csrf: browser.csrfToken,
      summary: "Ready now.",
    });
    expect(marked.status).toBe(303);
    const commented = await browser.post("/tickets/T-2/comment", {
      _csrf: browser.csrfToken,
      body: "Looks good.",
    });
    expect(commented.status).toBe(303);
    const page = await (await browser.get("/tickets/T-2")).text();
    expect(page).toContain("Body of Planned work.");
    expect(page).toMatch(/data-kind="create"[\s\S]*data-kind="intake_summary"[\s\S]*data-kind="comment"/);
    expect(page).toContain("human/alice");
    expect(page).toContain(">Queue T-2</button>");
    expect(page).toContain(">Return T-2 to planning</button>");
    const last = (await served.backend.read("T-2"))?.events.at(-1);
    expect(last).toMatchObject({
      kind: "comment",
      actor: { role: "human", agentId: "alice" },
      body: "Looks good.",
    });
  });

  it("shows a refusal with its code and message, and changes nothing", async () => {
    const before = await served.snapshot();
    const refused = await browser.post("/tickets/T-2/queue", { _csrf: browser.csrfToken });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toMatch(/precondition_failed|conflict/);
    expect(await served.snapshot()).toBe(before);
  });
});

describe("the board with auth off", () => {
  it("acts as the local operator without sign-in, still wants the CSRF token, and will not listen beyond loopback", async () => {
    const served = await servePodkit({ auth: "off" });
    try {
      const page = await fetch(new URL("/", served.url));
      expect(page.status).toBe(200);
      const cookie = page.headers.getSetCookie()[0]?.split(";")[0] as string;
      const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await page.text())?.[1] as string;
      const post = (fields: Record<string, string>) =>
        fetch(new URL("/tickets/T-1/queue", served.url), {
          method: "POST",
          redirect: "manual",
          headers: {
            Cookie: cookie,
            Origin: new URL(served.url).origin,
            "Content-Type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams(fields),
        });
      expect((await post({})).status).toBe(403);
      expect((await post({ _csrf: csrf })).status).toBe(303);
      expect((await served.backend.read("T-1"))?.events.at(-1)?.actor).toEqual({
        role: "human",
        agentId: "operator",
      });
      const mcp = await fetch(new URL("/mcp", served.url), { method: "POST", body: "{}" });
      expect(mcp.status).toBe(401);
      const exposed = await served.server
        .listen({ host: "0.0.0.0", port: 0 })
        .catch((error: unknown) => error);
      expect(exposed).toMatchObject({ code: "invalid_options" });
      expect(String((exposed as Error).message)).toContain("auth off");
    } finally {
      await served.close();
    }
  });
});
