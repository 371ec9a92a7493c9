import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { recordingIo } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import { tempDir } from "../fixtures/bomb-db.ts";
import { runNode } from "../fixtures/child-process.ts";
import {
  buildQuarterDatabase,
  handCount,
  Q4_END,
  Q4_START,
  type QuarterFixture,
  reportOrgYaml,
} from "../fixtures/quarter.ts";
import { parseCsv } from "../support/csv-parse.ts";

const dir = tempDir("bomba-cli-report-");
const db = join(dir.path, "bomba.db");
const orgFile = join(dir.path, "org.yaml");
let fixture: QuarterFixture;

const bomba = (args: string[], env: Record<string, string> = {}) =>
  runNode(["bin/bomba.js", ...args], { BOMBA_DB: db, BOMBA_ORG: orgFile, ...env }).done;

beforeAll(async () => {
  fixture = await buildQuarterDatabase(db);
  writeFileSync(orgFile, reportOrgYaml());
  // The scheduler's own door runs over it too, months later: the quarter's figures stay put.
  const tick = await bomba(["tick", "--at", "2027-04-01T10:00"]);
  expect(tick.code, tick.stderr).toBe(0);
});

afterAll(() => dir.remove());

describe("bomba report", () => {
  it("prints the quarter's CSV, one parseable row per bomb", async () => {
    const run = await bomba(["report", "--quarter", "2026-Q4", "--format", "csv"], {
      BOMBA_CLOCK: "2027-04-01T10:00:00+02:00",
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout.startsWith("\uFEFF")).toBe(true);
    const [headers, ...rows] = parseCsv(run.stdout.slice(1));
    expect(headers?.slice(0, 2)).toEqual(["Bomba", "Departamento"]);
    const expected = handCount(fixture.expected, Q4_START, Q4_END).overall.rows;
    expect(rows).toHaveLength(expected.length);
    const ids = expected.map((n) => fixture.bombIdOf.get(n)).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(rows.map((r) => Number(r[0]))).toEqual(ids);
    for (const row of rows) expect(row).toHaveLength(headers?.length ?? 0);
  });

  it("prints Markdown by default, for the quarter just ended", async () => {
    const run = await bomba(["report"], { BOMBA_CLOCK: "2027-01-10T10:00:00+01:00" });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("# 📊 Informe trimestral de bombas · 2026-Q4");
    expect(run.stdout).toMatch(/^\| \*\*Total\*\* \| 200 \|/m);
  });

  it("says a quarter under way is not over, and shows it as it stands so far", async () => {
    // Half an hour from anything the fixture does (bombs open at 10:00): BOMBA_CLOCK runs on from
    // this instant, and a report cut at 10:00 plus a loaded machine's second took in 10:00's bombs.
    const clock = "2026-11-16T09:30:00+01:00";
    const csv = await bomba(["report", "--quarter", "2026-Q4", "--format", "csv"], {
      BOMBA_CLOCK: clock,
    });
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stderr).toBe(
      "2026-Q4 aún no ha terminado (acaba el jue, 31 dic): este es el informe hasta ahora, a lun, 16 nov, 09:30.\n",
    );
    const [, ...rows] = parseCsv(csv.stdout.slice(1));
    const soFar = handCount(fixture.expected, Q4_START, Date.parse(clock)).overall;
    expect(rows).toHaveLength(soFar.rows.length);
    expect(rows.length).toBeLessThan(
      handCount(fixture.expected, Q4_START, Q4_END).overall.rows.length,
    );
    const md = await bomba(["report", "--quarter", "2026-Q4"], { BOMBA_CLOCK: clock });
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout.split("\n")[2]).toMatch(/del 1 oct 2026 al 16 nov 2026$/);
    expect(md.stdout).toMatch(new RegExp(`^\\| \\*\\*Total\\*\\* \\| ${soFar.opened} \\|`, "m"));
  }, 60_000);

  it("refuses a quarter that has not begun, saying when it begins", async () => {
    const run = await bomba(["report", "--quarter", "2027-Q3"], {
      BOMBA_CLOCK: "2027-01-10T10:00:00+01:00",
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "2027-Q3 aún no ha empezado (empieza el jue, 1 jul): todavía no hay nada que informar.\n",
    );
  });

  it("refuses a bad quarter in one line of the org's language, with exit code 2", async () => {
    const run = await bomba(["report", "--quarter", "2026-Q5"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("--quarter: «2026-Q5» no es un trimestre (p. ej. 2026-Q4)\n");
  });

  it.each([
    [["report", "--format", "xlsx"], ['--format: "xlsx" is not a format; use md or csv']],
    [["report", "--quarter", "Q4"], ['--quarter: "Q4" is not a quarter (e.g. 2026-Q4)']],
    [
      ["report", "2026-Q4"],
      [
        'unexpected argument "2026-Q4": did you mean --quarter 2026-Q4?',
        "usage: bomba report [--quarter 2026-Q4] [--format md|csv]",
      ],
    ],
  ])("refuses %j", async (args, message) => {
    // No org at hand and an English system: the system's language.
    vi.stubEnv("BOMBA_ORG", join(dir.path, "no-org.yaml"));
    vi.stubEnv("LC_ALL", "C");
    try {
      const io = recordingIo();
      expect(await main(args, io)).toBe(2);
      expect(io.stderr).toEqual(message);
      expect(io.stdout).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
