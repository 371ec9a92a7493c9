/**
 * `bomba org check [FILE]`: validates an org file and lists every issue, one per line.
 */
import { formatOrgIssue, formatOrgWarning, loadOrgFile } from "../org/load-org.ts";
import { orgMessage } from "../org/org-messages.ts";
import type { CliIo } from "./io.ts";
import { envOrgPath, localeAtHand } from "./locale.ts";
import { readArguments } from "./usage.ts";

/** Checks the org file named in `args` (default `$BOMBA_ORG` or `./org.yaml`); 0 when valid, 1 when not, 2 on bad usage. */
export function runOrgCheck(args: string[], io: CliIo): number {
  const parsed = readArguments("org check", args, io);
  if (typeof parsed === "number") return parsed;
  const file = parsed.positionals[0] ?? envOrgPath();
  try {
    return check(file, io);
  } catch (error) {
    // A bug must not print a stack trace at the person fixing their org file.
    const reason = error instanceof Error ? error.message : String(error);
    io.err(orgMessage(localeAtHand(file), "internalError", { file, reason }));
    return 1;
  }
}

function check(file: string, io: CliIo): number {
  const result = loadOrgFile(file, localeAtHand(file));
  if (!result.ok) {
    for (const issue of result.issues) io.out(formatOrgIssue(file, issue, result.locale));
    io.out(orgMessage(result.locale, "issueCount", { count: result.issues.length, file }));
    return 1;
  }
  const { org, warnings } = result;
  for (const warning of warnings) io.out(formatOrgWarning(file, warning, org.locale));
  io.out(
    orgMessage(org.locale, "summary", {
      file,
      company: org.company,
      people: org.people.size,
      departments: org.departments.size,
      zone: org.calendar.timezone,
      locale: org.locale,
      warnings: warnings.length,
    }),
  );
  return 0;
}
