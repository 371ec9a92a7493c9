/**
 * The org file changes under open bombs, and `bomba serve` is restarted on it: a holder removed,
 * a link changed, a department deleted. Every open bomb must still have a holder who is in the
 * org, the loyalty managers must be told of each move, and the bombs of a deleted department
 * must go on climbing. (test/app/reconcile.test.ts covers `bootOrg` in-process.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFERENCE_CLOCK, slackIds } from "../e2e/harness.ts";
import { fixtureDepartments, fixturePeople, orgYaml } from "../fixtures/org.ts";
import { CALENDAR } from "../fixtures/org-chart.ts";
import { stateValue } from "../support/signed-request.ts";
import {
  actAs,
  createWorkspace,
  email,
  openBombIn,
  outboxDrained,
  reportInput,
  type ServeRun,
  seedWorkspace,
  startServe,
  type Workspace,
} from "./bot-process.ts";
import { auditDelivery, ledgerProblems, summary } from "./ledger.ts";

const MONDAY = Date.parse(REFERENCE_CLOCK);
const HOUR = 3_600_000;

/** Nacho leaves (Marcos now reports to Luis and is the logistics link); Comercial is deleted. */
function reorganised(): string {
  const people = fixturePeople()
    .filter((p) => p.email !== email.nacho)
    .map((p) => (p.email === email.marcos ? { ...p, reportsTo: email.luis } : p));
  const departments = fixtureDepartments()
    .filter((d) => d.id !== "comercial")
    .map((d) => (d.id === "logistica" ? { ...d, link: email.marcos } : d));
  return orgYaml({ people, departments });
}

interface Row {
  id: number;
  state: string;
  holder: string | null;
  department_id: string | null;
}

describe("bomba serve restarted on a changed org file", () => {
  let ws: Workspace;
  let serve: ServeRun | null = null;
  const ids: Record<string, number> = {};
  const seen = { open: 0, moved: 0, kept: 0, outside: 0, toldAna: 0, climbed: 0, newHolder: "" };

  beforeAll(async () => {
    ws = await createWorkspace();
    await seedWorkspace(ws, async (svc) => {
      const minorBy = (who: string) => ({
        type: "accept" as const,
        severity: "minor" as const,
        dueDate: "2026-12-22",
        visitBy: who,
        visitOn: "2026-12-15",
        plan: "Llamar y visitar al cliente.",
      });
      ids.pendingNacho = (await openBombIn(svc, MONDAY, "logistica", "Pendiente Nacho")).id;
      ids.acceptedNacho = (await openBombIn(svc, MONDAY, "logistica", "Aceptada Nacho")).id;
      await actAs(svc, ids.acceptedNacho, email.nacho, MONDAY, minorBy(email.nacho));
      ids.resolvedNacho = (await openBombIn(svc, MONDAY, "logistica", "Resuelta Nacho")).id;
      await actAs(svc, ids.resolvedNacho, email.nacho, MONDAY, {
        type: "resolve",
        solution: "Protocolo nuevo de avisos.",
        visitedOn: "2026-12-14",
        visitedBy: email.nacho,
      });
      ids.pendingSergio = (await openBombIn(svc, MONDAY, "comercial", "Pendiente Sergio")).id;
      ids.acceptedSergio = (await openBombIn(svc, MONDAY, "comercial", "Aceptada Sergio")).id;
      await actAs(svc, ids.acceptedSergio, email.sergio, MONDAY, minorBy(email.sergio));
      ids.triage = (await openBombIn(svc, MONDAY, null, "En triage")).id;
    });
    serve = await startServe(ws, MONDAY + HOUR);
    await serve.healthy();
    await settled();
    await serve.stop();
    serve = null;
  }, 30_000);

  afterAll(async () => {
    await serve?.stop();
    await ws.remove();
    summary(
      "org-changes",
      `serve restarted on a new org file (holder nacho removed, logistica link → marcos, ` +
        `department comercial deleted) under ${seen.open} open bombs: ${seen.moved} moved to the ` +
        `holder's former superior, ${seen.kept} left with their holder, ${seen.outside} pending or ` +
        `accepted with a holder outside the org; the loyalty manager got ${seen.toldAna} ` +
        `bomb_reassigned DMs; a new logistica bomb went to ${seen.newHolder}; 3 working days on, ` +
        `${seen.climbed} bombs of the deleted department climbed and were delivered; ` +
        `a resolved bomb whose owner left, reopened, went to someone in the org`,
    );
  });

  async function settled() {
    await outboxDrained(ws, 10_000);
  }

  function bombs(): Row[] {
    return ws.read(
      (db) =>
        db.prepare("SELECT id, state, holder, department_id FROM bombs ORDER BY id").all() as Row[],
    );
  }

  function people(): Set<string> {
    return new Set(
      ws.read((db) =>
        (db.prepare("SELECT id FROM people").all() as { id: string }[]).map((p) => p.id),
      ),
    );
  }

  it("moves every bomb of the person who left, keeps the others, and tells the loyalty manager", async () => {
    const before = new Map(bombs().map((b) => [b.id, b]));
    ws.writeOrg(reorganised());
    const postsBefore = ws.standIn.calls.length;
    serve = await startServe(ws, MONDAY + 2 * HOUR);
    await serve.healthy();
    await settled();

    const after = bombs();
    const present = people();
    const open = after.filter((b) => b.state === "pending" || b.state === "accepted");
    seen.open = after.filter((b) =>
      ["triage", "pending", "accepted", "resolved"].includes(b.state),
    ).length;
    const outside = open.filter((b) => b.holder === null || !present.has(b.holder));
    seen.outside = outside.length;
    expect(outside).toEqual([]);
    const moved = open.filter((b) => before.get(b.id)?.holder !== b.holder);
    seen.moved = moved.length;
    seen.kept = open.length - moved.length;
    expect(moved.map((b) => [b.id, b.holder])).toEqual([
      [ids.pendingNacho, email.luis],
      [ids.acceptedNacho, email.luis],
    ]);
    expect(
      ws.read((db) =>
        db.prepare("SELECT state, holder FROM bombs WHERE id = ?").get(ids.pendingSergio),
      ),
    ).toEqual({
      state: "pending",
      holder: email.sergio,
    });

    ws.open((db) => {
      expect(ledgerProblems(db)).toEqual([]);
      const reasons = db.$client
        .prepare(
          "SELECT bomb_id, json_extract(data, '$.reason') AS reason FROM bomb_events WHERE kind = 'reassigned'",
        )
        .all() as { bomb_id: number; reason: string }[];
      expect(reasons.map((r) => r.bomb_id).sort()).toEqual(
        [ids.pendingNacho, ids.acceptedNacho].sort(),
      );
      for (const r of reasons) expect(r.reason).toBe("Nacho Pérez ya no está en el organigrama");
      const told = db.$client
        .prepare("SELECT recipient, status FROM outbox WHERE kind = 'bomb_reassigned' ORDER BY id")
        .all() as { recipient: string; status: string }[];
      expect(told).toEqual([
        { recipient: email.luis, status: "sent" },
        { recipient: email.ana, status: "sent" },
        { recipient: email.luis, status: "sent" },
        { recipient: email.ana, status: "sent" },
      ]);
    });
    const toAna = ws.standIn.calls
      .slice(postsBefore)
      .filter(
        (c) =>
          c.method === "chat.postMessage" &&
          c.args.channel === "D0ANA" &&
          /pasa a/.test(String(c.args.text)),
      );
    seen.toldAna = toAna.length;
    expect(seen.toldAna).toBe(2);

    // The link changed: a new logistics bomb goes to Marcos.
    expect(await serve.submit(reportInput("V0NEWLINK", "Nueva S.A."))).toMatchObject({
      status: 200,
      text: "",
    });
    seen.newHolder = ws.read(
      (db) =>
        (
          db.prepare("SELECT holder FROM bombs WHERE source_key = 'view:V0NEWLINK'").get() as {
            holder: string;
          }
        ).holder,
    );
    expect(seen.newHolder).toBe(email.marcos);
    await settled();
    await serve.stop();
    serve = null;
  }, 30_000);

  it("keeps the deleted department's bombs climbing and their messages delivered", async () => {
    const thursday = CALENDAR.addWorkingDays(MONDAY, 3) + 5 * 60_000;
    serve = await startServe(ws, thursday);
    await serve.healthy();
    await settled();
    const row = ws.read((db) =>
      db
        .prepare("SELECT state, holder, department_id AS department FROM bombs WHERE id = ?")
        .get(ids.pendingSergio),
    );
    expect(row).toEqual({ state: "pending", holder: email.raul, department: "comercial" });
    seen.climbed = ws.read(
      (db) =>
        (
          db
            .prepare(
              "SELECT count(*) AS n FROM bomb_events e JOIN bombs b ON b.id = e.bomb_id WHERE b.department_id = 'comercial' AND e.kind IN ('escalated', 'overdue')",
            )
            .get() as { n: number }
        ).n,
    );
    expect(seen.climbed).toBeGreaterThan(0);
    // The department's name is gone from the file: its id stands in for it.
    const list = await serve.command(slackIds.ana, "lista comercial");
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.json)).toContain("Pendiente Sergio");
    await serve.stop();
    serve = null;
    ws.open((db) => {
      expect(ledgerProblems(db)).toEqual([]);
      const audit = auditDelivery(db, ws.standIn.calls);
      expect(audit.messages).toEqual({ sent: audit.posts, pending: 0, failed: 0 });
      expect(audit.outOfOrder).toEqual([]);
    });
  }, 30_000);

  // A resolved bomb keeps an owner until it is closed: one who left must not own it again when it
  // is reopened (no message would reach them, and the overdue climb would have no chain).
  it("a resolved bomb whose owner left, once reopened, has an owner in the org", async () => {
    serve = await startServe(ws, CALENDAR.addWorkingDays(MONDAY, 3) + HOUR);
    try {
      await serve.healthy();
      const answer = await serve.submit({
        userId: slackIds.ana,
        callbackId: "bomba_reopen",
        privateMetadata: { bombId: ids.resolvedNacho },
        viewId: "V0REOPEN",
        values: {
          due: stateValue.date("2026-12-23"),
          note: stateValue.text("El cliente sigue igual."),
        },
      });
      expect(answer).toMatchObject({ status: 200, text: "" });
    } finally {
      await serve.stop();
      serve = null;
    }
    const reopened = ws.read(
      (db) =>
        db.prepare("SELECT state, holder FROM bombs WHERE id = ?").get(ids.resolvedNacho) as Row,
    );
    expect(reopened.state).toBe("accepted");
    expect(people().has(reopened.holder ?? "")).toBe(true);
  }, 30_000);
});
