/**
 * `bomba tick` brings the org file into force the way `org import` and `serve` do: stored as the
 * next revision with the moves it causes, before the pass. It once combined the file's org with
 * the stored directory and stored nothing, so a bomb held by someone who left stayed with them.
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reportBomb } from "../../src/app/bomb-actions.ts";
import { bootOrg } from "../../src/app/boot.ts";
import { recordingIo } from "../../src/cli/io.ts";
import { runTick } from "../../src/cli/tick.ts";
import { closeDatabase, openDatabase } from "../../src/store/sqlite/database.ts";
import { SqliteStore } from "../../src/store/sqlite/store.ts";
import { counts, tempDir } from "../fixtures/bomb-db.ts";
import { buildOrg, complaint, madrid, orgChartYaml, P } from "../fixtures/org-chart.ts";

const MONDAY = madrid("2026-11-16T10:00");

/** Nacho leaves: Marcos reports to Luis, who is the logistics link now. */
function nachoLeft(): string {
  return orgChartYaml()
    .split("\n")
    .filter((line) => !line.includes(`email: ${P.nacho},`))
    .join("\n")
    .split(P.nacho)
    .join(P.luis);
}

describe("bomba tick on a changed org file", () => {
  let dir: ReturnType<typeof tempDir>;
  let dbFile: string;
  let bombId: number;
  const saved = { ...process.env };

  beforeEach(async () => {
    dir = tempDir();
    dbFile = join(dir.path, "bomba.db");
    const orgFile = join(dir.path, "org.yaml");
    writeFileSync(orgFile, nachoLeft());
    const db = openDatabase(dbFile);
    try {
      const booted = await bootOrg(
        new SqliteStore(db),
        buildOrg(orgChartYaml()),
        null,
        MONDAY - 3_600_000,
      );
      if (!booted.stored) throw new Error("not stored");
      const opened = await reportBomb(
        booted.svc,
        { person: P.ana, now: MONDAY, via: "cli" },
        complaint({ departmentId: "logistica" }),
      );
      if (!opened.ok) throw new Error(opened.reason);
      bombId = opened.bomb.id;
    } finally {
      closeDatabase(db);
    }
    process.env = { PATH: saved.PATH ?? "", BOMBA_DB: dbFile, BOMBA_ORG: orgFile };
  });

  afterEach(() => {
    process.env = { ...saved };
    dir.remove();
  });

  function stored() {
    const db = openDatabase(dbFile);
    try {
      const one = (sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args);
      return {
        holder: (one("SELECT holder FROM bombs WHERE id = ?", bombId) as { holder: string }).holder,
        nacho: one("SELECT 1 AS yes FROM people WHERE id = ?", P.nacho) !== undefined,
        revision: one("SELECT max(revision) AS r, via FROM org_revisions"),
        counts: counts(db),
      };
    } finally {
      closeDatabase(db);
    }
  }

  it("stores the new org and moves the bomb of the person who left, before the pass", async () => {
    const io = recordingIo();
    expect(await runTick(["--at", "2026-11-16T12:00:00+01:00"], io)).toBe(0);
    expect(io.stderr).toEqual([]);
    const after = stored();
    expect(after).toMatchObject({
      holder: P.luis,
      nacho: false,
      revision: { r: 2, via: "tick" },
    });
    expect(io.stdout[0]).toBe("la revisión 2 del organigrama entra en vigor: 1 bomba reasignada");
    expect(io.stdout.some((l) => l.startsWith(`#${bombId}`) && /reasignada/.test(l))).toBe(true);
    // The next tick finds it in force: nothing more is written about the org.
    const again = recordingIo();
    expect(await runTick(["--at", "2026-11-16T12:05:00+01:00"], again)).toBe(0);
    expect(again.stdout.some((l) => l.startsWith("org revision"))).toBe(false);
    expect(stored().counts).toEqual(after.counts);
  });

  it("with --dry-run says what the org change would do and writes nothing", async () => {
    const before = stored();
    const io = recordingIo();
    expect(await runTick(["--at", "2026-11-16T12:00:00+01:00", "--dry-run"], io)).toBe(0);
    expect(io.stdout[0]).toBe(
      "la revisión 2 del organigrama entraría en vigor: 1 bomba reasignada",
    );
    expect(stored()).toEqual(before);
    expect(before).toMatchObject({ holder: P.nacho, nacho: true, revision: { r: 1 } });
  });
});
