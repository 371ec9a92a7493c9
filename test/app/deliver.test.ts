import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actOnBomb, reportBomb } from "../../src/app/bomb-actions.ts";
import {
  backoffMs,
  type ChatDelivery,
  deliverDue,
  deliveryFailedKind,
  type SendOutcome,
} from "../../src/app/deliver.ts";
import { runPass } from "../../src/app/scheduler.ts";
import {
  type ChatContent,
  ChatError,
  type ChatPort,
  type Destination,
} from "../../src/chat/port.ts";
import type { Bomb } from "../../src/core/bomb.ts";
import { loadTimeline } from "../../src/store/sqlite/bomb-store.ts";
import { closeDatabase } from "../../src/store/sqlite/database.ts";
import { type SqliteServices, servicesOn } from "../fixtures/bomb-db.ts";
import { complaint, madrid, orgChart, P } from "../fixtures/org-chart.ts";
import {
  conversationOf,
  memoryChat,
  memoryConversation,
  memoryDirectory,
} from "../support/memory-chat.ts";

/** What a content is: its outbox kind (a bomb's message, a notice) or the job it is. */
function kindOf(content: ChatContent): string {
  return content.type === "bomb" || content.type === "notice" ? content.kind : content.type;
}

/** The failure a scripted outcome stands for, as the adapter would classify it. */
function chatErrorOf(outcome: SendOutcome): ChatError {
  const unknown = outcome.type !== "sent" && outcome.type !== "permanent" && outcome.unknown;
  switch (outcome.type) {
    case "rate_limited":
      return new ChatError("retry_after", outcome.error, {
        retryAfterMs: outcome.retryAfterMs,
        unknown: unknown === true,
      });
    case "transient":
      return new ChatError("transient", outcome.error, { unknown: unknown === true });
    case "permanent":
      return new ChatError("permanent", outcome.error);
    case "sent":
      throw new Error("not a failure");
  }
}

/**
 * The in-memory chat platform, recording what was sent (to whom, what, about which bomb), every
 * attempt to send (and whether the row was looked for first, its outcome unknown), and the edits
 * of earlier messages; failures are scripted per recipient.
 */
function recordingSender() {
  const chat = memoryChat();
  const sent: { to: string; kind: string; bombId: number | null }[] = [];
  const attempts: { kind: string; looked: boolean }[] = [];
  const lookedFor = new Set<string>();
  const recipientOf = (to: Destination, content: ChatContent) =>
    content.type === "bomb" || content.type === "notice" ? content.recipient : conversationOf(to);
  const port: ChatPort = {
    ...chat.port,
    async find(to, tag) {
      lookedFor.add(tag.key);
      return chat.port.find(to, tag);
    },
    async send(to, content, tag, left) {
      attempts.push({ kind: kindOf(content), looked: lookedFor.delete(tag.key) });
      const refs = await chat.port.send(to, content, tag, left);
      const bombId = content.type === "bomb" ? (content.bomb?.id ?? null) : null;
      sent.push({ to: recipientOf(to, content), kind: kindOf(content), bombId });
      return refs;
    },
  };
  const directory = memoryDirectory(Object.values(P));
  const sender: ChatDelivery = { chat: port, directory: () => directory };
  return {
    sender,
    chat,
    sent,
    attempts,
    /** Each refresh's edits, by bomb: how many earlier messages it edited. */
    get refreshed() {
      const out: { bombId: number; landed: number }[] = [];
      for (const { content } of chat.updated) {
        const bombId = content.type === "bomb" ? (content.bomb?.id ?? 0) : 0;
        const last = out[out.length - 1];
        if (last?.bombId === bombId) last.landed += 1;
        else out.push({ bombId, landed: 1 });
      }
      return out;
    },
    failNext: (to: string, ...o: SendOutcome[]) =>
      chat.failNext(to.startsWith("#") ? to : memoryConversation(to), ...o.map(chatErrorOf)),
  };
}

/** `sender` with `send` replaced. */
function withSend(sender: ChatDelivery, send: ChatPort["send"]): ChatDelivery {
  return { ...sender, chat: { ...sender.chat, send } };
}

const OPEN_AT = madrid("2026-11-16T10:00");

const as = (person: string, now: number) => ({ person, now, via: "slack" as const });

/** Every message row as [kind, recipient, status], oldest first. */
function statuses(svc: SqliteServices): [string, string, string][] {
  return (
    svc.store.db.$client
      .prepare("SELECT kind, recipient, status FROM outbox WHERE kind != 'refresh' ORDER BY id")
      .all() as { kind: string; recipient: string; status: string }[]
  ).map((r) => [r.kind, r.recipient, r.status]);
}

async function openBomb(svc: SqliteServices, now = OPEN_AT): Promise<Bomb> {
  const r = await reportBomb(
    svc,
    { person: P.ana, now, via: "cli" },
    complaint({ departmentId: "logistica" }),
  );
  if (!r.ok) throw new Error(r.reason);
  return r.bomb;
}

describe("deliverDue", () => {
  let svc: SqliteServices;
  beforeEach(() => {
    svc = servicesOn(":memory:");
  });
  afterEach(() => closeDatabase(svc.store.db));

  it("sends each message once, then refreshes the bomb's earlier messages", async () => {
    const bomb = await openBomb(svc);
    const s = recordingSender();
    const first = await deliverDue(svc, s.sender, () => OPEN_AT);
    expect(first).toEqual({ sent: 2, retried: 0, failed: 0, dropped: 0, pausedUntil: null });
    expect(s.sent).toEqual([{ to: P.nacho, kind: "bomb_assigned", bombId: bomb.id }]);
    expect(s.refreshed).toEqual([{ bombId: bomb.id, landed: 1 }]);
    // Nothing is sent twice.
    expect(await deliverDue(svc, s.sender, () => OPEN_AT)).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
      dropped: 0,
      pausedUntil: null,
    });
  });

  it("holds messages back until working hours (quiet hours)", async () => {
    await openBomb(svc, madrid("2026-11-16T20:00"));
    const s = recordingSender();
    await deliverDue(svc, s.sender, () => madrid("2026-11-16T20:00"));
    expect(s.sent).toEqual([]);
    await deliverDue(svc, s.sender, () => madrid("2026-11-17T09:00"));
    expect(s.sent.map((m) => m.to)).toEqual([P.nacho]);
  });

  it("pauses everything for Retry-After on a rate limit, then delivers in order", async () => {
    await openBomb(svc);
    // "You have a bomb" reaches nacho; three days later it climbs to luis.
    await deliverDue(svc, recordingSender().sender, () => OPEN_AT);
    await runPass(svc, madrid("2026-11-19T10:00"));
    const now = madrid("2026-11-19T10:00");
    const s = recordingSender();
    s.failNext(P.luis, { type: "rate_limited", retryAfterMs: 30_000, error: "ratelimited" });
    const paused = await deliverDue(svc, s.sender, () => now);
    expect(paused.pausedUntil).toBe(now + 30_000);
    expect(s.sent).toEqual([]);
    // Before Retry-After has passed nothing of that bomb goes out.
    await deliverDue(svc, s.sender, () => now + 29_000);
    expect(s.sent).toEqual([]);
    await deliverDue(svc, s.sender, () => madrid("2026-11-19T10:01"));
    expect(s.sent.map((m) => `${m.kind}→${m.to}`)).toEqual([
      `bomb_escalated→${P.luis}`,
      `bomb_unanswered→${P.nacho}`,
      `bomb_unanswered→${P.ana}`,
    ]);
  });

  // Until issue 9 both tests failed nacho's "you have a bomb" after the bomb had climbed to luis
  // and then delivered it: it is no longer true then, and is dropped (see the test below).
  it("backs off on a passing failure and keeps the bomb's later messages behind it", async () => {
    await openBomb(svc);
    await deliverDue(svc, recordingSender().sender, () => OPEN_AT);
    await runPass(svc, madrid("2026-11-19T10:00"));
    const s = recordingSender();
    s.failNext(P.luis, { type: "transient", error: "http_500" });
    const now = madrid("2026-11-19T10:00");
    const report = await deliverDue(svc, s.sender, () => now);
    expect(report.retried).toBe(1);
    expect(s.sent.filter((m) => m.kind !== "refresh")).toEqual([]);
    await deliverDue(svc, s.sender, () => now + backoffMs(0));
    expect(s.sent.map((m) => m.kind)).toEqual([
      "bomb_escalated",
      "bomb_unanswered",
      "bomb_unanswered",
    ]);
  });

  it("gives up on a permanent error: timeline entry and an alert to the loyalty managers", async () => {
    const bomb = await openBomb(svc);
    const s = recordingSender();
    s.failNext(P.nacho, { type: "permanent", error: "user_not_found" });
    const report = await deliverDue(svc, s.sender, () => OPEN_AT);
    expect(report.failed).toBe(1);
    const failed = loadTimeline(svc.store.db, bomb.id).filter((e) => e.kind === "delivery_failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.data).toMatchObject({ to: P.nacho, error: "user_not_found" });
    await deliverDue(svc, s.sender, () => OPEN_AT);
    expect(s.sent).toEqual([{ to: P.ana, kind: deliveryFailedKind, bombId: bomb.id }]);
    // Not retried forever: later rounds leave the failed row alone.
    await deliverDue(svc, s.sender, () => OPEN_AT + 3_600_000);
    expect(s.sent).toHaveLength(1);
  });

  // Until issue 9 the failing message here was nacho's "you have a bomb", which his acceptance
  // makes untrue (it is now dropped instead): the loyalty manager's notices stay true.
  it("a bomb's later messages wait for the earlier one even across rounds", async () => {
    const bomb = await openBomb(svc);
    await deliverDue(svc, recordingSender().sender, () => OPEN_AT);
    const s = recordingSender();
    s.failNext(
      P.ana,
      { type: "transient", error: "ECONNRESET" },
      { type: "transient", error: "ECONNRESET" },
    );
    const accepted = await actOnBomb(svc, bomb.id, as(P.nacho, OPEN_AT + 1000), {
      type: "accept",
      severity: "minor",
      dueDate: "2026-11-20",
      visitBy: P.nacho,
      visitOn: "2026-11-18",
      plan: "Llamar y visitar",
    });
    expect(accepted.ok).toBe(true);
    await deliverDue(svc, s.sender, () => OPEN_AT + 2000);
    const resolved = await actOnBomb(svc, bomb.id, as(P.nacho, OPEN_AT + 3000), {
      type: "resolve",
      solution: "Rutas nuevas.",
      visitedOn: "2026-11-16",
      visitedBy: P.nacho,
    });
    expect(resolved.ok).toBe(true);
    await deliverDue(svc, s.sender, () => OPEN_AT + 4000);
    expect(s.sent.map((m) => m.kind)).toEqual([]);
    // The second attempt fails too: the "resolved" notice still waits behind it.
    await deliverDue(svc, s.sender, () => OPEN_AT + 60 * 60_000);
    expect(s.sent.map((m) => m.kind)).toEqual([]);
    await deliverDue(svc, s.sender, () => OPEN_AT + 2 * 60 * 60_000);
    expect(s.sent.map((m) => m.kind)).toEqual(["bomb_accepted", "bomb_resolved"]);
  });

  it("drops a 'you have a bomb' its holder answered before it could be delivered", async () => {
    const bomb = await openBomb(svc);
    const s = recordingSender();
    s.failNext(P.nacho, { type: "transient", error: "ECONNRESET" });
    await deliverDue(svc, s.sender, () => OPEN_AT);
    const accept = {
      type: "accept" as const,
      severity: "minor" as const,
      dueDate: "2026-11-20",
      visitBy: P.nacho,
      visitOn: "2026-11-18",
      plan: "Llamar y visitar",
    };
    expect((await actOnBomb(svc, bomb.id, as(P.nacho, OPEN_AT + 1000), accept)).ok).toBe(true);
    await deliverDue(svc, s.sender, () => OPEN_AT + 60 * 60_000);
    expect(s.sent.map((m) => m.kind)).toEqual(["bomb_accepted"]);
    expect(statuses(svc)).toContainEqual(["bomb_assigned", P.nacho, "dropped"]);
    const drop = loadTimeline(svc.store.db, bomb.id).find((e) => e.kind === "message_dropped");
    expect(drop?.data).toEqual({
      to: P.nacho,
      kind: "bomb_assigned",
      version: 1,
      state: "accepted",
      holder: P.nacho,
    });
  });

  it("drops what stopped being true before delivery, and writes the drop on the timeline", async () => {
    const bomb = await openBomb(svc);
    const s = recordingSender();
    await deliverDue(svc, s.sender, () => OPEN_AT);
    const accept = {
      type: "accept" as const,
      severity: "minor" as const,
      dueDate: "2026-11-17",
      visitBy: P.nacho,
      visitOn: "2026-11-17",
      plan: "Llamar y visitar",
    };
    expect((await actOnBomb(svc, bomb.id, as(P.nacho, OPEN_AT + 1000), accept)).ok).toBe(true);
    await deliverDue(svc, s.sender, () => OPEN_AT + 2000);
    // Overdue on Tuesday 18:00: the notices wait for Wednesday 09:00 (quiet hours).
    await runPass(svc, madrid("2026-11-17T18:00"));
    // The owner resolves at 08:30, before they could be delivered.
    const resolve = {
      type: "resolve" as const,
      solution: "Rutas nuevas.",
      visitedOn: "2026-11-17",
      visitedBy: P.nacho,
    };
    expect(
      (await actOnBomb(svc, bomb.id, as(P.nacho, madrid("2026-11-18T08:30")), resolve)).ok,
    ).toBe(true);
    s.sent.length = 0;
    const report = await deliverDue(svc, s.sender, () => madrid("2026-11-18T09:00"));
    expect(s.sent.map((m) => `${m.kind}→${m.to}`)).toEqual([`bomb_resolved→${P.ana}`]);
    expect(report).toMatchObject({ dropped: 3, failed: 0 });
    const dropped = loadTimeline(svc.store.db, bomb.id).filter((e) => e.kind === "message_dropped");
    expect(dropped.map((e) => e.data)).toEqual(
      [P.nacho, P.luis, P.ana].map((to) => ({
        to,
        kind: "commitment_overdue",
        version: 3,
        state: "resolved",
      })),
    );
    expect(dropped.map((e) => [e.version, e.at, e.via])).toEqual(
      dropped.map(() => [4, madrid("2026-11-18T09:00"), "system"]),
    );
    // A later round neither sends them nor drops them again.
    expect(await deliverDue(svc, s.sender, () => madrid("2026-11-18T10:00"))).toMatchObject({
      sent: 0,
      dropped: 0,
    });
  });

  it("holds every message for working hours at delivery too: a restart at 03:00 on Saturday", async () => {
    // Queued on Friday at 17:30, in working hours, but not delivered before the bot went down.
    await openBomb(svc, madrid("2026-11-20T17:30"));
    const s = recordingSender();
    for (const at of ["2026-11-21T03:00", "2026-11-22T12:00", "2026-11-23T08:59"]) {
      await deliverDue(svc, s.sender, () => madrid(at));
      expect(s.sent, at).toEqual([]);
    }
    await deliverDue(svc, s.sender, () => madrid("2026-11-23T09:00"));
    expect(s.sent.map((m) => m.to)).toEqual([P.nacho]);
    // Waiting for working hours is no failed attempt.
    expect(
      svc.store.db.$client
        .prepare("SELECT attempts FROM outbox WHERE kind = 'bomb_assigned'")
        .get(),
    ).toEqual({ attempts: 1 });
  });

  it("without quiet hours, a restart at night delivers at once", async () => {
    const loud = { ...svc, ...orgChart({ quietHours: false }) };
    await openBomb(loud, madrid("2026-11-20T17:30"));
    const s = recordingSender();
    await deliverDue(loud, s.sender, () => madrid("2026-11-21T03:00"));
    expect(s.sent.map((m) => m.to)).toEqual([P.nacho]);
  });
});

describe("two deliverers at once", () => {
  it("never send the same row twice (the server's pump and a bomba tick)", async () => {
    const { tempDir } = await import("../fixtures/bomb-db.ts");
    const { join } = await import("node:path");
    const dir = tempDir();
    try {
      const path = join(dir.path, "bomba.db");
      const one = servicesOn(path);
      const two = servicesOn(path);
      await openBomb(one);
      // A slow Slack: both deliverers read the same pending rows before either marks them sent.
      const slow = (s: ReturnType<typeof recordingSender>): ChatDelivery =>
        withSend(s.sender, async (...args) => {
          await new Promise((r) => setTimeout(r, 30));
          return s.sender.chat.send(...args);
        });
      const a = recordingSender();
      const b = recordingSender();
      await Promise.all([
        deliverDue(one, slow(a), () => OPEN_AT),
        deliverDue(two, slow(b), () => OPEN_AT),
      ]);
      expect([...a.sent, ...b.sent]).toEqual([{ to: P.nacho, kind: "bomb_assigned", bombId: 1 }]);
      closeDatabase(one.store.db);
      closeDatabase(two.store.db);
    } finally {
      dir.remove();
    }
  });
});

describe("channel posts", () => {
  it("keep their order: part 2 of a digest waits for part 1", async () => {
    const base = servicesOn(":memory:");
    const svc = {
      ...base,
      org: { ...base.org, digest: { channel: "#fidelizacion", at: "09:00" } },
    };
    try {
      const { outbox } = await import("../../src/store/schema.ts");
      // Two parts of one digest as rows queued before rows held data kept them: rendered.
      const part = (n: number) => ({
        dedupeKey: `digest:2026-11-16:${n}:#fidelizacion`,
        bombId: null,
        version: 0,
        recipient: "channel:digest",
        kind: "digest",
        params: {
          text: `Resumen, parte ${n}`,
          blocks: [],
          job: "digest",
          period: "2026-11-16",
          late: false,
          part: n,
          parts: 2,
        },
        createdAt: OPEN_AT,
        nextAttemptAt: OPEN_AT,
      });
      svc.store.db
        .insert(outbox)
        .values([part(1), part(2)])
        .run();
      const s = recordingSender();
      s.failNext("#fidelizacion", { type: "transient", error: "http_503" });
      await deliverDue(svc, s.sender, () => OPEN_AT);
      expect(s.sent).toEqual([]);
      await deliverDue(svc, s.sender, () => OPEN_AT + 1000);
      expect(s.sent).toEqual([]);
      await deliverDue(svc, s.sender, () => OPEN_AT + backoffMs(0));
      expect(s.sent.map((m) => m.kind)).toEqual(["digest", "digest"]);
      const sentParts = svc.store.db.$client
        .prepare("SELECT json_extract(params, '$.part') AS part FROM outbox ORDER BY sent_at, id")
        .all();
      expect(sentParts).toEqual([{ part: 1 }, { part: 2 }]);
    } finally {
      closeDatabase(svc.store.db);
    }
  });
});

describe("an attempt in flight", () => {
  let svc: SqliteServices;
  beforeEach(() => {
    svc = servicesOn(":memory:");
  });
  afterEach(() => closeDatabase(svc.store.db));

  const inFlight = (kind: string) =>
    (
      svc.store.db.$client
        .prepare("SELECT in_flight_since AS at FROM outbox WHERE kind = ? ORDER BY id LIMIT 1")
        .get(kind) as { at: number | null }
    ).at;

  it("is marked before Slack is called, and the mark goes once Slack's answer is recorded", async () => {
    await openBomb(svc);
    const seen: (number | null)[] = [];
    const s = recordingSender();
    const sender = withSend(s.sender, async (to, content, tag, left) => {
      seen.push(inFlight(kindOf(content)));
      return s.sender.chat.send(to, content, tag, left);
    });
    await deliverDue(svc, sender, () => OPEN_AT);
    expect(seen).toEqual([OPEN_AT]);
    expect(inFlight("bomb_assigned")).toBeNull();
  });

  it("reaches the sender again, still marked, after the process died mid-send", async () => {
    await openBomb(svc);
    // Dies while Slack has the post: nothing after the call is ever recorded.
    const dying = withSend(recordingSender().sender, async () => {
      throw new Error("SIGKILL");
    });
    await expect(deliverDue(svc, dying, () => OPEN_AT)).rejects.toThrow("SIGKILL");
    const s = recordingSender();
    const after = s.sender;
    // Not before the claim's lease runs out: the first process might still be at it.
    await deliverDue(svc, after, () => OPEN_AT + 1_000);
    expect(s.attempts).toEqual([]);
    await deliverDue(svc, after, () => OPEN_AT + 61_000);
    // Still marked: looked for (its outcome unknown) before it was sent.
    expect(s.attempts.map((a) => [a.kind, a.looked])).toEqual([["bomb_assigned", true]]);
    expect(inFlight("bomb_assigned")).toBeNull();
  });

  it("stays marked after a failure that may have posted, and goes after one Slack refused", async () => {
    await openBomb(svc);
    const s = recordingSender();
    const sender = s.sender;
    s.failNext(
      P.nacho,
      { type: "transient", error: "socket hang up", unknown: true },
      { type: "rate_limited", retryAfterMs: 1_000, error: "ratelimited", unknown: true },
      { type: "transient", error: "http_503" },
    );
    let at = OPEN_AT;
    for (let round = 0; round < 4; round++) {
      await deliverDue(svc, sender, () => at);
      at += 16 * 60_000;
    }
    // Marked (looked for first) after the failures that may have posted, not after the refusal.
    expect(s.attempts.map((a) => a.looked)).toEqual([false, true, true, false]);
    expect(s.sent.map((m) => m.kind)).toEqual(["bomb_assigned"]);
    expect(inFlight("bomb_assigned")).toBeNull();
  });

  it("is recorded as sent, not dropped, when it stopped being true but Slack has it", async () => {
    const bomb = await openBomb(svc);
    const dying = withSend(recordingSender().sender, async () => {
      throw new Error("SIGKILL");
    });
    await expect(deliverDue(svc, dying, () => OPEN_AT)).rejects.toThrow("SIGKILL");
    // Meanwhile the bomb moved on: "you have a bomb" for nacho is no longer true.
    const forward = {
      type: "forward" as const,
      to: P.sergio,
      note: "Es de comercial.",
    };
    expect((await actOnBomb(svc, bomb.id, as(P.nacho, OPEN_AT + 1_000), forward)).ok).toBe(true);
    const looked: string[] = [];
    const s = recordingSender();
    const after: ChatDelivery = {
      ...s.sender,
      chat: {
        ...s.sender.chat,
        find: async (_to, tag) => {
          looked.push(tag.key.split(":")[2] ?? "");
          return [{ conversation: "D-nacho", ref: "1.999", part: 1 }];
        },
      },
    };
    await deliverDue(svc, after, () => OPEN_AT + 61_000);
    expect(looked).toEqual(["bomb_assigned"]);
    expect(statuses(svc)[0]).toEqual(["bomb_assigned", P.nacho, "sent"]);
    expect(inFlight("bomb_assigned")).toBeNull();
    const landed = svc.store.db.$client.prepare("SELECT message_ref AS ts FROM deliveries").all();
    expect(landed).toContainEqual({ ts: "1.999" });
  });

  it("is dropped when it stopped being true and Slack does not have it", async () => {
    const bomb = await openBomb(svc);
    const dying = withSend(recordingSender().sender, async () => {
      throw new Error("SIGKILL");
    });
    await expect(deliverDue(svc, dying, () => OPEN_AT)).rejects.toThrow("SIGKILL");
    const forward = { type: "forward" as const, to: P.sergio, note: "Es de comercial." };
    expect((await actOnBomb(svc, bomb.id, as(P.nacho, OPEN_AT + 1_000), forward)).ok).toBe(true);
    const s = recordingSender();
    const nothing: ChatDelivery = { ...s.sender, chat: { ...s.sender.chat, find: async () => [] } };
    await deliverDue(svc, nothing, () => OPEN_AT + 61_000);
    expect(statuses(svc)[0]).toEqual(["bomb_assigned", P.nacho, "dropped"]);
  });

  it("goes with a row given up for good", async () => {
    await openBomb(svc);
    const s = recordingSender();
    s.failNext(P.nacho, { type: "permanent", error: "user_not_found" });
    await deliverDue(svc, s.sender, () => OPEN_AT);
    expect(inFlight("bomb_assigned")).toBeNull();
  });
});
