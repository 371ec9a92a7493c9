/**
 * The quarterly report as CSV: one row per bomb, RFC 4180 (comma, CRLF, quotes doubled), UTF-8
 * with a byte-order mark so that Excel reads "Logística" as it is written, headers in the org's
 * language.
 */

import type { Org } from "../core/org.ts";
import { catalog, type ReportColumn } from "../i18n/catalog.ts";
import { localDateTime, nameOf } from "./format.ts";
import type { QuarterlyReport, ReportBomb } from "./quarterly-report.ts";

/** The byte-order mark that makes spreadsheets read the file as UTF-8. */
export const utf8Bom = "\uFEFF";

/** The columns, in order. */
export const reportColumns: readonly ReportColumn[] = [
  "id",
  "department",
  "customer",
  "contact",
  "complaint",
  "source",
  "openedAt",
  "state",
  "heldBy",
  "rungs",
  "forwards",
  "acceptedAt",
  "acceptedBy",
  "hoursToAccept",
  "severity",
  "committedDate",
  "plan",
  "resolvedAt",
  "resolvedBy",
  "visitedOn",
  "visitedBy",
  "solution",
  "commitment",
  "closedAt",
  "satisfaction",
  "defusedAt",
  "defuseReason",
];

/** One field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Text someone typed, made safe to open in a spreadsheet: a cell starting with = + - @ would be
 * run as a formula, so it gets a leading apostrophe (OWASP's advice for CSV injection).
 */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Rows as CSV text: BOM, CRLF after every record. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return utf8Bom + rows.map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

/** The report's CSV: a header row and one row per bomb. */
export function reportCsv(report: QuarterlyReport, org: Org): string {
  const words = catalog(org.locale);
  const headers = reportColumns.map((c) => words.reports.report.columns[c]);
  return csvText([headers, ...report.bombs.map((bomb) => rowOf(bomb, report, org))]);
}

function rowOf(bomb: ReportBomb, report: QuarterlyReport, org: Org): string[] {
  const words = catalog(org.locale);
  const when = (at: number | null) => (at === null ? "" : localDateTime(org, at));
  const department = report.departments.find((d) => d.id === bomb.departmentId)?.name;
  const values: Record<ReportColumn, string> = {
    id: String(bomb.id),
    department: department ?? bomb.departmentId,
    customer: safeText(bomb.customer),
    contact: safeText(bomb.contact),
    complaint: safeText(bomb.complaint),
    source: words.chat.sources[bomb.source],
    openedAt: when(bomb.openedAt),
    state: words.states[bomb.state],
    heldBy: nameOf(org, bomb.heldBy),
    rungs: String(bomb.rungs),
    forwards: String(bomb.forwards),
    acceptedAt: when(bomb.acceptedAt),
    acceptedBy: nameOf(org, bomb.acceptedBy),
    // A dot, not the locale's comma: the comma separates the fields.
    hoursToAccept: bomb.hoursToAccept === null ? "" : bomb.hoursToAccept.toFixed(1),
    severity: bomb.severity === null ? "" : words.severities[bomb.severity],
    committedDate: bomb.committedDate ?? "",
    plan: safeText(bomb.plan ?? ""),
    resolvedAt: when(bomb.resolvedAt),
    resolvedBy: nameOf(org, bomb.resolvedBy),
    visitedOn: bomb.visitedOn ?? "",
    visitedBy: nameOf(org, bomb.visitedBy),
    solution: safeText(bomb.solution ?? ""),
    commitment: bomb.kept === null ? "" : words.reports.report.kept[bomb.kept],
    closedAt: when(bomb.closedAt),
    satisfaction: bomb.satisfaction === null ? "" : words.satisfactions[bomb.satisfaction],
    defusedAt: when(bomb.defusedAt),
    defuseReason: safeText(bomb.defuseReason ?? ""),
  };
  return reportColumns.map((c) => values[c]);
}
