/** `bomba tick [--at ISO] [--dry-run]`: one scheduler pass as of a given instant. */
import { DateTime } from "luxon";
import { runPass } from "../app/scheduler.ts";
import { parseEnv } from "../config/env.ts";
import { catalog } from "../i18n/catalog.ts";
import { calendarFor } from "../org/org-calendar.ts";
import { closeDatabase, openDatabase } from "../store/database.ts";
import { loadOrgOrReport, parseInstant, parseOptions } from "./args.ts";
import { describeEvent } from "./describe.ts";
import type { CliIo } from "./io.ts";
import { nameOf } from "./people.ts";

/** Runs one pass; with `--dry-run` prints what it would do and writes nothing. */
export async function runTick(
  args: string[],
  io: CliIo,
  now: number = Date.now(),
): Promise<number> {
  const parsed = parseOptions(args, { at: { type: "string" }, "dry-run": { type: "boolean" } }, io);
  if (parsed === null) return 2;
  const env = parseEnv(process.env);
  if (!env.ok) {
    io.err(env.error);
    return 2;
  }
  const org = loadOrgOrReport(env.env.BOMBA_ORG, io);
  if (org === null) return 1;
  const at =
    parsed.values.at === undefined ? now : parseInstant(parsed.values.at, org.calendar.timezone);
  if (at === null) {
    io.err(`--at: not an ISO date-time: ${parsed.values.at}`);
    return 2;
  }
  const dryRun = parsed.values["dry-run"] === true;
  const db = openDatabase(env.env.BOMBA_DB);
  try {
    const result = runPass({ db, org, calendar: calendarFor(org) }, at, { dryRun });
    const words = catalog(org.locale);
    const zone = org.calendar.timezone;
    for (const t of result.transitions) {
      for (const e of t.events) io.out(`#${t.bomb.id}  ${describeEvent(org, e)}`);
      const told = [...new Set(t.messages.map((m) => nameOf(org, m.to)))].join(", ");
      io.out(`      ${words.words.told}: ${told || words.words.nobody}`);
    }
    const when = DateTime.fromMillis(at, { zone }).toISO({ suppressMilliseconds: true });
    const verb = dryRun ? "would advance" : "advanced";
    io.out(
      `tick ${when}: ${verb} ${result.bombs} bombs, ${result.events} events, ${result.messages} messages`,
    );
    return 0;
  } finally {
    closeDatabase(db);
  }
}
