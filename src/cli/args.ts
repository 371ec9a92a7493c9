/** Small helpers shared by the commands: instants, the environment, org loading. */
import { DateTime } from "luxon";
import { type Env, parseEnv } from "../config/env.ts";
import { CLOCK_YEARS, isClockYear } from "../core/calendar.ts";
import type { Org } from "../core/org.ts";
import { cliCatalog } from "../i18n/cli-catalog.ts";
import { formatOrgIssue, formatOrgWarning, loadOrgFile } from "../org/load-org.ts";
import type { CliIo } from "./io.ts";
import { envOrgPath, localeAtHand } from "./locale.ts";

/**
 * An ISO instant (with or without offset, read in `zone` when without) in epoch ms; null when it
 * is none, "out_of_range" when its local year is outside the years a clock may read.
 */
export function parseInstant(text: string, zone: string): number | null | "out_of_range" {
  const parsed = DateTime.fromISO(text, { zone, setZone: false });
  if (!parsed.isValid) return null;
  return isClockYear(parsed.year) ? parsed.toMillis() : "out_of_range";
}

/**
 * The instant an option gives, or null after saying, in the org's language, why it is none or
 * out of the calendar's years (the command then exits with 2).
 */
export function instantOption(option: string, text: string, org: Org, io: CliIo): number | null {
  const at = parseInstant(text, org.calendar.timezone);
  if (typeof at === "number") return at;
  const errors = cliCatalog(org.locale).errors;
  if (at === null) io.err(errors.badInstant({ option, value: text }));
  else {
    const year = (y: number) => String(y).padStart(4, "0");
    const [first, last] = [year(CLOCK_YEARS.first), year(CLOCK_YEARS.last)];
    io.err(errors.instantOutOfRange({ option, value: text, first, last }));
  }
  return null;
}

/** Loads and validates an org file, printing every issue when it is invalid. */
export function loadOrgOrReport(path: string, io: CliIo): Org | null {
  const result = loadOrgFile(path, localeAtHand(path));
  if (result.ok) {
    for (const warning of result.warnings)
      io.err(formatOrgWarning(path, warning, result.org.locale));
    return result.org;
  }
  for (const issue of result.issues) io.err(formatOrgIssue(path, issue, result.locale));
  return null;
}

/**
 * The environment, or exit code 2 after saying, in the language at hand, which variable is
 * wrong and what it must be.
 */
export function loadEnv(io: CliIo): Env | number {
  const env = parseEnv(process.env);
  if (env.ok) return env.env;
  const said = cliCatalog(localeAtHand(envOrgPath())).environment;
  const expected = said.expected[env.variable];
  io.err(expected === undefined ? env.error : said.invalid({ variable: env.variable, expected }));
  return 2;
}

/** The environment and the org file it names, or the exit code after saying what is wrong. */
export function loadEnvAndOrg(io: CliIo): { env: Env; org: Org } | number {
  const env = loadEnv(io);
  if (typeof env === "number") return env;
  const org = loadOrgOrReport(env.BOMBA_ORG, io);
  return org === null ? 1 : { env, org };
}
