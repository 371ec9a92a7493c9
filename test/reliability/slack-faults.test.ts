/**
 * Slack failing for a long stretch while bombs escalate: 5xx, timeouts, dropped connections,
 * 429 with Retry-After, `ok:false` internal errors; then permanent refusals. Driven in-process on
 * a moving clock (the real sender over a real WebClient, pointed at the Slack stand-in), so a day
 * of back-off takes seconds. What `serve` itself does under the same faults is in
 * `serve-faults.test.ts`.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChatDelivery, deliverDue } from "../../src/app/deliver.ts";
import { type ChatContent, ChatError, type ChatPort } from "../../src/chat/port.ts";
import { loadTimeline } from "../../src/store/sqlite/bomb-store.ts";
import { closeDatabase } from "../../src/store/sqlite/database.ts";
import { deliverableRows } from "../../src/store/sqlite/outbox-store.ts";
import { refreshKind } from "../../src/store/store.ts";
import { type SqliteServices, servicesOn, tempDir } from "../fixtures/bomb-db.ts";
import { CALENDAR, cmd, madrid, P } from "../fixtures/org-chart.ts";
import { memoryChat } from "../support/memory-chat.ts";
import { type SlackStandIn, startSlackStandIn } from "../support/slack-stand-in.ts";
import { actAs, openBombIn } from "./bot-process.ts";
import { auditDelivery, ledgerProblems, summary } from "./ledger.ts";
import {
  faultClient,
  fixtureDirectory,
  playOutage,
  type SimLog,
  senderOver,
  simulate,
} from "./slack-sim.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const permanentErrors = ["user_not_found", "channel_not_found", "not_in_channel", "invalid_blocks"];

describe("Slack failing for a long stretch while bombs escalate", () => {
  let dir: ReturnType<typeof tempDir>;
  let svc: SqliteServices;
  let slack: SlackStandIn;
  let down: SlackStandIn;
  let log: SimLog;
  /** The rows a permanent error was played for, and the error. */
  const refused: { key: string; error: string; attemptsBefore: number }[] = [];
  const outageFrom = madrid("2026-11-18T17:00");
  const outageTo = madrid("2026-11-19T11:00");

  beforeAll(async () => {
    dir = tempDir("bomba-faults-");
    svc = servicesOn(join(dir.path, "faults.db"));
    slack = await startSlackStandIn();
    down = await startSlackStandIn();
    playOutage(down, 5_000);
    let now = 0;
    const clock = () => now;
    const healthy = { standIn: slack, sender: senderOver(faultClient(slack.url), svc, clock) };
    const failing = { standIn: down, sender: senderOver(faultClient(down.url), svc, clock) };

    const monday = madrid("2026-11-16T10:00");
    const b1 = (await openBombIn(svc, monday, "logistica", "Norte S.A.")).id;
    const b2 = (await openBombIn(svc, monday, "logistica", "Sur S.L.")).id;
    const b3 = (await openBombIn(svc, monday, "comercial", "Este S.A.")).id;
    await openBombIn(svc, monday, "comercial", "Oeste S.L.");
    // Due Wednesday: overdue at 18:00, inside the outage; its climb is held to Thursday 09:00.
    await actAs(
      svc,
      b2,
      P.nacho,
      monday + 30 * MINUTE,
      cmd.accept({ dueDate: "2026-11-18", visitOn: "2026-11-17" }),
    );
    const script = new Map<number, () => unknown>([
      [
        outageFrom + 5 * MINUTE,
        () => openBombIn(svc, outageFrom + 5 * MINUTE, "comercial", "Centro S.A."),
      ],
      [
        madrid("2026-11-19T09:30"),
        () =>
          actAs(
            svc,
            b3,
            P.sergio,
            madrid("2026-11-19T09:30"),
            cmd.accept({ dueDate: "2026-11-25", visitOn: "2026-11-20", visitBy: P.sergio }),
          ),
      ],
      [
        madrid("2026-11-19T10:30"),
        () => actAs(svc, b1, P.ana, madrid("2026-11-19T10:30"), cmd.defuse()),
      ],
      [
        madrid("2026-11-19T14:00"),
        async () => {
          await openBombIn(svc, madrid("2026-11-19T14:00"), "logistica", "Norte 2 S.A.");
          await openBombIn(svc, madrid("2026-11-19T14:00"), "comercial", "Sur 2 S.L.");
        },
      ],
    ]);
    log = await simulate(
      svc,
      monday,
      madrid("2026-11-20T12:00"),
      MINUTE,
      (at) => (at >= outageFrom && at < outageTo ? failing : healthy),
      async (at) => {
        now = at;
        await script.get(at)?.();
        if (at >= outageTo && refused.length < permanentErrors.length) {
          // The next post goes to the first message waiting; refuse it (not to the manager, who
          // would then have nobody to tell).
          const next = deliverableRows(svc.store.db, at, 200).find((r) => r.kind !== refreshKind);
          if (next !== undefined && next.recipient !== P.ana) {
            const error = permanentErrors[refused.length] as string;
            slack.fail("chat.postMessage", { kind: "error", error }, 1);
            refused.push({ key: next.dedupeKey, error, attemptsBefore: next.attempts });
          }
        }
      },
    );
  }, 60_000);

  it("failed every call during the outage, and kept the store sound", () => {
    const during = log.calls.filter((c) => c.at >= outageFrom && c.at < outageTo);
    expect(during.length).toBeGreaterThan(100);
    expect(during.every((c) => c.call.failure !== undefined)).toBe(true);
    expect(new Set(during.map((c) => c.call.failure?.kind))).toEqual(
      new Set(["http", "drop", "error", "rate_limited", "timeout"]),
    );
    expect(ledgerProblems(svc.store.db)).toEqual([]);
  });

  it("kept the scheduler running: every step during the outage applied at its due minute", () => {
    const rows = svc.store.db.$client
      .prepare(
        `SELECT bomb_id, kind, at, recorded_at FROM bomb_events
         WHERE via = 'scheduler' AND at >= ? AND at < ?`,
      )
      .all(outageFrom, outageTo) as { kind: string; at: number; recorded_at: number }[];
    expect(rows.map((r) => r.kind).sort()).toEqual(["escalated", "escalated", "overdue"]);
    for (const r of rows) expect(r.recorded_at - r.at).toBeLessThan(MINUTE);
  });

  it("paused for Retry-After: no call until it ran out, nothing more in the round", () => {
    expect(log.pauses.length).toBeGreaterThan(0);
    for (const pause of log.pauses) {
      const limited = log.calls.find(
        (c) => c.at === pause.at && c.call.failure?.kind === "rate_limited",
      );
      if (limited?.call.failure?.kind !== "rate_limited") throw new Error("no 429 at the pause");
      const retryAfter = limited.call.failure.retryAfterSeconds;
      expect(pause.until - pause.at).toBe(retryAfter * 1000);
      expect(log.calls.filter((c) => c.at > pause.at && c.at < pause.until)).toEqual([]);
      // The rate-limited call ended its round.
      expect(log.calls.filter((c) => c.round === limited?.round).at(-1)).toBe(limited);
    }
  });

  it("delivered every message once Slack recovered, in order per bomb, none twice", () => {
    const audit = auditDelivery(svc.store.db, slack.calls);
    expect(audit.phantom).toEqual([]);
    expect(audit.unrecorded.map((c) => c.args.text)).toEqual([]);
    expect(audit.outOfOrder).toEqual([]);
    expect(audit.messages).toEqual({
      sent: audit.posts,
      pending: 0,
      failed: permanentErrors.length,
    });
    const afterOutage = svc.store.db.$client
      .prepare(
        "SELECT count(*) AS n FROM outbox WHERE kind != 'refresh' AND created_at < ? AND sent_at >= ?",
      )
      .get(outageTo, outageFrom) as { n: number };
    expect(afterOutage.n).toBeGreaterThan(5);
  });

  it("gave up a permanent refusal at once, on the timeline, with an alert to the loyalty manager", () => {
    expect(refused.map((r) => r.error)).toEqual(permanentErrors);
    for (const { key, error, attemptsBefore } of refused) {
      const row = svc.store.db.$client
        .prepare(
          "SELECT id, bomb_id, recipient, kind, status, attempts, last_error FROM outbox WHERE dedupe_key = ?",
        )
        .get(key) as {
        id: number;
        bomb_id: number;
        recipient: string;
        kind: string;
        status: string;
        attempts: number;
        last_error: string;
      };
      // Tried once more after the outage's passing failures, refused, and never again.
      expect(row).toMatchObject({
        status: "failed",
        attempts: attemptsBefore + 1,
        last_error: error,
      });
      const noted = loadTimeline(svc.store.db, row.bomb_id).filter(
        (e) => e.kind === "delivery_failed" && (e.data as { to: string }).to === row.recipient,
      );
      expect(noted.map((e) => (e.data as { error: string }).error)).toContain(error);
      const alert = svc.store.db.$client
        .prepare(
          `SELECT status FROM outbox WHERE kind = 'delivery_failed' AND recipient = ?
           AND json_extract(params, '$.error') = ? AND dedupe_key LIKE ?`,
        )
        .get(P.ana, error, `%:${row.id}`) as { status: string } | undefined;
      expect(alert?.status).toBe("sent");
    }
    const toAna = slack.calls.filter(
      (c) =>
        c.method === "chat.postMessage" &&
        c.args.channel === "D0ANA" &&
        String(c.args.text).startsWith("📭"),
    );
    expect(toAna).toHaveLength(permanentErrors.length);
  });

  afterAll(async () => {
    const audit = auditDelivery(svc.store.db, slack.calls);
    const during = log.calls.filter((c) => c.at >= outageFrom && c.at < outageTo);
    const steps = svc.store.db.$client
      .prepare(
        "SELECT count(*) AS n FROM bomb_events WHERE via = 'scheduler' AND at >= ? AND at < ?",
      )
      .get(outageFrom, outageTo) as { n: number };
    const attempts = (key: string) =>
      (
        svc.store.db.$client
          .prepare("SELECT attempts FROM outbox WHERE dedupe_key = ?")
          .get(key) as {
          attempts: number;
        }
      ).attempts;
    const retried = refused.reduce((n, r) => n + attempts(r.key) - r.attemptsBefore - 1, 0);
    const alerted = svc.store.db.$client
      .prepare(
        "SELECT count(*) AS n FROM outbox WHERE kind = 'delivery_failed' AND status = 'sent'",
      )
      .get() as { n: number };
    const noted = svc.store.db.$client
      .prepare("SELECT count(*) AS n FROM bomb_events WHERE kind = 'delivery_failed'")
      .get() as { n: number };
    const lost = audit.messages.pending + audit.messages.failed - refused.length;
    summary(
      "slack-faults",
      `${(outageTo - outageFrom) / HOUR} h outage (5xx, timeouts, drops, 429, ok:false internal errors): ` +
        `${during.length} failed calls, ${log.pauses.length} Retry-After pauses honoured, ` +
        `${log.passes} scheduler passes (${steps.n} steps on time during the outage); ` +
        `${audit.messages.sent} messages delivered, ${lost} lost, ` +
        `${audit.unrecorded.length + audit.phantom.length} duplicated or phantom, ` +
        `${audit.outOfOrder.length} bombs out of order; ` +
        `${refused.length} permanent errors (${permanentErrors.join(", ")}) → ` +
        `${noted.n} timeline entries, ${alerted.n} alerts delivered to the loyalty manager, ` +
        `${retried} retries after the refusal`,
    );
    closeDatabase(svc.store.db);
    await slack.close();
    await down.close();
    dir.remove();
  });
});

describe("an outage over a weekend", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => {
    dir = tempDir("bomba-faults-weekend-");
  });
  afterAll(() => dir.remove());

  /** Slack down from `from` to `to`; a bomb opened just after `from`; simulated until `until`. */
  async function outage(name: string, from: number, to: number, until: number) {
    const svc = servicesOn(join(dir.path, `${name}.db`));
    const slack = await startSlackStandIn();
    const down = await startSlackStandIn();
    playOutage(down, 5_000, 0);
    let now = 0;
    const clock = () => now;
    const healthy = { standIn: slack, sender: senderOver(faultClient(slack.url), svc, clock) };
    const failing = { standIn: down, sender: senderOver(faultClient(down.url), svc, clock) };
    try {
      const log = await simulate(
        svc,
        from - HOUR,
        until,
        MINUTE,
        (at) => (at >= from && at < to ? failing : healthy),
        async (at) => {
          now = at;
          if (at === from - HOUR) await openBombIn(svc, at, "logistica", "Antes S.A.");
          if (at === from + 30 * MINUTE) await openBombIn(svc, at, "comercial", "Durante S.L.");
        },
      );
      const rows = svc.store.db.$client
        .prepare(
          "SELECT status, sent_at AS sentAt, last_error AS error FROM outbox WHERE kind != 'refresh'",
        )
        .all() as { status: string; sentAt: number | null; error: string | null }[];
      return {
        log,
        rows,
        problems: ledgerProblems(svc.store.db),
        audit: auditDelivery(svc.store.db, slack.calls),
      };
    } finally {
      closeDatabase(svc.store.db);
      await slack.close();
      await down.close();
    }
  }

  it("retries only in working hours: Slack back at 03:00 on Saturday, the message goes on Monday", async () => {
    const friday = madrid("2026-11-20T17:00");
    const { rows, problems } = await outage(
      "night",
      friday,
      madrid("2026-11-21T03:00"),
      madrid("2026-11-23T10:00"),
    );
    expect(problems).toEqual([]);
    const sentAt = rows.map((r) => r.sentAt);
    expect(sentAt).toContain(madrid("2026-11-23T09:00"));
    for (const at of sentAt) expect(at !== null && CALENDAR.isWorkingTime(at)).toBe(true);
  });

  it("loses nothing over a weekend of Slack down: each message goes on Monday at 09:00", async () => {
    const from = madrid("2026-11-20T17:00");
    const to = madrid("2026-11-23T09:00");
    const { log, rows, problems, audit } = await outage("weekend", from, to, to + 2 * HOUR);
    expect(problems).toEqual([]);
    expect(audit.unrecorded).toEqual([]);
    const givenUp = rows.filter((r) => r.status !== "sent");
    expect(givenUp).toEqual([]);
    const late = rows.filter((r) => (r.sentAt ?? 0) >= to);
    expect(late.length).toBeGreaterThan(0);
    for (const r of rows) expect(CALENDAR.isWorkingTime(r.sentAt ?? 0)).toBe(true);
    summary(
      "slack-weekend-outage",
      `Slack down Friday 17:00 → Monday 09:00 (${(to - from) / HOUR} h): ` +
        `${log.calls.filter((c) => c.call.failure !== undefined).length} failed calls, ` +
        `${givenUp.length} of ${rows.length} messages given up, ${late.length} delivered on Monday ` +
        `from 09:00, ${rows.filter((r) => !CALENDAR.isWorkingTime(r.sentAt ?? 0)).length} outside working hours`,
    );
  });
});

describe("delivery edge cases", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => {
    dir = tempDir("bomba-faults-edge-");
  });
  afterAll(() => dir.remove());

  it("retries an auth error (token revoked, then replaced) instead of giving the message up", async () => {
    const svc = servicesOn(join(dir.path, "auth.db"));
    const revoked = await startSlackStandIn({ token: "xoxb-0000000000-some-other-token" });
    const slack = await startSlackStandIn();
    try {
      const monday = madrid("2026-11-16T10:00");
      await openBombIn(svc, monday, "logistica", "Norte S.A.");
      let now = monday;
      const clock = () => now;
      const bad = { standIn: revoked, sender: senderOver(faultClient(revoked.url), svc, clock) };
      const good = { standIn: slack, sender: senderOver(faultClient(slack.url), svc, clock) };
      await simulate(
        svc,
        monday,
        monday + 3 * HOUR,
        MINUTE,
        (at) => (at < monday + 2 * HOUR ? bad : good),
        (at) => {
          now = at;
        },
      );
      expect(revoked.calls.length).toBeGreaterThan(3);
      expect(revoked.calls.every((c) => c.response?.error === "invalid_auth")).toBe(true);
      const audit = auditDelivery(svc.store.db, slack.calls);
      expect(audit.messages).toEqual({ sent: 1, pending: 0, failed: 0 });
      expect(ledgerProblems(svc.store.db)).toEqual([]);
    } finally {
      closeDatabase(svc.store.db);
      await revoked.close();
      await slack.close();
    }
  });

  it("keeps a bomb's order when another deliverer holds its earlier message", async () => {
    // Deliverer B lists the rows, then waits on another bomb's message; meanwhile A takes bomb X's
    // first message and fails on it. B must not send X's second message past it.
    const file = join(dir.path, "order.db");
    const a = servicesOn(file);
    const b = servicesOn(file);
    try {
      const monday = madrid("2026-11-16T10:00");
      const y = (await openBombIn(a, monday, "comercial", "Y S.A.")).id;
      const x = (await openBombIn(a, monday, "logistica", "X S.A.")).id;
      // Accepted and resolved at once: nacho's "you have a bomb" is dropped as no longer true,
      // and X's first message sent is the loyalty manager's "accepted" (before issue 9 this
      // test defused X, which now makes its first message untrue: nothing would be held).
      await actAs(a, x, P.nacho, monday, cmd.accept());
      await actAs(a, x, P.nacho, monday, cmd.resolve());
      const sentX: string[] = [];
      let releaseY: () => void = () => {};
      const yHeld = new Promise<void>((resolve) => {
        releaseY = resolve;
      });
      let aStarted: () => void = () => {};
      const aRunning = new Promise<void>((resolve) => {
        aStarted = resolve;
      });
      // Two in-memory platforms that only say which bomb each message is about.
      const bombOf = (content: ChatContent) =>
        content.type === "bomb" ? (content.bomb?.id ?? null) : null;
      const over = (send: ChatPort["send"]): ChatDelivery => ({
        chat: { ...memoryChat().port, send },
        directory: () => fixtureDirectory,
      });
      const senderB = over(async (_to, content) => {
        if (bombOf(content) === y) {
          aStarted();
          await yHeld;
        }
        if (bombOf(content) === x && content.type === "bomb") sentX.push(content.kind);
        return [];
      });
      const senderA = over(async (_to, content) => {
        if (bombOf(content) === x) {
          releaseY();
          await new Promise((r) => setTimeout(r, 20));
          throw new ChatError("transient", "http_503");
        }
        return [];
      });
      const roundB = deliverDue(b, senderB, () => monday);
      await aRunning;
      await deliverDue(a, senderA, () => monday);
      await roundB;
      // X's first message is waiting to be retried: nothing after it may have gone out.
      expect(sentX).toEqual([]);
      await deliverDue(a, senderB, () => monday + HOUR);
      expect(sentX).toEqual(["bomb_accepted", "bomb_resolved"]);
    } finally {
      closeDatabase(a.store.db);
      closeDatabase(b.store.db);
    }
  });
});
