/**
 * The outbox over a second adapter: the in-memory platform (`test/support/memory-chat.ts`)
 * receives neutral content, never a rendered payload, and its errors are acted on by kind. Nothing
 * in src/app or src/core knows it is not Slack.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actOnBomb, reportBomb } from "../../src/app/bomb-actions.ts";
import { backoffMs, type ChatDelivery, deliverDue } from "../../src/app/deliver.ts";
import { ChatError } from "../../src/chat/port.ts";
import type { Bomb } from "../../src/core/bomb.ts";
import { outbox } from "../../src/store/schema.ts";
import { closeDatabase } from "../../src/store/sqlite/database.ts";
import { type SqliteServices, servicesOn } from "../fixtures/bomb-db.ts";
import { complaint, madrid, P } from "../fixtures/org-chart.ts";
import {
  type MemoryChat,
  memoryChat,
  memoryConversation,
  memoryDirectory,
} from "../support/memory-chat.ts";

const OPEN_AT = madrid("2026-11-16T10:00");

let svc: SqliteServices;
let memory: MemoryChat;
let delivery: ChatDelivery;

beforeEach(() => {
  const base = servicesOn(":memory:");
  svc = {
    ...base,
    org: {
      ...base.org,
      digest: { channel: "#fidelizacion", at: "09:00" },
      report: { channel: "#direccion" },
    },
  };
  memory = memoryChat();
  const directory = memoryDirectory(Object.values(P));
  delivery = { chat: memory.port, directory: () => directory };
});

afterEach(() => closeDatabase(svc.store.db));

async function openBomb(): Promise<Bomb> {
  const made = await reportBomb(
    svc,
    { person: P.ana, now: OPEN_AT, via: "cli" },
    complaint({ departmentId: "logistica" }),
  );
  if (!made.ok) throw new Error(made.reason);
  return made.bomb;
}

function queue(dedupeKey: string, recipient: string, kind: string, params: unknown): void {
  svc.store.db
    .insert(outbox)
    .values({
      dedupeKey,
      bombId: null,
      version: 0,
      recipient,
      kind,
      params,
      createdAt: OPEN_AT,
      nextAttemptAt: OPEN_AT,
    })
    .run();
}

function deliveries() {
  return svc.store.db.$client
    .prepare(
      "SELECT recipient, platform, conversation, message_ref AS ref, part, kind FROM deliveries ORDER BY id",
    )
    .all();
}

describe("the outbox over the in-memory adapter", () => {
  it("hands a bomb's message over as the bomb and its kind, to the person's private conversation", async () => {
    const bomb = await openBomb();
    await deliverDue(svc, delivery, () => OPEN_AT);
    const [message] = memory.messages;
    expect(message?.to).toEqual({ conversation: memoryConversation(P.nacho) });
    expect(message?.content).toMatchObject({
      type: "bomb",
      kind: "bomb_assigned",
      recipient: P.nacho,
      bomb: { id: bomb.id, state: "pending" },
    });
    expect(message?.tag.key).toBe(`${bomb.id}:1:bomb_assigned:${P.nacho}`);
    expect(deliveries()).toEqual([
      {
        recipient: P.nacho,
        platform: "memory",
        conversation: memoryConversation(P.nacho),
        ref: message?.at.ref,
        part: 1,
        kind: "bomb_assigned",
      },
    ]);
    // The refresh edits it from the bomb as it stands, through the port.
    expect(memory.updated.map((u) => u.at)).toEqual([message?.at]);
  });

  it("sends a job's digest as data, loaded at delivery, to the channel the org file names", async () => {
    await openBomb();
    queue("digest:2026-11-13:1:#fidelizacion", "channel:digest", "digest", {
      job: "digest",
      period: "2026-11-13",
      late: true,
    });
    await deliverDue(svc, delivery, () => OPEN_AT);
    const digest = memory.messages.find((m) => m.content.type === "digest");
    expect(digest?.to).toEqual({ channel: "#fidelizacion" });
    expect(digest?.content).toMatchObject({
      type: "digest",
      late: true,
      digest: { date: "2026-11-13", total: 1, at: OPEN_AT },
    });
    expect(deliveries()).toContainEqual(
      expect.objectContaining({ recipient: "channel:digest", conversation: "#fidelizacion" }),
    );
  });

  it("sends one part of a row queued before rows held data, rendered again from its job and period", async () => {
    queue("digest:2026-11-13:2:#fidelizacion", "channel:digest", "digest", {
      text: "Resumen (2/2)",
      blocks: [{ type: "section" }],
      job: "digest",
      period: "2026-11-13",
      late: false,
      part: 2,
      parts: 2,
    });
    await deliverDue(svc, delivery, () => OPEN_AT);
    expect(memory.messages.map((m) => m.content)).toEqual([
      expect.objectContaining({ type: "digest", part: 2, late: false }),
    ]);
  });

  it("gives up a row that names no job, and a channel the org file no longer names", async () => {
    queue("digest:x:1", "channel:digest", "digest", { text: 1 });
    queue("report:2026-Q4:message:1:#direccion", "channel:report", "report", {
      job: "report",
      period: "2026-Q4",
      late: false,
    });
    svc.org = { ...svc.org, report: null };
    const report = await deliverDue(svc, delivery, () => OPEN_AT);
    expect(report.failed).toBe(2);
    const errors = svc.store.db.$client
      .prepare(
        "SELECT dedupe_key AS key, last_error AS error FROM outbox WHERE kind != 'delivery_failed' ORDER BY id",
      )
      .all();
    expect(errors).toEqual([
      { key: "digest:x:1", error: "bad_params" },
      { key: "report:2026-Q4:message:1:#direccion", error: "no_channel" },
    ]);
  });

  it("puts a report's files beside the report's message, once it landed", async () => {
    const messageKey = "report:2026-Q4:message:1:#direccion";
    queue(messageKey, "channel:report", "report", {
      job: "report",
      period: "2026-Q4",
      late: false,
    });
    queue("report:2026-Q4:files:#direccion", "channel:report", "report_files", {
      quarter: "2026-Q4",
      files: [{ format: "csv" }],
      messageKey,
    });
    await deliverDue(svc, delivery, () => madrid("2027-01-04T10:00"));
    const message = memory.messages.find((m) => m.content.type === "report");
    expect(message?.content).toMatchObject({
      type: "report",
      report: { quarter: { id: "2026-Q4" } },
    });
    expect(memory.uploaded.map((u) => [u.at, u.files.map((f) => f.filename)])).toEqual([
      [message?.at, ["informe-2026-Q4.csv"]],
    ]);
  });

  it("keeps the message a platform sent anew in place of the one it could not edit", async () => {
    const bomb = await openBomb();
    let fresh = 0;
    const edited: string[] = [];
    const resending: ChatDelivery = {
      ...delivery,
      chat: {
        ...memory.port,
        // As Teams does when the old card is gone from the conversation.
        update: async (at) => {
          edited.push(at.ref);
          fresh += 1;
          return [{ conversation: at.conversation, ref: `anew-${fresh}`, part: 1 }];
        },
      },
    };
    await deliverDue(svc, resending, () => OPEN_AT);
    expect((await svc.store.landedMessages(bomb.id)).map((l) => l.ref)).toEqual(["anew-1"]);
    // The next change edits the new message, not the old one.
    const accepted = await actOnBomb(
      svc,
      bomb.id,
      { person: P.nacho, now: OPEN_AT + 1, via: "cli" },
      {
        type: "accept",
        severity: "minor",
        dueDate: "2026-11-20",
        visitBy: P.nacho,
        visitOn: "2026-11-18",
        plan: "Llamar y visitar",
      },
    );
    expect(accepted.ok).toBe(true);
    await deliverDue(svc, resending, () => OPEN_AT + 2);
    const [first, ...after] = edited;
    expect(first).toBe(memory.messages[0]?.at.ref);
    expect(after).toContain("anew-1");
    expect(after).not.toContain(first);
    expect((await svc.store.landedMessages(bomb.id)).map((l) => l.ref)).not.toContain("anew-1");
  });

  it("acts on the kind of each failure: waits out retry_after, backs off on not_installed, gives up a permanent one", async () => {
    await openBomb();
    const nacho = memoryConversation(P.nacho);
    memory.failNext(nacho, new ChatError("retry_after", "throttled", { retryAfterMs: 40_000 }));
    const paused = await deliverDue(svc, delivery, () => OPEN_AT);
    expect(paused.pausedUntil).toBe(OPEN_AT + 40_000);
    memory.failNext(nacho, new ChatError("not_installed", "BotNotInConversationRoster"));
    const later = OPEN_AT + 40_000;
    expect(await deliverDue(svc, delivery, () => later)).toMatchObject({ retried: 1, failed: 0 });
    memory.failNext(nacho, new ChatError("permanent", "ConversationBlockedByUser"));
    const givenUp = await deliverDue(svc, delivery, () => later + backoffMs(1));
    expect(givenUp).toMatchObject({ failed: 1, sent: 0 });
    // The loyalty manager hears of it, through the same port.
    await deliverDue(svc, delivery, () => later + backoffMs(1) + 1);
    expect(memory.messages.map((m) => m.content)).toEqual([
      expect.objectContaining({
        type: "bomb",
        kind: "delivery_failed",
        recipient: P.ana,
        params: expect.objectContaining({ to: P.nacho, error: "ConversationBlockedByUser" }),
      }),
    ]);
  });

  it("records a message whose answer was lost, found by its tag, and sends it once", async () => {
    await openBomb();
    memory.loseNext(memoryConversation(P.nacho));
    expect(await deliverDue(svc, delivery, () => OPEN_AT)).toMatchObject({ retried: 1 });
    expect(memory.messages).toHaveLength(1);
    await deliverDue(svc, delivery, () => OPEN_AT + backoffMs(0));
    expect(memory.messages).toHaveLength(1);
    expect(deliveries()).toEqual([
      expect.objectContaining({ recipient: P.nacho, ref: memory.messages[0]?.at.ref }),
    ]);
  });

  it("says which person the platform has no address for", async () => {
    await openBomb();
    const directory = memoryDirectory(Object.values(P), [P.nacho]);
    const report = await deliverDue(
      svc,
      { ...delivery, directory: () => directory },
      () => OPEN_AT,
    );
    expect(report.failed).toBe(1);
    const row = svc.store.db.$client
      .prepare("SELECT last_error AS error FROM outbox WHERE kind = 'bomb_assigned'")
      .get();
    expect(row).toEqual({ error: "no_memory_user" });
  });
});
