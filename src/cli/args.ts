/** Small helpers shared by the commands: options, instants, org loading. */
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { type Env, parseEnv } from "../config/env.ts";
import type { Org } from "../core/org.ts";
import { formatOrgIssue, formatOrgWarning, loadOrgFile } from "../org/load-org.ts";
import type { CliIo } from "./io.ts";

type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string }>;

/** Parses `args` against `options`; on a bad flag prints why and returns null. */
export function parseOptions<T extends OptionSpec>(args: string[], options: T, io: CliIo) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return null;
  }
}

/** An ISO instant (with or without offset, read in `zone` when without) in epoch ms, or null. */
export function parseInstant(text: string, zone: string): number | null {
  const parsed = DateTime.fromISO(text, { zone, setZone: false });
  return parsed.isValid ? parsed.toMillis() : null;
}

/** Loads and validates an org file, printing every issue when it is invalid. */
export function loadOrgOrReport(path: string, io: CliIo): Org | null {
  const result = loadOrgFile(path);
  if (result.ok) {
    for (const warning of result.warnings)
      io.err(formatOrgWarning(path, warning, result.org.locale));
    return result.org;
  }
  for (const issue of result.issues) io.err(formatOrgIssue(path, issue, result.locale));
  return null;
}

/** The environment and the org file it names, or the exit code after saying what is wrong. */
export function loadEnvAndOrg(io: CliIo): { env: Env; org: Org } | number {
  const env = parseEnv(process.env);
  if (!env.ok) {
    io.err(env.error);
    return 2;
  }
  const org = loadOrgOrReport(env.env.BOMBA_ORG, io);
  return org === null ? 1 : { env: env.env, org };
}
