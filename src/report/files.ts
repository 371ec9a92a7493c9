/**
 * The files attached to the quarterly report, named by small specs that the outbox stores
 * instead of the bytes: the files are drawn again when they are delivered.
 */
import * as z from "zod";
import type { Org } from "../core/org.ts";
import { catalog } from "../i18n/catalog.ts";
import { reportCsv } from "./csv.ts";
import type { QuarterlyReport } from "./quarterly-report.ts";

/** Which file: the CSV, or the chart of a department (null: the whole company). */
export const reportFileSpec = z.discriminatedUnion("format", [
  z.object({ format: z.literal("csv") }),
  z.object({ format: z.literal("png"), department: z.string().nullable() }),
]);

/** Which file to attach. */
export type ReportFileSpec = z.infer<typeof reportFileSpec>;

/** A file ready to upload. */
export interface ReportFile {
  filename: string;
  title: string;
  content: Buffer;
}

/** What the report carries: the CSV, the company's chart, then one chart per department. */
export function reportFileSpecs(report: QuarterlyReport): ReportFileSpec[] {
  return [
    { format: "csv" },
    { format: "png", department: null },
    ...report.departments.map((d) => ({ format: "png" as const, department: d.id })),
  ];
}

/**
 * Draws one file of the report. The chart library (Skia and chart.js, ~30 MB) is loaded on the
 * first chart drawn, once a quarter, not at every start of the bot.
 */
export async function renderReportFile(
  report: QuarterlyReport,
  spec: ReportFileSpec,
  org: Org,
): Promise<ReportFile> {
  if (spec.format === "png") {
    const { departmentChart } = await import("./chart.ts");
    const chart = departmentChart(report, spec.department, org.locale);
    return { filename: chart.filename, title: chart.title, content: chart.png };
  }
  const words = catalog(org.locale).reports.report;
  const name = words.fileName({ quarter: report.quarter.id });
  return {
    filename: `${name}.csv`,
    title: words.title({ quarter: report.quarter.id }),
    content: Buffer.from(reportCsv(report, org), "utf8"),
  };
}
