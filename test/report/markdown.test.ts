import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadQuarterlyReport } from "../../src/app/quarterly-report.ts";
import { quarterNamed } from "../../src/core/quarter.ts";
import { reportMarkdown } from "../../src/report/markdown.ts";
import type { QuarterlyReport } from "../../src/report/quarterly-report.ts";
import { closeDatabase } from "../../src/store/sqlite/database.ts";
import { tempDir } from "../fixtures/bomb-db.ts";
import { buildQuarterDatabase, REPORT_ORG, reportServices } from "../fixtures/quarter.ts";

const dir = tempDir("bomba-md-");
let report: QuarterlyReport;

beforeAll(async () => {
  const path = join(dir.path, "quarter.db");
  await buildQuarterDatabase(path);
  const svc = reportServices(path);
  const quarter = quarterNamed("2026-Q4", svc.calendar.zone);
  if (quarter === null) throw new Error("quarter");
  report = await loadQuarterlyReport(svc, quarter);
  closeDatabase(svc.store.db);
});

afterAll(() => dir.remove());

describe("reportMarkdown", () => {
  it("titles the quarter and the company with its dates", () => {
    const md = reportMarkdown(report, REPORT_ORG);
    expect(md.split("\n")[0]).toBe("# 📊 Informe trimestral de bombas · 2026-Q4");
    expect(md).toContain("Transportes Prueba S.L. · del 1 oct 2026 al 31 dic 2026");
  });

  it("tabulates every figure per department and overall", () => {
    const md = reportMarkdown(report, REPORT_ORG);
    const row = (name: string) => md.split("\n").find((l) => l.startsWith(`| ${name} |`)) ?? "";
    const cells = (line: string) =>
      line
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim());
    const overall = cells(row("**Total**"));
    expect(overall.slice(1, 5)).toEqual(
      [
        report.overall.opened,
        report.overall.closed,
        report.overall.defused,
        report.overall.pending,
      ].map(String),
    );
    expect(overall[5]).toMatch(/^\d+(,\d)? h laborables$/);
    for (const d of report.departments) {
      expect(cells(row(d.name))[1]).toBe(String(d.figures.opened));
    }
  });

  it("lists the actions done and pending, every one of them", () => {
    const md = reportMarkdown(report, REPORT_ORG);
    const [, afterDone = ""] = md.split("## Acciones realizadas");
    const [done = "", pending = ""] = afterDone.split("## Acciones pendientes");
    const items = (text: string) => text.split("\n").filter((l) => l.startsWith("- #"));
    const doneCount = report.departments.reduce((n, d) => n + d.done.length, 0);
    const pendingCount = report.departments.reduce((n, d) => n + d.pending.length, 0);
    expect(items(done)).toHaveLength(doneCount);
    expect(items(pending)).toHaveLength(pendingCount);
    expect(pending).toContain("solución comprometida para el");
    expect(done).toContain("visita el");
  });
});
