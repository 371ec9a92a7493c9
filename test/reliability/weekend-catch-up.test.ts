/**
 * Told once, at the right working hour (issue 9): the bot runs until Monday noon, is down all
 * week, and catches up at 03:00 on Saturday, first as a restarted `bomba serve` (BOMBA_CLOCK),
 * then as a `bomba tick --at` on Saturday afternoon. Nothing may reach Slack before Monday at
 * `dayStarts`; then each person gets one message per bomb, saying where the bomb stands now,
 * and what stopped being true meanwhile (an owner resolved at 08:30) is dropped, on the
 * timeline. The accept form refuses dates nobody works, over signed HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBomba } from "../e2e/harness.ts";
import { orgYaml } from "../fixtures/org.ts";
import { stateValue } from "../support/signed-request.ts";
import {
  actAs,
  baseEnv,
  createWorkspace,
  email,
  isoAt,
  openBombIn,
  type ServeRun,
  seedWorkspace,
  startServe,
  type Workspace,
} from "./bot-process.ts";
import { auditDelivery, ledgerProblems, summary } from "./ledger.ts";

const ZONE_OFFSET = "+01:00";
const at = (local: string) => Date.parse(`${local}:00${ZONE_OFFSET}`);

/** The bot's last moment up: Monday 25 January 2027 at noon. */
const LAST_UP = at("2027-01-25T12:00");
/** Caught up at 03:00 on Saturday 30 January. */
const SATURDAY_3AM = at("2027-01-30T03:00");
const MONDAY_0830 = at("2027-02-01T08:30");
const MONDAY_0900 = at("2027-02-01T09:00");

/** A DM the stand-in answered: to whom (Slack id), about which bomb (from the fallback text). */
interface Dm {
  user: string;
  bomb: number | null;
  text: string;
  at: number;
}

describe("a weekend downtime caught up at 03:00 on Saturday", () => {
  let ws: Workspace;
  let serve: ServeRun | null = null;
  const ids: Record<"climbed" | "sales" | "resolved" | "late", number> = {
    climbed: 0,
    sales: 0,
    resolved: 0,
    late: 0,
  };
  const seen = { steps: 0, bombs: 0, beforeMonday: 0, monday: 0, maxPerBomb: 0, dropped: 0 };
  let postsUpToMonday = 0;

  beforeAll(async () => {
    // No digest or report channel: the suite is about what people are told of their bombs.
    ws = await createWorkspace(orgYaml({ digest: undefined, report: undefined }));
    await seedWorkspace(ws, async (svc) => {
      // Climbs nacho → luis (Thu 21), olga (Tue 26), the CEO (Fri 29).
      ids.climbed = (
        await openBombIn(svc, at("2027-01-18T10:00"), "logistica", "Frutas Hernández")
      ).id;
      // Climbs sergio → raúl (Mon 25), the CEO (Thu 28).
      ids.sales = (await openBombIn(svc, at("2027-01-20T10:00"), "comercial", "Papelera Norte")).id;
      // Accepted for Wednesday 27: overdue that evening, resolved on Monday at 08:30.
      ids.resolved = (
        await openBombIn(svc, at("2027-01-25T09:15"), "logistica", "Cárnicas Soto")
      ).id;
      await actAs(svc, ids.resolved, email.nacho, at("2027-01-25T09:30"), {
        type: "accept",
        severity: "minor",
        dueDate: "2027-01-27",
        visitBy: email.nacho,
        visitOn: "2027-01-27",
        plan: "Llamar al cliente y cambiar la ruta.",
      });
      // Climbs nacho → luis on Thursday 28 at 09:30.
      ids.late = (await openBombIn(svc, at("2027-01-25T09:30"), "logistica", "Vinos Ribera")).id;
    });
    // The bot works until Monday noon and delivers everything due by then.
    const monday = await tick(LAST_UP);
    expect(monday.code, monday.stderr).toBe(0);
    postsUpToMonday = dms().length;
    expect(pendingMessages()).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await serve?.stop();
    await ws.remove();
    summary(
      "weekend-catch-up",
      `bot down from Mon 25 Jan 12:00, caught up Sat 30 Jan 03:00 by a restarted serve, then ` +
        `tick --at Sat 15:00 and Mon 08:59:59: ${seen.steps} steps of ${seen.bombs} bombs on the ` +
        `timeline, each at its own due time; ${seen.beforeMonday} DMs before Mon 1 Feb 09:00; ` +
        `at 09:00 ${seen.monday} DMs, at most ${seen.maxPerBomb} per person per bomb; ` +
        `${seen.dropped} notices dropped as no longer true (owner resolved at 08:30), each on ` +
        `the timeline; accept form: a Saturday and a visit after the committed date refused ` +
        `under the field`,
    );
  });

  function tick(instant: number) {
    return runBomba(["tick", "--at", isoAt(instant)], baseEnv(ws), ws.dir).done;
  }

  function dms(): Dm[] {
    return ws.standIn
      .callsTo("chat.postMessage")
      .filter((c) => c.response?.ok === true && String(c.args.channel).startsWith("D"))
      .map((c) => {
        const text = String(c.args.text);
        const id = /\(#(\d+)\)$/.exec(text)?.[1];
        return {
          user: `U${String(c.args.channel).slice(1)}`,
          bomb: id === undefined ? null : Number(id),
          text,
          at: c.at,
        };
      });
  }

  function pendingMessages(): number {
    return ws.read(
      (db) =>
        (
          db
            .prepare(
              "SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND kind != 'refresh'",
            )
            .get() as { n: number }
        ).n,
    );
  }

  function pendingRefreshes(): number {
    return ws.read(
      (db) =>
        (
          db
            .prepare(
              "SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND kind = 'refresh'",
            )
            .get() as { n: number }
        ).n,
    );
  }

  function timeline(id: number, kind: string) {
    return ws.read(
      (db) =>
        db
          .prepare(
            "SELECT at, recorded_at AS recordedAt, version, data FROM bomb_events WHERE bomb_id = ? AND kind = ? ORDER BY id",
          )
          .all(id, kind) as { at: number; recordedAt: number; version: number; data: string }[],
    );
  }

  async function until(probe: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("a serve restarted at 03:00 on Saturday catches up and sends nothing", async () => {
    serve = await startServe(ws, SATURDAY_3AM);
    await serve.healthy();
    // The pass is done when the last due step (Friday 29, the CEO) is on the timeline; the
    // delivery round after it is done when its edits in place (which wait for nothing) are.
    await until(() => timeline(ids.climbed, "escalated").length === 3, "the catch-up pass");
    await until(() => pendingRefreshes() === 0, "the delivery round after the pass");
    const steps = ws.read(
      (db) =>
        db
          .prepare(
            "SELECT bomb_id AS bomb, kind, at FROM bomb_events WHERE recorded_at >= ? AND via = 'scheduler' ORDER BY bomb_id, id",
          )
          .all(SATURDAY_3AM) as { bomb: number; kind: string; at: number }[],
    );
    await serve.stop();
    serve = null;
    seen.steps = steps.length;
    seen.bombs = new Set(steps.map((s) => s.bomb)).size;
    // Each step at its own due time, not at 03:00 on Saturday.
    expect(steps.map((s) => [s.bomb, s.kind, isoAt(s.at)])).toEqual([
      [ids.climbed, "escalated", "2027-01-26T10:00:00+01:00"],
      [ids.climbed, "escalated", "2027-01-29T10:00:00+01:00"],
      [ids.sales, "escalated", "2027-01-28T10:00:00+01:00"],
      [ids.resolved, "overdue", "2027-01-27T18:00:00+01:00"],
      [ids.late, "escalated", "2027-01-28T09:30:00+01:00"],
    ]);
    expect(dms().length - postsUpToMonday).toBe(0);
    // Every message the catch-up queued waits for Monday at dayStarts.
    const waiting = ws.read(
      (db) =>
        db
          .prepare(
            "SELECT DISTINCT next_attempt_at AS at FROM outbox WHERE status = 'pending' AND kind != 'refresh'",
          )
          .all() as { at: number }[],
    );
    expect(waiting.map((w) => isoAt(w.at))).toEqual(["2027-02-01T09:00:00+01:00"]);
  }, 60_000);

  it("a tick on Saturday afternoon delivers nothing either", async () => {
    const run = await tick(at("2027-01-30T15:00"));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^0 mensajes entregados, 0 por reintentar, 0 fallidos$/m);
    expect(dms().length - postsUpToMonday).toBe(0);
  }, 60_000);

  it("on Monday at 08:30 the accept form refuses Saturdays and late visits; nacho resolves", async () => {
    serve = await startServe(ws, MONDAY_0830);
    await serve.healthy();
    const accept = (viewId: string, due: string, visitOn: string) =>
      serve?.submit({
        userId: "U0LUIS",
        callbackId: "bomba_accept",
        privateMetadata: { bombId: ids.late },
        viewId,
        values: {
          severity: stateValue.radio("minor"),
          due: stateValue.date(due),
          visit_by: stateValue.user("U0LUIS"),
          visit_on: stateValue.date(visitOn),
          plan: stateValue.text("Cambiar de transportista."),
        },
      });
    const version = () =>
      ws.read(
        (db) =>
          (
            db.prepare("SELECT version FROM bombs WHERE id = ?").get(ids.late) as {
              version: number;
            }
          ).version,
      );
    const before = version();
    const saturday = await accept("V0SATURDAY", "2027-02-06", "2027-02-03");
    expect(saturday?.json).toEqual({
      response_action: "errors",
      errors: { due: "El sáb, 6 feb 2027 no es laborable: elige un día laborable." },
    });
    const lateVisit = await accept("V0LATEVISIT", "2027-02-05", "2028-02-04");
    expect(lateVisit?.json).toEqual({
      response_action: "errors",
      errors: {
        visit_on: "La visita tiene que ser como tarde el vie, 5 feb 2027, la fecha comprometida.",
      },
    });
    expect(version()).toBe(before);

    const resolved = await serve.submit({
      userId: "U0NACHO",
      callbackId: "bomba_resolve",
      privateMetadata: { bombId: ids.resolved },
      viewId: "V0RESOLVE",
      values: {
        solution: stateValue.text("Ruta nueva desde el almacén de Getafe."),
        visited_on: stateValue.date("2027-01-29"),
        visited_by: stateValue.user("U0NACHO"),
      },
    });
    expect(resolved).toMatchObject({ status: 200, text: "" });
    await until(() => pendingRefreshes() === 0, "the delivery round after the resolve");
    await serve.stop();
    serve = null;
    expect(dms().length - postsUpToMonday).toBe(0);
  }, 60_000);

  it("at 08:59:59 still nothing; at 09:00 each person one message per bomb, where it stands", async () => {
    const early = await tick(MONDAY_0900 - 1000);
    expect(early.code, early.stderr).toBe(0);
    seen.beforeMonday = dms().length - postsUpToMonday;
    expect(seen.beforeMonday).toBe(0);

    const nine = await tick(MONDAY_0900);
    expect(nine.code, nine.stderr).toBe(0);
    expect(nine.stdout).toMatch(/, 3 descartados por haber dejado de ser cierto$/m);
    const monday = dms().slice(postsUpToMonday);
    seen.monday = monday.length;
    const perBomb = new Map<string, number>();
    for (const dm of monday) {
      const key = `${dm.user} #${dm.bomb}`;
      perBomb.set(key, (perBomb.get(key) ?? 0) + 1);
    }
    seen.maxPerBomb = Math.max(...perBomb.values());
    expect(seen.maxPerBomb).toBe(1);
    const told = (id: number) =>
      monday
        .filter((dm) => dm.bomb === id)
        .map((dm) => dm.user)
        .sort();
    // The bomb that climbed to the CEO: everyone it passed through is told it is with the CEO.
    expect(told(ids.climbed)).toEqual(["U0ANA", "U0CARLOS", "U0LUIS", "U0NACHO", "U0OLGA"]);
    for (const dm of monday.filter((d) => d.bomb === ids.climbed && d.user !== "U0CARLOS")) {
      expect(dm.text).toContain("ha subido a Carlos Ruiz");
    }
    expect(told(ids.sales)).toEqual(["U0ANA", "U0CARLOS", "U0RAUL", "U0SERGIO"]);
    expect(told(ids.late)).toEqual(["U0ANA", "U0LUIS", "U0NACHO"]);
    // Resolved at 08:30: the overdue notices are dropped; Ana is asked to verify.
    expect(told(ids.resolved)).toEqual(["U0ANA"]);
    expect(monday.find((d) => d.bomb === ids.resolved)?.text).toContain("resuelta");

    // (Its "you have a bomb" was dropped on the Monday before: nacho had accepted it already.)
    const drops = timeline(ids.resolved, "message_dropped")
      .filter((e) => e.at === MONDAY_0900)
      .map((e) => JSON.parse(e.data));
    seen.dropped = drops.length;
    expect(drops.map((d) => [d.to, d.kind, d.state])).toEqual([
      [email.nacho, "commitment_overdue", "resolved"],
      [email.luis, "commitment_overdue", "resolved"],
      [email.ana, "commitment_overdue", "resolved"],
    ]);
    ws.open((db) => {
      expect(ledgerProblems(db)).toEqual([]);
      const audit = auditDelivery(db, ws.standIn.calls);
      expect(audit.messages).toEqual({ sent: audit.posts, pending: 0, failed: 0 });
      expect(audit.outOfOrder).toEqual([]);
      // Nothing was sent between the last moment up and Monday 09:00.
      const sentAt = db.$client
        .prepare(
          "SELECT DISTINCT sent_at AS at FROM outbox WHERE status = 'sent' AND kind != 'refresh' AND sent_at > ?",
        )
        .all(LAST_UP) as { at: number }[];
      expect(sentAt.map((r) => isoAt(r.at))).toEqual(["2027-02-01T09:00:00+01:00"]);
    });
  }, 60_000);
});
