/**
 * Putting a new org in force under open bombs, in process: one transaction for the org and the
 * moves, nobody who left kept on a bomb or written to, the same org twice a no-op, and a process
 * that follows the store seeing what another connection put in force.
 * (test/app/org-change-crash.test.ts kills it mid-way; test/e2e/org-reload.test.ts runs it under
 * the real `serve`.)
 */

import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actOnBomb, reportBomb } from "../../src/app/bomb-actions.ts";
import { bootOrg } from "../../src/app/boot.ts";
import { followStoredOrg } from "../../src/app/live-org.ts";
import { changeOrg } from "../../src/app/org-change.ts";
import { runPass } from "../../src/app/scheduler.ts";
import type { Services } from "../../src/app/services.ts";
import { type Bomb, currentHolder } from "../../src/core/bomb.ts";
import type { Command } from "../../src/core/transitions.ts";
import { loadBomb, loadTimeline } from "../../src/store/sqlite/bomb-store.ts";
import { closeDatabase, type Db, openDatabase } from "../../src/store/sqlite/database.ts";
import { loadStoredOrg } from "../../src/store/sqlite/org-store.ts";
import { SqliteStore } from "../../src/store/sqlite/store.ts";
import { tempDir } from "../fixtures/bomb-db.ts";
import { buildOrg, CALENDAR, complaint, madrid, orgChartYaml, P } from "../fixtures/org-chart.ts";

const MONDAY = madrid("2026-11-16T10:00");

/** The fixture org with some people's lines removed and references to them rewritten. */
function orgWithout(gone: string[], rewrites: [string, string][] = []): string {
  let text = orgChartYaml()
    .split("\n")
    .filter((line) => !gone.some((p) => line.includes(`email: ${p},`)))
    .join("\n");
  for (const [from, to] of rewrites) text = text.split(from).join(to);
  return text;
}

/** Nacho and Marcos leave: Jorge reports to Luis, who is the logistics link now. */
const NACHO_AND_MARCOS_LEFT = orgWithout(
  [P.nacho, P.marcos],
  [
    [P.nacho, P.luis],
    [P.marcos, P.luis],
  ],
);

async function inForce(db: Db, yaml: string, now: number): Promise<Services> {
  const booted = await bootOrg(new SqliteStore(db), buildOrg(yaml), null, now);
  if (!booted.stored) throw new Error("not stored");
  return booted.svc;
}

const who = (person: string, now: number) => ({ person, now, via: "slack" as const });

async function open(
  svc: Services,
  now: number,
  departmentId: string | null = "logistica",
): Promise<Bomb> {
  const person = departmentId === null ? P.jorge : P.ana;
  const r = await reportBomb(svc, who(person, now), complaint({ departmentId }));
  if (!r.ok) throw new Error(r.reason);
  return r.bomb;
}

async function act(
  svc: Services,
  id: number,
  person: string,
  now: number,
  command: Command,
): Promise<Bomb> {
  const r = await actOnBomb(svc, id, who(person, now), command);
  if (!r.ok) throw new Error(`${command.type}: ${r.reason}`);
  return r.bomb;
}

function recipients(db: Db, bombId: number, kind: string): string[] {
  return db.$client
    .prepare("SELECT recipient FROM outbox WHERE bomb_id = ? AND kind = ? ORDER BY id")
    .all(bombId, kind)
    .map((r) => (r as { recipient: string }).recipient);
}

function storedPeople(db: Db): string[] {
  return db.$client
    .prepare("SELECT id FROM people ORDER BY id")
    .all()
    .map((r) => (r as { id: string }).id);
}

const accept = (visitBy: string): Command => ({
  type: "accept",
  severity: "minor",
  dueDate: "2026-11-25",
  visitBy,
  visitOn: "2026-11-19",
  plan: "Visita.",
});

describe("putting a new org in force", () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(":memory:");
  });
  afterEach(() => closeDatabase(db));

  // Storing and reconciling were two transactions: a failure (or a crash) between them left the
  // new org stored over bombs still held by people who left, and the next start, reading the
  // former org from the new one, sent each of them to the first loyalty manager.
  it("is one transaction: a failure while moving bombs leaves the old org in force", async () => {
    const svc = await inForce(db, orgChartYaml(), MONDAY);
    const bomb = await open(svc, MONDAY);
    db.$client.exec(`CREATE TRIGGER fail_move BEFORE UPDATE OF holder ON bombs
      WHEN NEW.holder = '${P.luis}' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expect(inForce(db, NACHO_AND_MARCOS_LEFT, MONDAY + 3_600_000)).rejects.toThrow(
      "disk full",
    );
    expect(storedPeople(db)).toContain(P.nacho);
    expect(loadBomb(db, bomb.id)?.version).toBe(bomb.version);

    db.$client.exec("DROP TRIGGER fail_move");
    await inForce(db, NACHO_AND_MARCOS_LEFT, MONDAY + 2 * 3_600_000);
    const moved = loadBomb(db, bomb.id);
    expect(moved && currentHolder(moved)).toBe(P.luis);
    expect(storedPeople(db)).not.toContain(P.nacho);
  });

  it("does nothing when that org is already in force", async () => {
    await inForce(db, orgChartYaml(), MONDAY);
    const org = buildOrg(orgChartYaml());
    const ids = new Map<string, string>();
    const again = await changeOrg(new SqliteStore(db), org, ids, MONDAY + 1, "tick");
    expect(again).toMatchObject({ revision: 1, changed: false, moved: 0 });
    const changed = await changeOrg(
      new SqliteStore(db),
      buildOrg(NACHO_AND_MARCOS_LEFT),
      ids,
      MONDAY + 2,
      "import",
    );
    expect(changed).toMatchObject({ revision: 2, changed: true });
    const rows = db.$client.prepare("SELECT revision, via FROM org_revisions").all();
    expect(rows).toEqual([
      { revision: 1, via: "serve" },
      { revision: 2, via: "import" },
    ]);
  });

  it("stores the org as a document that reads back as the same org, and the Slack ids as addresses", async () => {
    const org = buildOrg(orgChartYaml());
    await changeOrg(new SqliteStore(db), org, new Map([[P.ana, "U0ANA"]]), MONDAY, "import");
    const stored = loadStoredOrg(db);
    expect(stored?.revision).toBe(1);
    expect(stored?.org).toEqual(org);
    expect(await new SqliteStore(db).addressesOn("slack")).toEqual(new Map([[P.ana, "U0ANA"]]));
  });

  it("keeps the holidays the company works (`except`) in the stored document", async () => {
    const base = buildOrg(orgChartYaml());
    const holidays = { ...base.calendar.holidays, except: ["2026-12-08"] };
    const org = { ...base, calendar: { ...base.calendar, holidays } };
    await changeOrg(new SqliteStore(db), org, new Map(), MONDAY, "import");
    expect(loadStoredOrg(db)?.org.calendar.holidays.except).toEqual(["2026-12-08"]);
  });
});

// People who left stayed in `involved` and `passedThrough`: closing, defusing and escalating
// still wrote to them, each message failed for good and alerted the loyalty managers.
describe("people who left are taken off every open bomb", () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(":memory:");
  });
  afterEach(() => closeDatabase(db));

  it("an escalated bomb no longer tells the holder it climbed from, when it climbs or is defused", async () => {
    const svc = await inForce(db, orgChartYaml(), MONDAY);
    const bomb = await open(svc, MONDAY);
    await runPass(svc, CALENDAR.addWorkingDays(MONDAY, 3) + 60_000);
    expect(loadBomb(db, bomb.id)).toMatchObject({
      assignment: { holder: P.luis, passedThrough: [P.nacho] },
    });
    const after = await inForce(db, NACHO_AND_MARCOS_LEFT, CALENDAR.addWorkingDays(MONDAY, 4));
    const kept = loadBomb(db, bomb.id);
    expect(kept).toMatchObject({ assignment: { holder: P.luis, passedThrough: [] } });
    expect(kept?.involved).not.toContain(P.nacho);
    const left = loadTimeline(db, bomb.id).filter((e) => e.kind === "left_org");
    expect(left.map((e) => e.data)).toEqual([{ people: ["Nacho Pérez"] }]);

    await runPass(after, CALENDAR.addWorkingDays(MONDAY, 6) + 60_000);
    expect(recipients(db, bomb.id, "bomb_unanswered")).toEqual([P.nacho, P.ana, P.luis, P.ana]);
    await act(after, bomb.id, P.ana, CALENDAR.addWorkingDays(MONDAY, 7), {
      type: "defuse",
      reason: "Cliente ya atendido.",
    });
    expect(recipients(db, bomb.id, "bomb_defused")).not.toContain(P.nacho);
    expect(recipients(db, bomb.id, "bomb_defused")).toEqual([P.luis, P.olga]);
  });

  it("closing a bomb whose owner and visitor left tells neither of them", async () => {
    const svc = await inForce(db, orgChartYaml(), MONDAY);
    const bomb = await open(svc, MONDAY);
    await act(svc, bomb.id, P.nacho, MONDAY + 3_600_000, accept(P.marcos));
    const after = await inForce(db, NACHO_AND_MARCOS_LEFT, MONDAY + 2 * 3_600_000);
    const moved = loadBomb(db, bomb.id);
    expect(moved && currentHolder(moved)).toBe(P.luis);
    expect(moved?.involved).toEqual([P.ana, P.luis]);
    const resolve: Command = {
      type: "resolve",
      solution: "Ruta cambiada.",
      visitedOn: "2026-11-16",
      visitedBy: P.luis,
    };
    await act(after, bomb.id, P.luis, MONDAY + 3 * 3_600_000, resolve);
    await act(after, bomb.id, P.ana, MONDAY + 4 * 3_600_000, {
      type: "verify",
      satisfaction: "satisfied",
      note: "",
    });
    expect(recipients(db, bomb.id, "bomb_closed")).toEqual([P.ana, P.luis]);
  });

  // The reporter stays named on the bomb (it is what they reported), but a message to someone who
  // left is never queued; a visitor named by Slack id was never in the org file and is still told.
  it("no message is queued to someone outside the org, but a Slack user named by id is told", async () => {
    const svc = await inForce(db, orgChartYaml(), MONDAY);
    const reported = await open(svc, MONDAY, null);
    const jorgeLeft = orgWithout([P.jorge]);
    const after = await inForce(db, jorgeLeft, MONDAY + 3_600_000);
    await act(after, reported.id, P.ana, MONDAY + 2 * 3_600_000, {
      type: "activate",
      ...complaint(),
      departmentId: "logistica",
    });
    expect(recipients(db, reported.id, "report_activated")).toEqual([]);
    expect(recipients(db, reported.id, "bomb_assigned")).toEqual([P.nacho]);
    await act(after, reported.id, P.nacho, MONDAY + 3 * 3_600_000, accept("slack:U0VISITOR"));
    expect(recipients(db, reported.id, "visit_assigned")).toEqual(["slack:U0VISITOR"]);
  });

  it("a message still waiting for someone who left is withdrawn, on the timeline, without an alert", async () => {
    const evening = madrid("2026-11-16T20:00");
    const svc = await inForce(db, orgChartYaml(), MONDAY);
    const bomb = await open(svc, evening);
    const waiting = () =>
      db.$client
        .prepare(
          "SELECT recipient, status FROM outbox WHERE bomb_id = ? AND kind != 'refresh' ORDER BY id",
        )
        .all(bomb.id);
    expect(waiting()).toEqual([{ recipient: P.nacho, status: "pending" }]);
    await inForce(db, NACHO_AND_MARCOS_LEFT, evening + 3_600_000);
    expect(waiting()).toEqual([
      { recipient: P.nacho, status: "failed" },
      { recipient: P.luis, status: "pending" },
      { recipient: P.ana, status: "pending" },
    ]);
    const failed = loadTimeline(db, bomb.id).filter((e) => e.kind === "delivery_failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.data).toMatchObject({
      to: P.nacho,
      error: "Nacho Pérez ya no está en el organigrama",
    });
  });
});

describe("a process that follows the org in force", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it("reloads org, calendar and directory at its next look once another process changed it", async () => {
    const file = join(dir.path, "bomba.db");
    const mine = openDatabase(file);
    const other = openDatabase(file);
    try {
      const booted = await bootOrg(
        new SqliteStore(mine),
        buildOrg(orgChartYaml()),
        async (e) => `U${e.length}`,
        0,
      );
      if (!booted.stored) throw new Error("not stored");
      const live = followStoredOrg(booted.svc, booted.change.revision, booted.directory, () => {});
      expect(await live.refresh()).toBeNull();
      const calendar = live.svc.calendar;

      const moved = buildOrg(
        NACHO_AND_MARCOS_LEFT.replace('dayStarts: "09:00"', 'dayStarts: "08:00"'),
      );
      await changeOrg(new SqliteStore(other), moved, new Map([[P.luis, "U0LUIS2"]]), 1, "import");

      // The look: `serve` takes it before every request, delivery round and pass.
      expect(await live.refresh()).toBe(2);
      expect(live.directory().addressOf(P.luis)).toBe("U0LUIS2");
      expect(live.svc.org.people.has(P.nacho)).toBe(false);
      expect(live.svc.org.departments.get("logistica")?.link).toBe(P.luis);
      expect(live.svc.calendar).not.toBe(calendar);
      expect(live.svc.org.calendar.dayStarts).toBe("08:00");
      expect(await live.refresh()).toBeNull();
    } finally {
      closeDatabase(other);
      closeDatabase(mine);
    }
  });
});
