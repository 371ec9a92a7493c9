import { ErrorCode, type WebAPIPlatformError, WebClientEvent } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type SlackStandIn,
  STAND_IN_IDENTITY,
  standInWebClient,
  startSlackStandIn,
} from "./slack-stand-in.ts";

const ANA = { email: "ana@example.com", id: "U0ANA" };

let standIn: SlackStandIn;

beforeAll(async () => {
  standIn = await startSlackStandIn({ users: { [ANA.email]: ANA.id } });
});

afterAll(async () => {
  await standIn.close();
});

beforeEach(() => {
  standIn.reset();
});

/** Runs `call` and returns what it rejected with; fails the test if it resolved. */
async function rejection(call: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error("expected the call to fail");
}

describe("answers like Slack", () => {
  it("identifies the bot on auth.test and checks the bearer token", async () => {
    const result = await standInWebClient(standIn.url).auth.test();

    expect(result).toMatchObject({
      ok: true,
      url: STAND_IN_IDENTITY.url,
      team_id: STAND_IN_IDENTITY.teamId,
      user_id: STAND_IN_IDENTITY.userId,
      bot_id: STAND_IN_IDENTITY.botId,
    });
    const intruder = standInWebClient(standIn.url, { token: "xoxb-someone-else" });
    const error = (await rejection(intruder.auth.test())) as unknown as WebAPIPlatformError;
    expect(error.code).toBe(ErrorCode.PlatformError);
    expect(error.data.error).toBe("invalid_auth");
    expect(standIn.callsTo("auth.test").map((call) => call.token)).toEqual([
      expect.stringMatching(/^xoxb-/),
      "xoxb-someone-else",
    ]);
  });

  it("posts a message, decodes its blocks and updates it in place", async () => {
    const client = standInWebClient(standIn.url);
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*Bomba 7*" } }];

    const first = await client.chat.postMessage({ channel: "U0NACHO", text: "Bomba 7", blocks });
    const second = await client.chat.postMessage({ channel: "U0NACHO", text: "Bomba 8" });
    const updated = await client.chat.update({
      channel: first.channel as string,
      ts: first.ts as string,
      text: "Bomba 7 aceptada",
      blocks: [],
    });

    expect(first.channel).toBe("D0NACHO");
    expect(first.ts).toBe("1700000000.000100");
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(updated).toMatchObject({ ok: true, channel: "D0NACHO", ts: first.ts });
    expect(standIn.callsTo("chat.postMessage")[0]?.args.blocks).toEqual(blocks);
    expect(standIn.messages[0]).toMatchObject({ text: "Bomba 7 aceptada", blocks: [], updates: 1 });
  });

  it("refuses to update a message it never posted", async () => {
    const client = standInWebClient(standIn.url);

    const error = await rejection(
      client.chat.update({ channel: "D0NACHO", ts: "1600000000.000100", text: "x" }),
    );

    expect(error.data).toMatchObject({ ok: false, error: "message_not_found" });
  });

  it("looks users up by e-mail, case-insensitively", async () => {
    const client = standInWebClient(standIn.url);

    const found = await client.users.lookupByEmail({ email: "Ana@Example.com" });
    const missing = await rejection(client.users.lookupByEmail({ email: "nadie@example.com" }));

    expect(found.user?.id).toBe(ANA.id);
    expect(missing.data).toMatchObject({ error: "users_not_found" });
  });

  it("opens the same DM channel for a user every time", async () => {
    const client = standInWebClient(standIn.url);

    const first = await client.conversations.open({ users: ANA.id });
    const again = await client.conversations.open({ users: ANA.id });

    expect(first.channel?.id).toBe("D0ANA");
    expect(again).toMatchObject({ already_open: true, channel: { id: "D0ANA" } });
  });

  it("opens, updates and publishes views", async () => {
    const client = standInWebClient(standIn.url);
    const modal = {
      type: "modal" as const,
      callback_id: "bomba_accept",
      private_metadata: JSON.stringify({ bombId: 7 }),
      title: { type: "plain_text" as const, text: "Aceptar bomba" },
      blocks: [],
    };

    const opened = await client.views.open({ trigger_id: "1.2.3", view: modal });
    await client.views.update({ view_id: opened.view?.id as string, view: modal });
    await client.views.publish({ user_id: ANA.id, view: { type: "home", blocks: [] } });

    expect(opened.view).toMatchObject({
      callback_id: "bomba_accept",
      private_metadata: '{"bombId":7}',
    });
    expect(standIn.homeViews.get(ANA.id)).toMatchObject({ type: "home" });
    const missing = await rejection(client.views.update({ view_id: "V0GONE", view: modal }));
    expect(missing.data).toMatchObject({ error: "not_found" });
  });

  it("takes a file through the external upload flow", async () => {
    const client = standInWebClient(standIn.url);

    await client.filesUploadV2({
      channel_id: "C0DIRECCION",
      filename: "informe-2026-Q4.csv",
      content: "bomba,estado\n7,cerrada\n",
      initial_comment: "Informe trimestral",
    });

    expect(standIn.files).toEqual([
      expect.objectContaining({
        filename: "informe-2026-Q4.csv",
        completed: true,
        channelId: "C0DIRECCION",
        initialComment: "Informe trimestral",
      }),
    ]);
    expect(standIn.files[0]?.content?.toString("utf8")).toBe("bomba,estado\n7,cerrada\n");
    expect(standIn.calls.map((call) => call.method)).toEqual([
      "files.getUploadURLExternal",
      "upload",
      "files.completeUploadExternal",
    ]);
  });

  it("refuses messages beyond Slack's block limits", async () => {
    const client = standInWebClient(standIn.url);
    const blocks = Array.from({ length: 51 }, (_, i) => ({
      type: "section",
      text: { type: "mrkdwn", text: `línea ${i}` },
    }));

    const error = await rejection(client.chat.postMessage({ channel: "C0X", text: "x", blocks }));

    expect(error.data).toMatchObject({ error: "invalid_blocks" });
  });

  it("records what Bolt's respond() posts to a response_url", async () => {
    const url = standIn.responseUrl("cmd-1");

    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ response_type: "ephemeral", text: "hola" }),
    });

    expect(response.status).toBe(200);
    expect(standIn.callsTo("response_url")[0]?.args).toMatchObject({
      response_url_name: "cmd-1",
      text: "hola",
    });
  });

  it("answers ok for methods it does not model, and records them", async () => {
    await standInWebClient(standIn.url).reactions.add({
      channel: "C0X",
      timestamp: "1.2",
      name: "bomb",
    });

    expect(standIn.callsTo("reactions.add")[0]?.args).toMatchObject({ name: "bomb" });
  });
});

describe("conversations and their history", () => {
  const tag = (id: number) => ({ event_type: "bomba_outbox", event_payload: { outbox_id: id } });

  it("keeps a message's metadata through updates and returns it from the history", async () => {
    const client = standInWebClient(standIn.url);
    const posted = await client.chat.postMessage({
      channel: ANA.id,
      text: "Bomba 7",
      metadata: tag(7),
    });
    await client.chat.postMessage({ channel: ANA.id, text: "sin etiqueta" });

    expect(posted.message).toMatchObject({ metadata: tag(7) });
    await client.chat.update({ channel: "D0ANA", ts: String(posted.ts), text: "Bomba 7 ✅" });
    const history = await client.conversations.history({
      channel: "D0ANA",
      include_all_metadata: true,
    });
    expect(history.messages).toEqual([
      expect.objectContaining({ text: "sin etiqueta" }),
      expect.objectContaining({ text: "Bomba 7 ✅", ts: posted.ts, metadata: tag(7) }),
    ]);
    expect(history.messages?.[0]).not.toHaveProperty("metadata");
    await client.chat.update({
      channel: "D0ANA",
      ts: String(posted.ts),
      text: "Bomba 7 ✅",
      metadata: tag(8),
    });
    expect(standIn.messages[0]?.metadata).toEqual(tag(8));
    // Without include_all_metadata the history leaves metadata out.
    const plain = await client.conversations.history({ channel: "D0ANA" });
    expect(plain.messages?.some((m) => "metadata" in m)).toBe(false);
  });

  it("ignores metadata whose event_type Slack would refuse, with a warning", async () => {
    const client = standInWebClient(standIn.url);
    const posted = await client.chat.postMessage({
      channel: ANA.id,
      text: "x",
      metadata: { event_type: "bomba.outbox", event_payload: { outbox_id: 1 } },
    });

    expect(posted.ok).toBe(true);
    expect(posted.warning).toBe("invalid_metadata_schema");
    expect(standIn.messages[0]?.metadata).toBeUndefined();
  });

  it("pages the history newest first with limit and cursor, and bounds it with oldest", async () => {
    const client = standInWebClient(standIn.url);
    const ts: string[] = [];
    const at = (i: number) => ts[i] ?? "";
    for (let i = 1; i <= 5; i++) {
      ts.push(String((await client.chat.postMessage({ channel: "C0X", text: `m${i}` })).ts));
    }
    await client.chat.postMessage({ channel: "C0OTHER", text: "elsewhere" });

    const first = await client.conversations.history({ channel: "C0X", limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(["m5", "m4"]);
    expect(first.has_more).toBe(true);
    const cursor = first.response_metadata?.next_cursor ?? "";
    expect(cursor).not.toBe("");
    const second = await client.conversations.history({ channel: "C0X", limit: 2, cursor });
    expect(second.messages?.map((m) => m.text)).toEqual(["m3", "m2"]);
    const third = await client.conversations.history({
      channel: "C0X",
      limit: 2,
      cursor: second.response_metadata?.next_cursor ?? "",
    });
    expect(third.messages?.map((m) => m.text)).toEqual(["m1"]);
    expect(third.has_more).toBe(false);
    expect(third.response_metadata?.next_cursor ?? "").toBe("");
    const after = await client.conversations.history({ channel: "C0X", oldest: at(2) });
    expect(after.messages?.map((m) => m.text)).toEqual(["m5", "m4"]);
    const from = await client.conversations.history({
      channel: "C0X",
      oldest: at(2),
      latest: at(3),
      inclusive: true,
    });
    expect(from.messages?.map((m) => m.text)).toEqual(["m4", "m3"]);
  });

  it("wants a conversation id for the history, as Slack does", async () => {
    const client = standInWebClient(standIn.url);
    await client.chat.postMessage({ channel: "#fidelizacion", text: "resumen" });

    const byName = await rejection(client.conversations.history({ channel: "#fidelizacion" }));
    expect(byName.data).toMatchObject({ error: "channel_not_found" });
    const byId = await client.conversations.history({ channel: "CFIDELIZACION" });
    expect(byId.messages?.map((m) => m.text)).toEqual(["resumen"]);
  });

  it("lists the channels the bot is in, by name and id, on users.conversations", async () => {
    const own = await startSlackStandIn({ channels: ["#fidelizacion"] });
    try {
      const client = standInWebClient(own.url);
      await client.chat.postMessage({ channel: "#direccion", text: "informe" });
      await client.chat.postMessage({ channel: ANA.id, text: "dm" });

      const listed = await client.users.conversations({
        types: "public_channel,private_channel",
        limit: 1,
      });
      expect(listed.channels).toEqual([
        expect.objectContaining({ id: "CFIDELIZACION", name: "fidelizacion", is_member: true }),
      ]);
      const next = await client.users.conversations({
        types: "public_channel,private_channel",
        limit: 1,
        cursor: listed.response_metadata?.next_cursor ?? "",
      });
      expect(next.channels).toEqual([
        expect.objectContaining({ id: "CDIRECCION", name: "direccion" }),
      ]);
      expect(next.response_metadata?.next_cursor ?? "").toBe("");
    } finally {
      await own.close();
    }
  });

  it("shows a file shared into a conversation as a message of its history", async () => {
    const client = standInWebClient(standIn.url);
    await client.filesUploadV2({
      channel_id: "C0DIRECCION",
      file_uploads: [
        { filename: "informe.csv", content: "a,b\n", title: "CSV" },
        { filename: "grafico.png", content: "png", title: "Gráfico" },
      ],
    });

    const history = await client.conversations.history({ channel: "C0DIRECCION" });
    expect(history.messages).toEqual([
      expect.objectContaining({
        user: STAND_IN_IDENTITY.userId,
        files: [
          expect.objectContaining({ name: "informe.csv", title: "CSV" }),
          expect.objectContaining({ name: "grafico.png", title: "Gráfico" }),
        ],
      }),
    ]);
  });
});

describe("fails on command", () => {
  it("answers ok:false with the given error for the next N calls only", async () => {
    const client = standInWebClient(standIn.url);
    standIn.fail("chat.postMessage", { kind: "error", error: "not_in_channel" }, 1);
    standIn.fail("chat.postMessage", { kind: "error", error: "channel_not_found" }, 1);

    const first = await rejection(client.chat.postMessage({ channel: "C0X", text: "a" }));
    const second = await rejection(client.chat.postMessage({ channel: "C0X", text: "b" }));
    const third = await client.chat.postMessage({ channel: "C0X", text: "c" });

    expect(first.code).toBe(ErrorCode.PlatformError);
    expect(first.data).toMatchObject({ ok: false, error: "not_in_channel" });
    expect(second.data).toMatchObject({ error: "channel_not_found" });
    expect(third.ok).toBe(true);
    expect(standIn.callsTo("chat.postMessage").map((call) => call.failure?.kind)).toEqual([
      "error",
      "error",
      undefined,
    ]);
  });

  it("keeps failing until reset when no count is given, for one method or all", async () => {
    const client = standInWebClient(standIn.url);
    standIn.fail("*", { kind: "error", error: "user_not_found" });

    await rejection(client.conversations.open({ users: ANA.id }));
    await rejection(client.chat.postMessage({ channel: "C0X", text: "a" }));
    standIn.reset();

    await expect(client.conversations.open({ users: ANA.id })).resolves.toMatchObject({ ok: true });
  });

  it("answers 429 with Retry-After, which the client reports as a rate limit", async () => {
    const client = standInWebClient(standIn.url, { rejectRateLimitedCalls: true });
    const rateLimited: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    standIn.fail("chat.postMessage", { kind: "rate_limited", retryAfterSeconds: 30 }, 1);

    const error = await rejection(client.chat.postMessage({ channel: "C0X", text: "a" }));

    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(error.retryAfter).toBe(30);
    expect(rateLimited).toEqual([30]);
  });

  it("makes a client that does not reject rate-limited calls sleep Retry-After first", async () => {
    // With rejectRateLimitedCalls off the client pauses its whole queue for Retry-After seconds,
    // then (with retries: 0) gives up with a generic request error, not a rate-limit error.
    const client = standInWebClient(standIn.url);
    standIn.fail("chat.postMessage", { kind: "rate_limited", retryAfterSeconds: 1 }, 1);
    const started = Date.now();

    const error = await rejection(client.chat.postMessage({ channel: "C0X", text: "a" }));

    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(error.code).toBe(ErrorCode.RequestError);
    expect(String((error.original as Error).message)).toMatch(/rate limit was exceeded/);
  });

  it("answers HTTP 500, which the client reports as an HTTP error", async () => {
    const client = standInWebClient(standIn.url);
    standIn.fail("chat.update", { kind: "http", status: 500 }, 1);

    const error = await rejection(client.chat.update({ channel: "C0X", ts: "1.2", text: "a" }));

    expect(error.code).toBe(ErrorCode.HTTPError);
    expect(error.statusCode).toBe(500);
  });

  it("drops the connection, which the client reports as a request error", async () => {
    const client = standInWebClient(standIn.url);
    standIn.fail("conversations.open", { kind: "drop" }, 1);

    const error = await rejection(client.conversations.open({ users: ANA.id }));

    expect(error.code).toBe(ErrorCode.RequestError);
    await expect(client.conversations.open({ users: ANA.id })).resolves.toMatchObject({ ok: true });
  });

  it("fails only the calls a `when` accepts", async () => {
    const client = standInWebClient(standIn.url);
    standIn.fail("chat.postMessage", { kind: "error", error: "not_in_channel" }, 1, (args) =>
      String(args.channel).startsWith("#"),
    );

    await expect(client.chat.postMessage({ channel: ANA.id, text: "dm" })).resolves.toMatchObject({
      ok: true,
    });
    const error = await rejection(client.chat.postMessage({ channel: "#ventas", text: "x" }));
    expect(error.data).toMatchObject({ error: "not_in_channel" });
    await expect(client.chat.postMessage({ channel: "#ventas", text: "y" })).resolves.toMatchObject(
      { ok: true },
    );
  });

  it("acts, then drops the connection: the client sees an error though Slack posted", async () => {
    const client = standInWebClient(standIn.url);
    standIn.fail("chat.postMessage", { kind: "lost" }, 1);

    const error = await rejection(client.chat.postMessage({ channel: ANA.id, text: "una vez" }));

    expect(error.code).toBe(ErrorCode.RequestError);
    expect(standIn.messages.map((m) => m.text)).toEqual(["una vez"]);
    expect(standIn.callsTo("chat.postMessage")[0]).toMatchObject({
      failure: { kind: "lost" },
      response: { ok: true, channel: "D0ANA" },
    });
  });

  it("never answers, so a client with a timeout gives up", async () => {
    const client = standInWebClient(standIn.url, { timeout: 200 });
    standIn.fail("views.open", { kind: "timeout" }, 1);
    const started = Date.now();

    const error = await rejection(
      client.views.open({
        trigger_id: "1.2.3",
        view: { type: "modal", title: { type: "plain_text", text: "x" }, blocks: [] },
      }),
    );

    expect(error.code).toBe(ErrorCode.RequestError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("closes at once even with a request left hanging", async () => {
    const own = await startSlackStandIn();
    const client = standInWebClient(own.url);
    own.fail("auth.test", { kind: "timeout" });
    const pending = rejection(client.auth.test());
    await expect.poll(() => own.callsTo("auth.test").length).toBe(1);
    const started = Date.now();

    await own.close();

    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await pending).code).toBe(ErrorCode.RequestError);
  });
});
