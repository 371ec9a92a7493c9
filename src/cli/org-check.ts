/**
 * `bomba org check [FILE]`: validates an org file and lists every issue, one per line.
 */
import type { Locale } from "../core/org.ts";
import { formatOrgIssue, formatOrgWarning, loadOrgFile } from "../org/load-org.ts";
import { orgMessage } from "../org/org-messages.ts";
import type { CliIo } from "./io.ts";

/** Checks the org file named in `args` (default `$BOMBA_ORG` or `./org.yaml`); 0 when valid, 1 when not, 2 on bad usage. */
export function runOrgCheck(args: string[], io: CliIo): number {
  const locale: Locale = "es";
  if (args.includes("--help") || args.includes("-h")) {
    io.out(orgMessage(locale, "usage"));
    return 0;
  }
  const [file = process.env.BOMBA_ORG ?? "./org.yaml", ...rest] = args;
  if (rest.length > 0 || file.startsWith("-")) {
    io.err(orgMessage(locale, "usage"));
    return 2;
  }
  try {
    return check(file, io);
  } catch (error) {
    // A bug must not print a stack trace at the person fixing their org file.
    const reason = error instanceof Error ? error.message : String(error);
    io.err(orgMessage(locale, "internalError", { file, reason }));
    return 1;
  }
}

function check(file: string, io: CliIo): number {
  const result = loadOrgFile(file);
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
