/**
 * One bomb the scheduler cannot advance (its answer deadline is corrupt: the calendar finds no
 * working day near it) among many due ones, under the real `bomba serve` started three times,
 * three working days apart. The others advance every time; the loyalty manager is told once,
 * and `serve` logs it once, across the restarts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postsTo, REFERENCE_CLOCK, slackIds, waitFor } from "../e2e/harness.ts";
import { CALENDAR } from "../fixtures/org-chart.ts";
import {
  createWorkspace,
  openBombIn,
  outboxDrained,
  seedWorkspace,
  startServe,
  type Workspace,
} from "./bot-process.ts";
import { auditDelivery, ledgerProblems, summary } from "./ledger.ts";

const MONDAY = Date.parse(REFERENCE_CLOCK);
const BOMBS = 40;
const STARTS = 3;
const CORRUPT = -9e15;

describe("bomba serve with a bomb it cannot advance", () => {
  let ws: Workspace;
  let stuckId = 0;
  const seen = { advanced: [] as number[], told: 0, logged: 0 };

  beforeAll(async () => {
    ws = await createWorkspace();
    const ids: number[] = [];
    await seedWorkspace(ws, async (svc) => {
      for (let i = 0; i < BOMBS; i++) {
        const department = i % 2 === 0 ? "logistica" : "comercial";
        ids.push((await openBombIn(svc, MONDAY, department, `Cliente ${i + 1}`)).id);
      }
    });
    stuckId = ids[7] ?? 0;
    ws.open((db) =>
      db.$client
        .prepare(
          `UPDATE bombs SET next_due_at = ?,
             data = json_set(data, '$.assignment.answerDueAt', ?) WHERE id = ?`,
        )
        .run(CORRUPT, CORRUPT, stuckId),
    );
  }, 30_000);

  afterAll(async () => {
    await ws.remove();
    summary(
      "stuck-bomb",
      `1 bomb that cannot be advanced among ${BOMBS} due, serve started ${STARTS} times 3 working ` +
        `days apart: the others advanced ${seen.advanced.join(", ")} at each start; the loyalty ` +
        `manager got ${seen.told} DM about it, serve logged it ${seen.logged} time`,
    );
  });

  it("advances the others at every start and tells the loyalty manager once", async () => {
    let at = MONDAY;
    let stderr = "";
    for (let start = 0; start < STARTS; start++) {
      at = CALENDAR.addWorkingDays(at, 3) + 5 * 60_000;
      const before = stepsWritten();
      const serve = await startServe(ws, at);
      try {
        await serve.healthy();
        // The pass at start-up: every other due bomb takes its step.
        await waitFor(() => stepsWritten() - before >= BOMBS - 1, "the others advanced", 60_000);
        await outboxDrained(ws, 60_000);
      } finally {
        await serve.stop();
      }
      seen.advanced.push(stepsWritten() - before);
      stderr += serve.stderr();
    }
    expect(seen.advanced).toEqual(Array.from({ length: STARTS }, () => BOMBS - 1));

    const alerts = postsTo(ws.standIn, slackIds.ana).filter((p) =>
      String(p.args.text).includes(`La bomba #${stuckId} no puede avanzar`),
    );
    seen.told = alerts.length;
    expect(seen.told).toBe(1);
    seen.logged = stderr.split("\n").filter((l) => l.includes("cannot be advanced")).length;
    expect(seen.logged).toBe(1);
    ws.open((db) => {
      expect(ledgerProblems(db)).toEqual([]);
      const audit = auditDelivery(db, ws.standIn.calls);
      expect(audit.messages).toEqual({ sent: audit.posts, pending: 0, failed: 0 });
      const noted = db.$client
        .prepare("SELECT count(*) AS n FROM bomb_events WHERE bomb_id = ? AND kind = ?")
        .get(stuckId, "advance_failed") as { n: number };
      expect(noted.n).toBe(1);
    });
  }, 300_000);

  /** Escalation steps written so far (a climb, or a reminder at the top of the chain). */
  function stepsWritten(): number {
    return ws.read(
      (db) =>
        (
          db
            .prepare(
              "SELECT count(*) AS n FROM bomb_events WHERE kind IN ('escalated', 'unanswered_at_top')",
            )
            .get() as { n: number }
        ).n,
    );
  }
});
