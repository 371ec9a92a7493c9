import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ErrorCode, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatError } from "../../src/chat/port.ts";
import { slackFetch } from "../../src/slack/http-fetch.ts";
import {
  chatErrorOf,
  openModal,
  publishHome,
  webClientOptions,
} from "../../src/slack/web-client.ts";

// Our Slack clients' fetch on node:http (issue 14: undici's fetch was a fifth of a click's CPU).
// What the Web API client and our error mapping rely on from fetch, case by case.
type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let server: Server;
let base: string;
let handler: Handler = (_req, _body, res) => res.end();
const seen: { method: string | undefined; headers: IncomingMessage["headers"]; body: string }[] =
  [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: req.method, headers: req.headers, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const timeout = () => AbortSignal.timeout(5_000);

describe("slackFetch", () => {
  it("posts a string body and answers with status, headers and body", async () => {
    handler = (_req, body, res) => {
      res.setHeader("content-type", "application/json; charset=utf-8");
      res.setHeader("x-ratelimit", ["a", "b"]);
      res.end(JSON.stringify({ ok: true, echo: body }));
    };
    const response = await slackFetch(`${base}/api/views.open`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "view=%7B%22t%22%3A%22%C3%B1%22%7D",
      redirect: "error",
      signal: timeout(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("x-ratelimit")).toBe("a, b");
    expect(await response.json()).toEqual({ ok: true, echo: "view=%7B%22t%22%3A%22%C3%B1%22%7D" });
    const last = seen.at(-1);
    expect(last?.method).toBe("POST");
    expect(last?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(last?.headers["content-length"]).toBe(String(Buffer.byteLength(last?.body ?? "x")));
    expect(last?.body).toBe("view=%7B%22t%22%3A%22%C3%B1%22%7D");
  });

  it("reads headers as Headers does: any case, repeats joined, entries sorted", async () => {
    const sent: [string, string][] = [
      ["X-Oauth-Scopes", "chat:write, commands"],
      ["Set-Cookie", "a=1"],
      ["Set-Cookie", "b=2"],
      ["X-Multi", "one"],
      ["X-Multi", "two"],
      ["Content-Type", "application/json"],
    ];
    handler = (_req, _body, res) => {
      res.writeHead(200, "Fine", sent);
      res.end("[1]");
    };
    const response = await slackFetch(`${base}/api/headers`, {
      method: "POST",
      body: "",
      signal: timeout(),
    });
    const standard = new Headers(sent);
    const entries = (h: { entries(): Iterable<[string, string]> }) =>
      [...h.entries()].filter(
        ([name]) => !["date", "connection", "keep-alive", "transfer-encoding"].includes(name),
      );
    expect(entries(response.headers)).toEqual([...standard.entries()]);
    for (const name of ["x-oauth-scopes", "X-MULTI", "set-cookie", "retry-after"]) {
      expect(response.headers.get(name)).toBe(standard.get(name));
    }
    expect(response.ok).toBe(true);
    expect(response.statusText).toBe("Fine");
    expect(response.url).toBe(`${base}/api/headers`);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([91, 49, 93]));
    expect(await response.json()).toEqual([1]);
  });

  it("reads a body that arrives in several chunks, in UTF-8", async () => {
    const text = JSON.stringify({ ok: true, words: "ñandú ".repeat(20_000) });
    handler = (_req, _body, res) => {
      const bytes = Buffer.from(text);
      res.setHeader("content-type", "application/json");
      res.write(bytes.subarray(0, 7));
      setTimeout(() => res.end(bytes.subarray(7)), 5);
    };
    const response = await slackFetch(`${base}/api/long`, {
      method: "POST",
      body: "",
      signal: timeout(),
    });
    expect(await response.text()).toBe(text);
  });

  it("reads text as Response does: a leading byte order mark dropped", async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"ok":true}')]);
    handler = (_req, _body, res) => res.end(body);
    const ours = await slackFetch(`${base}/api/bom`, {
      method: "POST",
      body: "",
      signal: timeout(),
    });
    expect(await ours.text()).toBe(await new Response(body).text());
    const again = await slackFetch(`${base}/api/bom`, {
      method: "POST",
      body: "",
      signal: timeout(),
    });
    expect(await again.json()).toEqual({ ok: true });
  });

  it("rejects a network failure as fetch does: TypeError 'fetch failed' with the cause", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const address = closed.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    await new Promise((r) => closed.close(r));
    const failure = await slackFetch(`http://127.0.0.1:${port}/api/x`, {
      method: "POST",
      body: "",
      signal: timeout(),
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as Error).message).toBe("fetch failed");
    expect(((failure as Error).cause as { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("rejects with the signal's reason when aborted while waiting for the answer", async () => {
    const controller = new AbortController();
    handler = () => controller.abort(new DOMException("too slow", "TimeoutError"));
    const failure = await slackFetch(`${base}/api/slow`, {
      method: "POST",
      body: "a=1",
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect((failure as DOMException).name).toBe("TimeoutError");
  });

  it("refuses a redirect when asked to, and passes a bodiless status", async () => {
    handler = (_req, _body, res) => {
      res.statusCode = 302;
      res.setHeader("location", "/elsewhere");
      res.end();
    };
    const failure = await slackFetch(`${base}/api/moved`, {
      method: "POST",
      body: "",
      redirect: "error",
      signal: timeout(),
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    handler = (_req, _body, res) => {
      res.statusCode = 204;
      res.end();
    };
    const empty = await slackFetch(`${base}/api/none`, {
      method: "POST",
      body: "",
      signal: timeout(),
    });
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe("");
  });

  it("hands a FormData body to the global fetch (file uploads)", async () => {
    handler = (_req, _body, res) => res.end("{}");
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array([1, 2, 3])]), "a.bin");
    const response = await slackFetch(`${base}/upload`, {
      method: "POST",
      body: form,
      signal: timeout(),
    });
    expect(response.status).toBe(200);
    expect(seen.at(-1)?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  });

  it("carries a WebClient call made with our options, keeping the connection", async () => {
    handler = (_req, body, res) => {
      res.setHeader("content-type", "application/json");
      const view = JSON.parse(new URLSearchParams(body).get("view") ?? "{}") as { type?: string };
      res.end(JSON.stringify({ ok: true, view: { id: "V1", type: view.type } }));
    };
    const client = new WebClient("xoxb-test", {
      ...webClientOptions(`${base}/api/`),
      retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 10 },
    });
    const sockets = new Set<unknown>();
    server.on("connection", (s) => sockets.add(s));
    for (let i = 0; i < 3; i++) {
      const result = await client.views.open({
        trigger_id: "1.2.3",
        view: { type: "modal", title: { type: "plain_text", text: "t" }, blocks: [] },
      });
      expect(result.ok).toBe(true);
      expect((result.view as { type?: string }).type).toBe("modal");
    }
    expect(sockets.size).toBeLessThanOrEqual(1);
    expect(seen.at(-1)?.headers.authorization).toBe("Bearer xoxb-test");
  });

  it("lets the WebClient read an HTTP error and a rate limit as before (our error mapping)", async () => {
    const client = new WebClient("xoxb-test", {
      ...webClientOptions(`${base}/api/`),
      retryConfig: { retries: 0 },
    });
    handler = (_req, _body, res) => {
      res.writeHead(503, "Service Unavailable", {
        "content-type": "text/plain",
        "x-slack-req-id": "r1",
      });
      res.end("down");
    };
    const down = (await client.auth.test().catch((e: unknown) => e)) as {
      code?: string;
      statusCode?: number;
      statusMessage?: string;
      headers?: Record<string, string>;
      body?: string;
    };
    expect(down.code).toBe(ErrorCode.HTTPError);
    expect(down.statusCode).toBe(503);
    expect(down.statusMessage).toBe("Service Unavailable");
    expect(down.headers?.["x-slack-req-id"]).toBe("r1");
    expect(down.body).toBe("down");
    handler = (_req, _body, res) => {
      res.writeHead(429, { "content-type": "application/json", "retry-after": "7" });
      res.end(JSON.stringify({ ok: false, error: "ratelimited" }));
    };
    const limited = (await client.auth.test().catch((e: unknown) => e)) as {
      code?: string;
      retryAfter?: number;
    };
    expect(limited.code).toBe(ErrorCode.RateLimitedError);
    expect(limited.retryAfter).toBe(7);
    handler = (_req, _body, res) => {
      res.writeHead(200, {
        "content-type": "application/json",
        "x-oauth-scopes": "chat:write,im:write",
      });
      res.end(JSON.stringify({ ok: false, error: "missing_scope" }));
    };
    const refused = (await client.auth.test().catch((e: unknown) => e)) as {
      code?: string;
      data?: { error?: string; response_metadata?: { scopes?: string[] } };
    };
    expect(refused.code).toBe(ErrorCode.PlatformError);
    expect(refused.data?.error).toBe("missing_scope");
    expect(refused.data?.response_metadata?.scopes).toEqual(["chat:write", "im:write"]);
  });

  it("publishHome sends the bytes views.publish sends; openModal the same view as JSON", async () => {
    handler = (_req, _body, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ok: true }));
    };
    const client = new WebClient("xoxb-test", webClientOptions(`${base}/api/`));
    const modal = {
      type: "modal" as const,
      callback_id: "accept",
      private_metadata: '{"bombId":7}',
      title: { type: "plain_text" as const, text: "Aceptar ñ & 100%" },
      blocks: [
        { type: "section" as const, text: { type: "mrkdwn" as const, text: "*#7* <@U1> +" } },
      ],
    };
    const home = { type: "home" as const, blocks: modal.blocks };
    await openModal(client, "1.2.3", modal);
    await client.views.publish({ user_id: "U1", view: home });
    await publishHome(client, "U1", home);
    const [ours, published, oursHome] = seen.slice(-3);
    expect(ours?.method).toBe("POST");
    expect(ours?.headers.authorization).toBe("Bearer xoxb-test");
    expect(ours?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(ours?.body ?? "")).toEqual({ trigger_id: "1.2.3", view: modal });
    expect(oursHome?.body).toBe(published?.body);
  });
});

describe("openModal without the client's apiCall", () => {
  const modal = {
    type: "modal" as const,
    title: { type: "plain_text" as const, text: "t" },
    blocks: [],
  };
  const bounds = { timeoutMs: 300, retryDelayMs: 10 };
  const client = () => new WebClient("xoxb-test", webClientOptions(`${base}/api/`));
  /** What a WebClient with our options, retrying once at once, throws, as `chatErrorOf` reads it. */
  const viaClient = async () => {
    const c = new WebClient("xoxb-test", {
      ...webClientOptions(`${base}/api/`),
      retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 10 },
    });
    return chatErrorOf(await c.views.open({ trigger_id: "1.2.3", view: modal }).catch((e) => e));
  };
  const viaOurs = async () =>
    (await openModal(client(), "1.2.3", modal, bounds).catch((e: unknown) => e)) as ChatError;
  const answer =
    (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
    (_req, _body, res) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };

  it.each([
    ["a refusal", answer(200, { ok: false, error: "expired_trigger_id" }), 1, 1],
    ["Slack's passing failure", answer(200, { ok: false, error: "internal_error" }), 1, 1],
    [
      "a rate limit",
      answer(429, { ok: false, error: "ratelimited" }, { "retry-after": "7" }),
      1,
      1,
    ],
    ["a 503, twice", answer(503, "down"), 2, 2],
    // The client asks again after any status but 200 and 429; a 4xx will not change.
    ["a 404", answer(404, "no"), 2, 1],
  ])("%s fails as the client's failure does", async (_name, h, theyAsk, weAsk) => {
    handler = h;
    let before = seen.length;
    const theirs = await viaClient();
    expect(seen.length - before).toBe(theyAsk);
    before = seen.length;
    const ours = await viaOurs();
    expect(seen.length - before).toBe(weAsk);
    expect(ours).toBeInstanceOf(ChatError);
    expect({ kind: ours.kind, code: ours.code, retryAfterMs: ours.retryAfterMs }).toEqual({
      kind: theirs.kind,
      code: theirs.code,
      retryAfterMs: theirs.retryAfterMs,
    });
  });

  it("asks again once after a 503 and opens the modal", async () => {
    let calls = 0;
    handler = (req, body, res) => {
      calls++;
      if (calls === 1) answer(503, "down")(req, body, res);
      else answer(200, { ok: true, view: { id: "V9" } })(req, body, res);
    };
    await expect(openModal(client(), "1.2.3", modal, bounds)).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });

  it("gives up after two attempts that got no answer, saying it may have acted", async () => {
    handler = (req) => req.socket.destroy();
    const before = seen.length;
    const dropped = await viaOurs();
    expect(seen.length - before).toBe(2);
    expect(dropped).toMatchObject({ kind: "transient", unknown: true });
    expect(dropped.code).toMatch(/^fetch failed/);
    handler = () => {};
    const started = Date.now();
    const silent = await viaOurs();
    expect(silent).toMatchObject({ kind: "transient", unknown: true });
    // Two attempts of 300 ms and the pause between, not the client's ten seconds.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reads an answer that is not JSON as a failure, and a client without a token as one", async () => {
    handler = answer(200, "<html>");
    expect(await viaOurs()).toMatchObject({ kind: "permanent", code: "invalid_response" });
    const anonymous = new WebClient(undefined, webClientOptions(`${base}/api/`));
    const refused = await openModal(anonymous, "1.2.3", modal, bounds).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: "permanent", code: "not_authed" });
  });
});
