/**
 * The real `bomba serve` while its Slack fails: a 429 holds every delivery round for its
 * Retry-After, whatever kicks the pump; a restart during an outage still runs its catch-up pass
 * and takes reports, and everything goes out once Slack answers again, once, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFERENCE_CLOCK, waitFor } from "../e2e/harness.ts";
import { CALENDAR } from "../fixtures/org-chart.ts";
import {
  createWorkspace,
  openBombIn,
  reportInput,
  type ServeRun,
  seedWorkspace,
  startServe,
  type Workspace,
} from "./bot-process.ts";
import { auditDelivery, ledgerProblems, summary } from "./ledger.ts";

const MONDAY = Date.parse(REFERENCE_CLOCK);
const chatMethods = new Set(["chat.postMessage", "chat.update", "conversations.open"]);

describe("bomba serve while Slack fails", () => {
  let ws: Workspace;
  let serve: ServeRun | null = null;
  const seen = { pauseMs: 0, callsInPause: 0, failed: 0, escalated: 0, reportsTaken: 0 };

  beforeAll(async () => {
    ws = await createWorkspace();
    await seedWorkspace(ws, async (svc) => {
      for (const [i, department] of ["logistica", "comercial", "logistica"].entries()) {
        await openBombIn(svc, MONDAY, department, `Cliente ${i + 1}`);
      }
    });
  });

  afterAll(async () => {
    await serve?.stop();
    await ws.remove();
    summary(
      "serve-faults",
      `429 with Retry-After 3 s: ${seen.callsInPause} Slack calls during the pause ` +
        `(next after ${seen.pauseMs} ms) though a report kicked the pump; restart during an ` +
        `outage: ${seen.escalated} escalations by the catch-up pass and ${seen.reportsTaken} report ` +
        `taken while ${seen.failed} Slack calls failed, then every message delivered once, in order`,
    );
  });

  it("holds every delivery round for Retry-After, even one a click kicks, then goes on", async () => {
    ws.standIn.fail("chat.postMessage", { kind: "rate_limited", retryAfterSeconds: 3 }, 1);
    serve = await startServe(ws, MONDAY);
    await serve.healthy();
    const limited = await waitFor(
      () => ws.standIn.calls.find((c) => c.failure?.kind === "rate_limited"),
      "the 429",
    );
    // A report right after: it kicks the pump, which must still wait.
    expect((await serve.submit(reportInput("V0PAUSE1", "Pausa S.A."))).status).toBe(200);
    await waitFor(() => ws.read((db) => pendingRows(db) === 0), "an empty outbox", 15_000);
    const after = ws.standIn.calls.filter((c) => c.at > limited.at && chatMethods.has(c.method));
    seen.callsInPause = after.filter((c) => c.at < limited.at + 3_000).length;
    seen.pauseMs = (after[0]?.at ?? 0) - limited.at;
    expect(seen.callsInPause).toBe(0);
    expect(seen.pauseMs).toBeGreaterThanOrEqual(3_000);
    // …and goes on as soon as it has run out, not at the next sweep.
    expect(seen.pauseMs).toBeLessThan(4_500);
    await serve.stop();
    serve = null;
  }, 30_000);

  it("runs the catch-up pass and takes reports during an outage, then delivers everything", async () => {
    const before = ws.standIn.calls.length;
    ws.standIn.fail("conversations.open", { kind: "drop" }, 2);
    ws.standIn.fail("chat.postMessage", { kind: "http", status: 503 }, 1);
    ws.standIn.fail("chat.postMessage", { kind: "error", error: "internal_error" }, 1);
    ws.standIn.fail("chat.postMessage", { kind: "http", status: 500 }, 2);
    ws.standIn.fail("chat.update", { kind: "http", status: 502 }, 3);
    // Three working days later: every bomb's answer window has run out.
    const thursday = CALENDAR.addWorkingDays(MONDAY, 3) + 5 * 60_000;
    serve = await startServe(ws, thursday, { LOG_LEVEL: "info" });
    await serve.healthy();
    const taken = await serve.submit(reportInput("V0OUTAGE1", "Durante S.L.", "comercial"));
    expect(taken).toMatchObject({ status: 200, text: "" });
    seen.reportsTaken = ws.read((db) => sourceKeys(db, "view:V0OUTAGE1"));
    await waitFor(() => ws.read((db) => pendingRows(db) === 0), "an empty outbox", 25_000);
    const calls = ws.standIn.calls.slice(before);
    seen.failed = calls.filter((c) => c.failure !== undefined).length;
    expect(seen.failed).toBe(9);
    expect(serve.stderr()).toMatch(/pass: 4 bombs/);
    seen.escalated = ws.read(
      (db) =>
        (
          db.prepare("SELECT count(*) AS n FROM bomb_events WHERE kind = 'escalated'").get() as {
            n: number;
          }
        ).n,
    );
    expect(seen.escalated).toBe(4);
    await serve.stop();
    serve = null;
    ws.open((db) => {
      expect(ledgerProblems(db)).toEqual([]);
      const audit = auditDelivery(db, ws.standIn.calls);
      expect(audit.phantom).toEqual([]);
      expect(audit.unrecorded).toEqual([]);
      expect(audit.outOfOrder).toEqual([]);
      expect(audit.messages).toEqual({ sent: audit.posts, pending: 0, failed: 0 });
    });
  }, 45_000);
});

function pendingRows(db: import("better-sqlite3").Database): number {
  return (
    db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }
  ).n;
}

function sourceKeys(db: import("better-sqlite3").Database, key: string): number {
  return (
    db.prepare("SELECT count(*) AS n FROM bombs WHERE source_key = ?").get(key) as { n: number }
  ).n;
}
