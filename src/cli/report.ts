/** `bomba report [--quarter 2026-Q4] [--format md|csv]`: the quarterly report on stdout. */
import { DateTime } from "luxon";
import { loadQuarterlyReport } from "../app/quarterly-report.ts";
import { clockOf } from "../config/env.ts";
import type { Org } from "../core/org.ts";
import { type Quarter, quarterJustEnded, quarterNamed } from "../core/quarter.ts";
import { cliCatalog } from "../i18n/cli-catalog.ts";
import { formatIsoDate } from "../i18n/fill.ts";
import { calendarFor } from "../org/org-calendar.ts";
import { reportCsv } from "../report/csv.ts";
import { reportMarkdown } from "../report/markdown.ts";
import { openStore } from "../store/open-store.ts";
import { loadEnvAndOrg } from "./args.ts";
import { optionText } from "./command-line.ts";
import { orgFileAtHand } from "./commands.ts";
import { formatWhen } from "./describe.ts";
import type { CliIo } from "./io.ts";
import { localeAtHand } from "./locale.ts";
import { readArguments } from "./usage.ts";

const formats = ["md", "csv"] as const;

/**
 * Prints the report of `--quarter` (default: the quarter just ended, in the org's zone) from
 * BOMBA_DB and BOMBA_ORG, as Markdown or as the CSV the report attaches (UTF-8 with BOM). A
 * quarter not over yet is shown as it stands now, and says so; a future one is refused.
 */
export async function runReport(args: string[], io: CliIo): Promise<number> {
  const parsed = readArguments("report", args, io);
  if (typeof parsed === "number") return parsed;
  const quarterText = optionText(parsed, "quarter");
  const format = (optionText(parsed, "format") ?? "md").toLowerCase();
  // Checked before anything is opened: a typo gets its one line at once.
  const said = cliCatalog(localeAtHand(orgFileAtHand("report", args)));
  if (quarterText !== undefined && quarterNamed(quarterText, "UTC") === null) {
    io.err(said.errors.badQuarter({ value: quarterText }));
    return 2;
  }
  if (!(formats as readonly string[]).includes(format)) {
    io.err(said.errors.badFormat({ value: format }));
    return 2;
  }
  const loaded = loadEnvAndOrg(io);
  if (typeof loaded === "number") return loaded;
  const { env, org } = loaded;
  const zone = org.calendar.timezone;
  const now = clockOf(env)();
  const quarter =
    quarterText === undefined ? quarterJustEnded(now, zone) : quarterNamed(quarterText, zone);
  if (quarter === null) return 2;
  const asked = quarterSoFar(org, quarter, now, io);
  if (asked === null) return 1;
  const store = await openStore(env.BOMBA_DB, { readOnly: true });
  try {
    const report = await loadQuarterlyReport({ store, org, calendar: calendarFor(org) }, asked);
    // `out` ends every write with "\n": dropping the text's own last "\n" keeps the bytes exact
    // (the CSV's final record still ends in CRLF).
    const text = format === "csv" ? reportCsv(report, org) : reportMarkdown(report, org);
    io.out(text.replace(/\n$/, ""));
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * The part of `quarter` that has happened by `now`: all of it when it is over; up to now, with a
 * word on stderr, when it is under way; null, with a word, when it has not begun.
 */
function quarterSoFar(org: Org, quarter: Quarter, now: number, io: CliIo): Quarter | null {
  const said = cliCatalog(org.locale);
  if (now >= quarter.end) return quarter;
  const ctx = { org, now };
  if (now < quarter.start) {
    io.err(
      said.report.future({ quarter: quarter.id, starts: formatIsoDate(ctx, quarter.firstDate) }),
    );
    return null;
  }
  io.err(
    said.report.notOver({
      quarter: quarter.id,
      ends: formatIsoDate(ctx, quarter.lastDate),
      asOf: formatWhen(org, now, now),
    }),
  );
  const today = DateTime.fromMillis(now, { zone: org.calendar.timezone }).toISODate() ?? "";
  return { ...quarter, end: now, lastDate: today };
}
