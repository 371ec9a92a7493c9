import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actOnBomb, reportBomb } from "../../src/app/bomb-actions.ts";
import { bootOrg } from "../../src/app/boot.ts";
import type { Services } from "../../src/app/services.ts";
import type { Bomb } from "../../src/core/bomb.ts";
import { currentHolder } from "../../src/core/bomb.ts";
import { loadBomb, loadTimeline } from "../../src/store/sqlite/bomb-store.ts";
import { closeDatabase, type Db, openDatabase } from "../../src/store/sqlite/database.ts";
import { SqliteStore } from "../../src/store/sqlite/store.ts";
import type { SqliteServices } from "../fixtures/bomb-db.ts";
import { buildOrg, complaint, madrid, orgChartYaml, P } from "../fixtures/org-chart.ts";

const NOW = madrid("2026-11-16T10:00");
const LATER = madrid("2026-11-17T10:00");

/** The fixture org with some people's lines removed and references rewritten. */
function orgWithout(gone: string[], rewrites: [string, string][] = []): string {
  let text = orgChartYaml()
    .split("\n")
    .filter((line) => !gone.some((p) => line.includes(`email: ${p},`)))
    .join("\n");
  for (const [from, to] of rewrites) text = text.split(from).join(to);
  return text;
}

async function boot(db: Db, yaml: string, now: number): Promise<SqliteServices> {
  const store = new SqliteStore(db);
  const booted = await bootOrg(store, buildOrg(yaml), null, now);
  if (!booted.stored) throw new Error("not stored");
  return { ...booted.svc, store };
}

async function open(svc: Services, department: string): Promise<Bomb> {
  const r = await reportBomb(
    svc,
    { person: P.ana, now: NOW, via: "cli" },
    complaint({ departmentId: department }),
  );
  if (!r.ok) throw new Error(r.reason);
  return r.bomb;
}

describe("loading a new org file under open bombs", () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(":memory:");
  });
  afterEach(() => closeDatabase(db));

  it("moves a pending bomb whose holder left to their former superior, and says why", async () => {
    const svc = await boot(db, orgChartYaml(), NOW);
    const bomb = await open(svc, "logistica");
    // Nacho leaves; Marcos now reports to Luis, who is also the new link.
    const next = await boot(db, orgWithout([P.nacho], [[P.nacho, P.luis]]), LATER);
    const moved = loadBomb(next.store.db, bomb.id);
    expect(moved && currentHolder(moved)).toBe(P.luis);
    const reassigned = loadTimeline(db, bomb.id).filter((e) => e.kind === "reassigned");
    expect(reassigned).toHaveLength(1);
    expect(reassigned[0]?.data).toMatchObject({ reason: expect.stringContaining("Nacho Pérez") });
    const told = db.$client
      .prepare("SELECT recipient FROM outbox WHERE bomb_id = ? AND kind = 'bomb_reassigned'")
      .all(bomb.id)
      .map((r) => (r as { recipient: string }).recipient);
    expect(told.sort()).toEqual([P.ana, P.luis].sort());
  });

  it("moves an accepted bomb's commitment to the owner's former superior", async () => {
    const svc = await boot(db, orgChartYaml(), NOW);
    const bomb = await open(svc, "logistica");
    const accepted = await actOnBomb(
      svc,
      bomb.id,
      { person: P.nacho, now: NOW, via: "slack" },
      {
        type: "accept",
        severity: "minor",
        dueDate: "2026-11-20",
        visitBy: P.marcos,
        visitOn: "2026-11-18",
        plan: "Visita",
      },
    );
    expect(accepted.ok).toBe(true);
    // Nacho and Luis leave together: the nearest former superior still here is Olga.
    const next = await boot(
      db,
      orgWithout(
        [P.nacho, P.luis],
        [
          [P.nacho, P.olga],
          [P.luis, P.olga],
        ],
      ),
      LATER,
    );
    const moved = loadBomb(next.store.db, bomb.id);
    expect(moved?.state).toBe("accepted");
    expect(moved && currentHolder(moved)).toBe(P.olga);
  });

  it("climbs the old chain past everyone who left, up to the CEO", async () => {
    const svc = await boot(db, orgChartYaml(), NOW);
    const bomb = await open(svc, "comercial");
    // The whole sales chain goes, department included.
    const yaml = orgWithout([P.sergio, P.raul, P.vera]).replace(
      /\n {2}- \{ id: comercial.*\n/,
      "\n",
    );
    const next = await boot(db, yaml, LATER);
    const moved = loadBomb(next.store.db, bomb.id);
    expect(moved && currentHolder(moved)).toBe(P.ceo);
  });

  it("leaves bombs alone when their holders are still there (a link changed)", async () => {
    const svc = await boot(db, orgChartYaml(), NOW);
    const bomb = await open(svc, "logistica");
    const next = await boot(
      db,
      orgChartYaml().replace(`link: ${P.nacho}`, `link: ${P.marcos}`),
      LATER,
    );
    expect(loadBomb(next.store.db, bomb.id)?.version).toBe(bomb.version);
  });
});
