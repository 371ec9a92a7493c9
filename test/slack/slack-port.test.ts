import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { attempt } from "../../src/app/deliver.ts";
import { directoryOf } from "../../src/app/directory.ts";
import type { Bomb } from "../../src/core/bomb.ts";
import type { BlockContext } from "../../src/slack/blocks/bomb-facts.ts";
import { outboxEventType } from "../../src/slack/outbox-tag.ts";
import { slackPort } from "../../src/slack/port.ts";
import type { OutboxRow } from "../../src/store/schema.ts";
import { closeDatabase } from "../../src/store/sqlite/database.ts";
import { type SqliteServices, servicesOn } from "../fixtures/bomb-db.ts";
import { P } from "../fixtures/org-chart.ts";
import {
  type SlackStandIn,
  standInWebClient,
  startSlackStandIn,
} from "../support/slack-stand-in.ts";

const NACHO = "U0NACHO";
const DM = "D0NACHO";
let standIn: SlackStandIn;
let svc: SqliteServices;

beforeAll(async () => {
  standIn = await startSlackStandIn();
  svc = servicesOn(":memory:");
});

afterAll(async () => {
  await standIn.close();
  closeDatabase(svc.store.db);
});

beforeEach(() => {
  standIn.reset();
});

function row(id: number, inFlightSince: number | null = null): OutboxRow {
  return {
    id,
    dedupeKey: `7:${id}:bomb_assigned:${P.nacho}`,
    bombId: 7,
    version: id,
    recipient: P.nacho,
    kind: "bomb_assigned",
    params: {},
    createdAt: 0,
    status: "pending",
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    sentAt: null,
    inFlightSince,
  };
}

/** The Slack port delivering one row at a time, as the outbox does, each DM saying its kind. */
function sender() {
  const chat = slackPort(standInWebClient(standIn.url, { rejectRateLimitedCalls: true }), {
    context: () => ({}) as BlockContext,
    render: (content) => [
      { text: `Mensaje ${content.type === "bomb" ? content.kind : content.type}`, blocks: [] },
    ],
  });
  const directory = directoryOf("slack", [[P.nacho, NACHO]]);
  return {
    send: (r: OutboxRow, bomb: Bomb | null) =>
      attempt(svc, { chat, directory: () => directory }, r, bomb),
  };
}

const tag = (r: OutboxRow) => ({
  event_type: outboxEventType,
  event_payload: { outbox_id: r.id, dedupe_key: r.dedupeKey },
});

describe("the Slack port and outcomes it cannot know", () => {
  it("tags every DM with its outbox row", async () => {
    const outcome = await sender().send(row(3), null);

    expect(outcome).toEqual({
      type: "sent",
      landed: [{ conversation: DM, ref: standIn.messages[0]?.ts, part: 1 }],
    });
    expect(standIn.messages[0]?.metadata).toEqual(tag(row(3)));
    expect(standIn.callsTo("conversations.history")).toEqual([]);
  });

  it("records a row found in the DM by its tag instead of posting it again", async () => {
    const s = sender();
    await s.send(row(3), null);
    const earlier = standIn.messages[0];
    // Later DMs on top of it, some of them tagged for other rows.
    for (let id = 4; id < 8; id++) await s.send(row(id), null);
    await standInWebClient(standIn.url).chat.postMessage({ channel: DM, text: "hola" });
    standIn.calls.length = 0;

    const outcome = await s.send(row(3, 1_000), null);

    expect(outcome).toEqual({
      type: "sent",
      landed: [{ conversation: DM, ref: earlier?.ts, part: 1 }],
    });
    expect(standIn.callsTo("chat.postMessage")).toEqual([]);
    expect(standIn.callsTo("conversations.history")[0]?.args).toMatchObject({
      channel: DM,
      include_all_metadata: "true",
    });
  });

  it("does not take another row's message, nor a row of the same id with another key", async () => {
    const s = sender();
    await s.send(row(4), null);
    await standInWebClient(standIn.url).chat.postMessage({
      channel: DM,
      text: "una copia restaurada",
      metadata: { event_type: outboxEventType, event_payload: { outbox_id: 3, dedupe_key: "x" } },
    });

    const outcome = await s.send(row(3, 1_000), null);

    expect(outcome.type).toBe("sent");
    expect(standIn.messages.filter((m) => m.text === "Mensaje bomb_assigned")).toHaveLength(2);
  });

  it("posts a row it does not find, and reads no further back than a few pages", async () => {
    // A long conversation: whatever lies this deep was not posted by the attempt that died.
    for (let i = 0; i < 350; i++) {
      const ts = `1600000000.${String(i).padStart(6, "0")}`;
      standIn.messages.push({ channel: DM, ts, text: `m${i}`, blocks: undefined, updates: 0 });
    }

    const outcome = await sender().send(row(3, 1_000), null);

    expect(outcome.type).toBe("sent");
    expect(standIn.callsTo("conversations.history")).toHaveLength(3);
    expect(standIn.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("waits when the look-up fails for now, still not knowing", async () => {
    standIn.fail("conversations.history", { kind: "http", status: 503 }, 1);
    const outcome = await sender().send(row(3, 1_000), null);

    expect(outcome).toEqual({ type: "transient", error: "http_503", unknown: true });
    expect(standIn.callsTo("chat.postMessage")).toEqual([]);
  });

  it("posts without looking when the app may not read the DM (installed without im:history)", async () => {
    standIn.fail("conversations.history", { kind: "error", error: "missing_scope" }, 1);
    const outcome = await sender().send(row(3, 1_000), null);

    expect(outcome.type).toBe("sent");
    expect(standIn.messages).toHaveLength(1);
  });

  it("knows the post may have landed when its answer is lost, and not when Slack refused it", async () => {
    standIn.fail("chat.postMessage", { kind: "lost" }, 1);
    const lost = await sender().send(row(3), null);
    expect(lost).toMatchObject({ type: "transient", unknown: true });

    standIn.fail("chat.postMessage", { kind: "http", status: 502 }, 1);
    expect(await sender().send(row(4), null)).toMatchObject({ type: "transient", unknown: true });

    standIn.fail("chat.postMessage", { kind: "error", error: "ratelimited" }, 1);
    const refused = await sender().send(row(5), null);
    expect(refused).toEqual({ type: "transient", error: "ratelimited" });

    standIn.fail("chat.postMessage", { kind: "rate_limited", retryAfterSeconds: 2 }, 1);
    const limited = await sender().send(row(6), null);
    expect(limited).toEqual({ type: "rate_limited", retryAfterMs: 2_000, error: "ratelimited" });
  });
});

describe("the Slack port: edits and withdrawals", () => {
  const port = () =>
    slackPort(standInWebClient(standIn.url, { rejectRateLimitedCalls: true }), {
      context: () => ({}) as BlockContext,
      render: (c) => [{ text: c.type === "notice" ? String(c.params.say) : "?", blocks: [] }],
    });
  const saying = (say: string) => ({
    type: "notice" as const,
    kind: "k",
    params: { say },
    recipient: P.nacho,
  });
  const content = saying("Antes");

  it("edits a message in place, and takes one someone deleted as nothing to edit", async () => {
    const chat = port();
    const [at] = await chat.send({ conversation: DM }, content, { rowId: 1, key: "k1" });
    if (at === undefined) throw new Error("not sent");
    expect(standIn.messages[0]?.text).toBe("Antes");
    expect(await chat.update(at, saying("Ahora"))).toBeNull();
    expect(standIn.messages.map((m) => m.text)).toEqual(["Ahora"]);
    expect(await chat.update({ ...at, ref: "1.999999" }, content)).toBeNull();
    standIn.fail("chat.update", { kind: "error", error: "invalid_blocks" }, 1);
    await expect(chat.update(at, content)).rejects.toMatchObject({
      kind: "permanent",
      code: "invalid_blocks",
    });
  });

  it("withdraws a message with chat.delete; one already gone is no error", async () => {
    const chat = port();
    const [at] = await chat.send({ conversation: DM }, content, { rowId: 2, key: "k2" });
    if (at === undefined) throw new Error("not sent");
    await chat.retire(at);
    expect(standIn.messages).toEqual([]);
    await chat.retire(at);
    standIn.fail("chat.delete", { kind: "http", status: 503 }, 1);
    await expect(chat.retire(at)).rejects.toMatchObject({ kind: "transient", code: "http_503" });
  });

  it("looks people up by e-mail: an address, null for nobody, a ChatError for a failure", async () => {
    standIn.users.set("nacho@example.com", NACHO);
    const chat = port();
    expect(await chat.lookupByEmail("nacho@example.com")).toBe(NACHO);
    expect(await chat.lookupByEmail("nadie@example.com")).toBeNull();
    standIn.fail("users.lookupByEmail", { kind: "rate_limited", retryAfterSeconds: 3 }, 1);
    await expect(chat.lookupByEmail("nacho@example.com")).rejects.toMatchObject({
      kind: "retry_after",
      retryAfterMs: 3_000,
    });
  });
});
