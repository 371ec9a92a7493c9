/** `bomba report [--quarter 2026-Q4] [--format md|csv]`: the quarterly report on stdout. */
import { loadQuarterlyReport } from "../app/quarterly-report.ts";
import { clockOf } from "../config/env.ts";
import { quarterJustEnded, quarterNamed } from "../core/quarter.ts";
import { calendarFor } from "../org/org-calendar.ts";
import { reportCsv } from "../report/csv.ts";
import { reportMarkdown } from "../report/markdown.ts";
import { closeDatabase, openDatabase } from "../store/database.ts";
import { loadEnvAndOrg, parseOptions } from "./args.ts";
import type { CliIo } from "./io.ts";

const formats = ["md", "csv"] as const;

/**
 * Prints the report of `--quarter` (default: the quarter just ended, in the org's zone) from
 * BOMBA_DB and BOMBA_ORG, as Markdown or as the CSV the report attaches (UTF-8 with BOM).
 */
export function runReport(args: string[], io: CliIo): number {
  const parsed = parseOptions(
    args,
    { quarter: { type: "string" }, format: { type: "string" } },
    io,
  );
  if (parsed === null) return 2;
  const { quarter: quarterText, format = "md" } = parsed.values;
  // Checked before anything is opened: a typo gets its one line at once.
  if (quarterText !== undefined && quarterNamed(quarterText, "UTC") === null) {
    io.err(`--quarter: not a quarter (e.g. 2026-Q4): ${quarterText}`);
    return 2;
  }
  if (!(formats as readonly string[]).includes(format)) {
    io.err(`--format: expected md or csv, got ${format}`);
    return 2;
  }
  if (parsed.positionals.length > 0) {
    io.err(`unexpected argument: ${parsed.positionals[0]}`);
    return 2;
  }
  const loaded = loadEnvAndOrg(io);
  if (typeof loaded === "number") return loaded;
  const { env, org } = loaded;
  const zone = org.calendar.timezone;
  const quarter =
    quarterText === undefined
      ? quarterJustEnded(clockOf(env)(), zone)
      : quarterNamed(quarterText, zone);
  if (quarter === null) return 2;
  const db = openDatabase(env.BOMBA_DB);
  try {
    const report = loadQuarterlyReport({ db, org, calendar: calendarFor(org) }, quarter);
    // `out` ends every write with "\n": dropping the text's own last "\n" keeps the bytes exact
    // (the CSV's final record still ends in CRLF).
    const text = format === "csv" ? reportCsv(report, org) : reportMarkdown(report, org);
    io.out(text.replace(/\n$/, ""));
    return 0;
  } finally {
    closeDatabase(db);
  }
}
