/**
 * The `bomba` command line: one function per command, each returning its exit code. Nothing a
 * user types makes it throw a stack trace at them. Each command's module is imported only when
 * that command runs: `bomba help` must not pay for Slack, the charts and the holiday tables.
 */
import { type CommandName, cliCatalog } from "../i18n/cli-catalog.ts";
import { DatabasePathError } from "../store/database-path.ts";
import { DatabaseUnreachable, SchemaBehind } from "../store/database-url.ts";
import { asksForHelp, closest } from "./command-line.ts";
import { commandNames, orgFileAtHand } from "./commands.ts";
import { type CliIo, processIo } from "./io.ts";
import { envOrgPath, localeAtHand } from "./locale.ts";
import { databaseProblemText } from "./refusals.ts";
import { commandHelp, overview, usageLine } from "./usage.ts";
import { packageVersion } from "./version.ts";

/** Runs the command line `args` and returns the exit code. */
export async function main(args: string[], io: CliIo = processIo): Promise<number> {
  const [first, ...rest] = args;
  if (first === "--version") {
    io.out(`bomba ${packageVersion()}`);
    return 0;
  }
  if (first === undefined || first === "help" || first === "--help" || first === "-h") {
    return help(rest, io);
  }
  const found = commandOf(args, io);
  if (typeof found === "number") return found;
  const [command, commandArgs] = found;
  if (asksForHelp(commandArgs)) {
    io.out(commandHelp(localeAtHand(orgFileAtHand(command, commandArgs)), command));
    return 0;
  }
  try {
    return await run(command, commandArgs, io);
  } catch (error) {
    const words = cliCatalog(localeAtHand(orgFileAtHand(command, commandArgs)));
    if (error instanceof DatabasePathError) {
      io.err(databaseProblemText(words, error.problem));
      return 1;
    }
    if (error instanceof DatabaseUnreachable) {
      io.err(words.database.unreachable({ target: error.target, reason: error.reason }));
      return 1;
    }
    if (error instanceof SchemaBehind) {
      io.err(words.database.schemaBehind({ target: error.target }));
      return 1;
    }
    // A bug, not a user error: say so in one line; the stack only on request.
    const reason = error instanceof Error ? error.message : String(error);
    io.err(words.errors.internal({ command, reason }));
    if (process.env.LOG_LEVEL === "debug" && error instanceof Error && error.stack)
      io.err(error.stack);
    return 70;
  }
}

/** The command's module, imported now, run with its arguments. */
async function run(command: CommandName, args: string[], io: CliIo): Promise<number> {
  switch (command) {
    case "simulate":
      return (await import("./simulate.ts")).runSimulate(args, io);
    case "tick":
      return await (await import("./tick.ts")).runTick(args, io);
    case "serve":
      return await (await import("./serve.ts")).runServe(args, io);
    case "backup":
      return await (await import("./backup.ts")).runBackup(args, io);
    case "report":
      return (await import("./report.ts")).runReport(args, io);
    case "org check":
      return (await import("./org-check.ts")).runOrgCheck(args, io);
    case "org import":
      return await (await import("./org-import.ts")).runOrgImport(args, io);
    case "teams package":
      return (await import("./teams-package.ts")).runTeamsPackage(args, io);
    case "help":
      return help(args, io);
  }
}

/** `bomba help [COMMAND]`: the list of commands, or one command's help. */
function help(args: string[], io: CliIo): number {
  if (args.length === 0) {
    io.out(overview(localeAtHand(envOrgPath()), packageVersion()));
    return 0;
  }
  if (asksForHelp(args)) {
    io.out(commandHelp(localeAtHand(envOrgPath()), "help"));
    return 0;
  }
  // `bomba help org`: both org commands' usage, as `bomba org --help` prints them.
  const found = commandOf(args.length === 1 && args[0] === "org" ? ["org", "--help"] : args, io);
  if (typeof found === "number") return found;
  const [command, rest] = found;
  if (rest.length > 0) {
    const locale = localeAtHand(envOrgPath());
    io.err(
      cliCatalog(locale).errors.strayArgument({ argument: rest[0] ?? "", suggestion: undefined }),
    );
    io.err(usageLine(locale, "help"));
    return 2;
  }
  io.out(commandHelp(localeAtHand(orgFileAtHand(command, [])), command));
  return 0;
}

/** The command `args` start with and the arguments after it, or the exit code of a typo. */
function commandOf(args: string[], io: CliIo): [CommandName, string[]] | number {
  const [first = "", second, ...rest] = args;
  if (first === "org") {
    if (second === "check" || second === "import") return [`org ${second}`, rest];
    const locale = localeAtHand(envOrgPath());
    const usages = [usageLine(locale, "org check"), usageLine(locale, "org import")];
    if (second !== undefined && asksForHelp([second])) {
      io.out(usages.join("\n"));
      return 0;
    }
    const words = cliCatalog(locale);
    io.err(
      second === undefined || second.startsWith("-")
        ? words.errors.orgWhich
        : words.errors.unknownCommand({
            command: `org ${second}`,
            suggestion: closest(second, ["check", "import"], (c) => `org ${c}`),
          }),
    );
    for (const line of usages) io.err(line);
    return 2;
  }
  if (first === "teams") {
    if (second === "package") return ["teams package", rest];
    const locale = localeAtHand(envOrgPath());
    if (second !== undefined && asksForHelp([second])) {
      io.out(commandHelp(locale, "teams package"));
      return 0;
    }
    const words = cliCatalog(locale);
    io.err(
      second === undefined || second.startsWith("-")
        ? words.teamsPackage.which
        : words.errors.unknownCommand({
            command: `teams ${second}`,
            suggestion: closest(second, ["package"], (c) => `teams ${c}`),
          }),
    );
    io.err(usageLine(locale, "teams package"));
    return 2;
  }
  const simple = commandNames.find((name) => name === first);
  if (simple !== undefined) return [simple, args.slice(1)];
  const words = cliCatalog(localeAtHand(envOrgPath()));
  const firstWords = [...new Set(commandNames.map((name) => name.split(" ")[0] ?? name))];
  io.err(words.errors.unknownCommand({ command: first, suggestion: closest(first, firstWords) }));
  io.err(words.errors.seeHelp);
  return 2;
}
