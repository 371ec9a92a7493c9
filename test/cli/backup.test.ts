import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reportBomb } from "../../src/app/bomb-actions.ts";
import { runBackup } from "../../src/cli/backup.ts";
import { recordingIo } from "../../src/cli/io.ts";
import { loadBomb, loadTimeline } from "../../src/store/sqlite/bomb-store.ts";
import { closeDatabase, openDatabase } from "../../src/store/sqlite/database.ts";
import { servicesOn, tempDir } from "../fixtures/bomb-db.ts";
import { complaint, MONDAY_10, P } from "../fixtures/org-chart.ts";

describe("bomba backup", () => {
  let dir: ReturnType<typeof tempDir>;
  const saved = process.env.BOMBA_DB;
  beforeEach(() => {
    dir = tempDir();
    process.env.BOMBA_DB = join(dir.path, "bomba.db");
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.BOMBA_DB;
    else process.env.BOMBA_DB = saved;
    dir.remove();
  });

  it("copies the live database while it is open, and the copy has the same bombs", async () => {
    const svc = servicesOn(join(dir.path, "bomba.db"));
    const made = await reportBomb(
      svc,
      { person: P.ana, now: MONDAY_10, via: "cli" },
      complaint({ departmentId: "logistica" }),
    );
    expect(made.ok).toBe(true);
    const io = recordingIo();
    const target = join(dir.path, "copy.db");
    expect(await runBackup([target], io)).toBe(0);
    closeDatabase(svc.store.db);
    const copy = openDatabase(target);
    try {
      expect(loadBomb(copy, 1)?.customer).toBe(complaint().customer);
      expect(loadTimeline(copy, 1).map((e) => e.kind)).toEqual(["reported", "opened"]);
      expect(copy.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      closeDatabase(copy);
    }
  });

  it("refuses to overwrite a file and explains usage", async () => {
    const svc = servicesOn(join(dir.path, "bomba.db"));
    closeDatabase(svc.store.db);
    const io = recordingIo();
    expect(await runBackup([], io)).toBe(2);
    expect(await runBackup([join(dir.path, "bomba.db")], io)).toBe(1);
    expect(io.stderr.join("\n")).toContain("already exists");
  });
});
