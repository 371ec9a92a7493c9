import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadQuarterlyReport } from "../../src/app/quarterly-report.ts";
import { quarterNamed } from "../../src/core/quarter.ts";
import { catalog } from "../../src/i18n/catalog.ts";
import {
  csvField,
  csvText,
  reportColumns,
  reportCsv,
  safeText,
  utf8Bom,
} from "../../src/report/csv.ts";
import type { QuarterlyReport } from "../../src/report/quarterly-report.ts";
import { closeDatabase } from "../../src/store/sqlite/database.ts";
import { tempDir } from "../fixtures/bomb-db.ts";
import {
  buildQuarterDatabase,
  handCount,
  type QuarterFixture,
  REPORT_ORG,
  reportServices,
} from "../fixtures/quarter.ts";
import { parseCsv } from "../support/csv-parse.ts";

const dir = tempDir("bomba-csv-");
let fixture: QuarterFixture;
let report: QuarterlyReport;

beforeAll(async () => {
  const path = join(dir.path, "quarter.db");
  fixture = await buildQuarterDatabase(path);
  const svc = reportServices(path);
  const quarter = quarterNamed("2026-Q4", svc.calendar.zone);
  if (quarter === null) throw new Error("quarter");
  report = await loadQuarterlyReport(svc, quarter);
  closeDatabase(svc.store.db);
});

afterAll(() => dir.remove());

describe("csvField (RFC 4180)", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['dice "hola"', '"dice ""hola"""'],
    ["dos\nlíneas", '"dos\nlíneas"'],
    ["cr\r", '"cr\r"'],
    ["Logística ñ €", "Logística ñ €"],
  ])("%j → %j", (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it("round-trips any field through a strict reader", () => {
    const rows = [
      ["a", 'b"c', "d,e", "f\r\ng", ""],
      ["ñ", "x"],
    ];
    expect(parseCsv(csvText(rows).slice(utf8Bom.length))).toEqual(rows);
  });

  it.each(["=HYPERLINK(1)", "+34 600", "-1", "@SUM(A1)"])(
    "defuses a formula a spreadsheet would run: %j",
    (text) => {
      expect(safeText(text)).toBe(`'${text}`);
    },
  );
});

describe("reportCsv", () => {
  it("opens with the UTF-8 byte-order mark and ends every record with CRLF", () => {
    const csv = reportCsv(report, REPORT_ORG);
    const bytes = Buffer.from(csv, "utf8");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.endsWith("\r\n")).toBe(true);
  });

  it("has the localized headers and one row per bomb of the quarter", () => {
    const rows = parseCsv(reportCsv(report, REPORT_ORG).slice(1));
    const [headers, ...records] = rows;
    const words = catalog("es").reports.report.columns;
    expect(headers).toEqual(reportColumns.map((c) => words[c]));
    expect(headers?.slice(0, 3)).toEqual(["Bomba", "Departamento", "Cliente"]);
    const expectedRows = handCount(fixture.expected, report.quarter.start, report.quarter.end)
      .overall.rows;
    expect(records).toHaveLength(expectedRows.length);
    expect(records.length).toBeGreaterThan(200);
    for (const record of records) expect(record).toHaveLength(reportColumns.length);
    const ids = records.map((r) => Number(r[0]));
    expect(ids).toEqual(report.bombs.map((b) => b.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps texts with commas, quotes and line breaks whole, and words values in Spanish", () => {
    const records = parseCsv(reportCsv(report, REPORT_ORG).slice(1)).slice(1);
    const column = (name: (typeof reportColumns)[number]) => reportColumns.indexOf(name);
    const first = report.bombs[0];
    const record = records[0] ?? [];
    expect(record[column("customer")]).toBe(first?.customer);
    expect(record[column("customer")]).toContain(",");
    expect(record[column("complaint")]).toContain('"');
    expect(record[column("complaint")]).toContain("\n");
    const departments = new Set(records.map((r) => r[column("department")]));
    expect(departments).toEqual(new Set(["Logística", "Comercial"]));
    const kept = new Set(records.map((r) => r[column("commitment")]));
    expect(kept).toEqual(new Set(["", "a tiempo", "tarde", "vencido"]));
    for (const r of records)
      expect(r[column("openedAt")]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  it("writes the English headers for an English org", () => {
    const english = { ...REPORT_ORG, locale: "en" as const };
    const [headers] = parseCsv(reportCsv(report, english).slice(1));
    expect(headers?.slice(0, 3)).toEqual(["Bomb", "Department", "Customer"]);
  });
});
