import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { GlobalFonts } from "@napi-rs/canvas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadQuarterlyReport } from "../../src/app/quarterly-report.ts";
import { quarterNamed } from "../../src/core/quarter.ts";
import {
  chartFontFamily,
  chartSize,
  departmentChart,
  prepareCharts,
  renderBarChart,
} from "../../src/report/chart.ts";
import { renderReportFile, reportFileSpecs } from "../../src/report/files.ts";
import { crc32, isPng, pngSize, readTextChunks, withTextChunk } from "../../src/report/png-text.ts";
import type { QuarterlyReport } from "../../src/report/quarterly-report.ts";
import { closeDatabase } from "../../src/store/sqlite/database.ts";
import { tempDir } from "../fixtures/bomb-db.ts";
import { ROOT } from "../fixtures/child-process.ts";
import { darkPixels } from "../fixtures/png-pixels.ts";
import { buildQuarterDatabase, REPORT_ORG, reportServices } from "../fixtures/quarter.ts";

const dir = tempDir("bomba-chart-");
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

const bars = [
  { label: "Abiertas", value: 12, color: "#4e79a7" },
  { label: "Tarde", value: 3, color: "#e15759" },
];

describe("renderBarChart", () => {
  it("draws a valid PNG of the chart's size with its title in a tEXt chunk", () => {
    const png = renderBarChart({ title: "Logística · 2026-Q4", bars });
    expect(isPng(png)).toBe(true);
    expect(png.toString("latin1", 12, 16)).toBe("IHDR");
    expect(pngSize(png)).toEqual({ width: chartSize.width, height: chartSize.height });
    // readTextChunks checks every chunk's CRC on the way.
    expect(readTextChunks(png).Title).toBe("Logística · 2026-Q4");
  });

  it("draws the title and the labels with the bundled font", async () => {
    prepareCharts();
    expect(GlobalFonts.has(chartFontFamily)).toBe(true);
    const png = renderBarChart({ title: "Logística · 2026-Q4", bars });
    const band = { x: 0, y: 0, width: chartSize.width, height: 60 };
    expect(await darkPixels(png, band)).toBeGreaterThan(300);
    const untitled = renderBarChart({ title: " ", bars });
    expect(await darkPixels(untitled, band)).toBeLessThan(50);
  });

  it("keeps a title Latin-1 cannot hold exact in an iTXt chunk", () => {
    const png = renderBarChart({ title: "Atención 💣 · 2026-Q4", bars });
    expect(readTextChunks(png).Title).toBe("Atención ? · 2026-Q4");
    expect(png.includes(Buffer.from("Atención 💣 · 2026-Q4", "utf8"))).toBe(true);
  });

  const canUnshare = spawnSync("unshare", ["-m", "true"]).status === 0;
  it.skipIf(!canUnshare)("draws text on a machine without any system font", () => {
    const script =
      "mount -t tmpfs none /usr/share/fonts && exec node --import tsx test/fixtures/chart-probe.ts";
    const run = spawnSync("unshare", ["-m", "sh", "-c", script], { cwd: ROOT, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const probe = JSON.parse(run.stdout) as { systemFamilies: number; titleBand: number };
    expect(probe.systemFamilies).toBe(0);
    expect(probe.titleBand).toBeGreaterThan(300);
  });
});

describe("departmentChart", () => {
  it("draws one chart per department and one for the company, titled with the quarter", () => {
    for (const department of report.departments) {
      const chart = departmentChart(report, department.id, "es");
      expect(chart.title).toBe(`${department.name} · 2026-Q4`);
      expect(chart.filename).toBe(`informe-2026-Q4-${department.id}.png`);
      expect(readTextChunks(chart.png).Title).toBe(chart.title);
      expect(pngSize(chart.png)).toEqual(chartSize);
    }
    expect(departmentChart(report, null, "en").title).toBe("Total · 2026-Q4");
    expect(() => departmentChart(report, "nope", "es")).toThrow(/nope/);
  });
});

describe("report files", () => {
  it("are the CSV, the company's chart and each department's", async () => {
    const specs = reportFileSpecs(report);
    expect(specs).toEqual([
      { format: "csv" },
      { format: "png", department: null },
      { format: "png", department: "logistica" },
      { format: "png", department: "comercial" },
    ]);
    const csv = await renderReportFile(report, { format: "csv" }, REPORT_ORG);
    expect(csv.filename).toBe("informe-2026-Q4.csv");
    expect([...csv.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe("PNG text chunks", () => {
  it("computes the standard CRC-32", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    expect(crc32(Buffer.from("IEND"))).toBe(0xae426082);
  });

  it("inserts a chunk right after IHDR and refuses what is no PNG", () => {
    const png = renderBarChart({ title: "x", bars });
    const tagged = withTextChunk(png, "Author", "Fidelización");
    expect(readTextChunks(tagged)).toEqual({ Title: "x", Author: "Fidelización" });
    expect(() => withTextChunk(Buffer.from("nope"), "Title", "x")).toThrow(/PNG/);
  });
});
