/**
 * Two `bomba tick` processes on one database at the same moment, both passing and both
 * delivering through the Slack stand-in: every bomb advances once, and every message reaches
 * Slack once, in order per bomb. (test/app/scheduler.test.ts races two passes without delivery.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFERENCE_CLOCK, runBomba } from "../e2e/harness.ts";
import { writtenBy } from "../fixtures/child-process.ts";
import { CALENDAR } from "../fixtures/org-chart.ts";
import {
  baseEnv,
  createWorkspace,
  isoAt,
  openBombIn,
  seedWorkspace,
  type Workspace,
} from "./bot-process.ts";
import { auditDelivery, ledgerProblems, summary } from "./ledger.ts";

const BOMBS = 60;
const MONDAY = Date.parse(REFERENCE_CLOCK);

describe("two bomba tick processes at once, delivering", () => {
  let ws: Workspace;
  const totals = { rounds: 0, advanced: 0, escalations: 0, delivered: 0, doubled: 0, disorder: 0 };

  beforeAll(async () => {
    ws = await createWorkspace();
    await seedWorkspace(ws, async (svc) => {
      for (let i = 0; i < BOMBS; i++) {
        await openBombIn(svc, MONDAY, i % 2 === 0 ? "logistica" : "comercial", `Cliente ${i}`);
      }
    });
  });

  afterAll(async () => {
    await ws.remove();
    summary(
      "two-ticks",
      `${totals.rounds} rounds of two concurrent \`bomba tick\` (pass + delivery) over ${BOMBS} ` +
        `bombs: ${totals.advanced} bombs advanced (${totals.escalations} escalations, each once), ` +
        `${totals.delivered} messages delivered, ${totals.doubled} twice, ${totals.disorder} ` +
        `bombs out of order`,
    );
  });

  it.each([
    ["Thursday: every bomb escalates once", 3],
    ["the Tuesday after: once more", 6],
  ])(
    "%s",
    async (_name, workingDays) => {
      const at = isoAt(CALENDAR.addWorkingDays(MONDAY, workingDays) + 5 * 60_000);
      const env = baseEnv(ws);
      const runs = await Promise.all([
        runBomba(["tick", "--at", at], env, ws.dir).done,
        runBomba(["tick", "--at", at], env, ws.dir).done,
      ]);
      for (const run of runs) {
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        // The seeding never delivered "you have a bomb": untrue once the bomb climbed, dropped.
        expect(run.stdout).toMatch(
          /^\d+ mensajes? entregados?, 0 por reintentar, 0 fallidos(, \d+ descartados? por haber dejado de ser cierto)?$/m,
        );
      }
      const advanced = runs.map((r) => writtenBy(r.stdout).bombs);
      expect((advanced[0] ?? 0) + (advanced[1] ?? 0)).toBe(BOMBS);
      totals.rounds += 1;
      totals.advanced += BOMBS;
      ws.open((db) => {
        expect(ledgerProblems(db)).toEqual([]);
        const escalations = db.$client
          .prepare(
            "SELECT bomb_id, count(*) AS n FROM bomb_events WHERE kind = 'escalated' GROUP BY bomb_id",
          )
          .all() as { n: number }[];
        expect(escalations).toHaveLength(BOMBS);
        expect(new Set(escalations.map((e) => e.n))).toEqual(new Set([workingDays / 3]));
        totals.escalations = escalations.reduce((n, e) => n + e.n, 0);
        const audit = auditDelivery(db, ws.standIn.calls);
        expect(audit.phantom).toEqual([]);
        expect(audit.unrecorded.map((c) => c.args.text)).toEqual([]);
        expect(audit.outOfOrder).toEqual([]);
        expect(audit.messages).toEqual({ sent: audit.posts, pending: 0, failed: 0 });
        totals.delivered = audit.messages.sent;
        totals.doubled = audit.unrecorded.length + audit.phantom.length;
        totals.disorder = audit.outOfOrder.length;
      });
    },
    40_000,
  );
});
