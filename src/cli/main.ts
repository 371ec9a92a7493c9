/**
 * The `bomba` command line: one function per command, each returning its exit code. Nothing a
 * user types makes it throw a stack trace at them.
 */
import { runBackup } from "./backup.ts";
import { type CliIo, processIo } from "./io.ts";
import { runOrgCheck } from "./org-check.ts";
import { runOrgImport } from "./org-import.ts";
import { runReport } from "./report.ts";
import { runServe } from "./serve.ts";
import { runSimulate } from "./simulate.ts";
import { runTick } from "./tick.ts";

const usage = `bomba — correo bomba for Slack

  bomba serve
  bomba simulate [--org FILE] [--department ID] [--start ISO] [--json]
  bomba tick [--at ISO] [--dry-run]
  bomba org check [FILE]
  bomba org import [FILE]
  bomba report [--quarter 2026-Q4] [--format md|csv]
  bomba backup FILE
  bomba help

Environment: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL, PORT,
BOMBA_DB (./data/bomba.db), BOMBA_ORG (./org.yaml), LOG_LEVEL (see .env.example).`;

/** Runs the command line `args` and returns the exit code. */
export async function main(args: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case "simulate":
        return runSimulate(rest, io);
      case "tick":
        return await runTick(rest, io);
      case "serve":
        return await runServe(rest, io);
      case "backup":
        return await runBackup(rest, io);
      case "report":
        return runReport(rest, io);
      case "org":
        if (rest[0] === "check") return runOrgCheck(rest.slice(1), io);
        if (rest[0] === "import") return await runOrgImport(rest.slice(1), io);
        io.err(`unknown org command: ${rest[0] ?? "(none)"}\n\n${usage}`);
        return 2;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(usage);
        return 0;
      default:
        io.err(`unknown command: ${command}\n\n${usage}`);
        return 2;
    }
  } catch (error) {
    // A bug, not a user error: say so in one line; the stack only on request.
    io.err(
      `bomba ${command}: internal error: ${error instanceof Error ? error.message : String(error)}`,
    );
    if (process.env.LOG_LEVEL === "debug" && error instanceof Error && error.stack)
      io.err(error.stack);
    return 70;
  }
}
