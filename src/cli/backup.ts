/** `bomba backup FILE`: a consistent copy of the live database, taken while the bot runs. */
import { accessSync, constants, lstatSync, statSync, unlinkSync } from "node:fs";
import { dirname } from "node:path";
import { type CliCatalog, cliCatalog } from "../i18n/cli-catalog.ts";
import { codeOf } from "../store/database-path.ts";
import { isPostgresUrl } from "../store/database-url.ts";
import { openSqliteStore } from "../store/sqlite/store.ts";
import { loadEnv } from "./args.ts";
import { orgFileAtHand } from "./commands.ts";
import type { CliIo } from "./io.ts";
import { localeAtHand } from "./locale.ts";
import { reasonText } from "./refusals.ts";
import { readArguments } from "./usage.ts";

/** Writes an online backup of BOMBA_DB to FILE (SQLite's backup API: readers and writers go on). */
export async function runBackup(args: string[], io: CliIo): Promise<number> {
  const parsed = readArguments("backup", args, io);
  if (typeof parsed === "number") return parsed;
  const target = parsed.positionals[0] ?? "";
  const said = cliCatalog(localeAtHand(orgFileAtHand("backup", args)));
  // Before the file is looked at: on PostgreSQL no file would be the backup.
  if (isPostgresUrl(process.env.BOMBA_DB ?? "")) {
    io.err(said.backup.postgres());
    return 2;
  }
  const refusal = targetProblem(said, target);
  if (refusal !== null) {
    io.err(refusal);
    return 1;
  }
  const env = loadEnv(io);
  if (typeof env === "number") return env;
  const store = openSqliteStore(env.BOMBA_DB, { readOnly: true });
  try {
    const { totalPages } = await store.backup(target);
    io.out(said.backup.done({ file: target, source: env.BOMBA_DB, pages: totalPages }));
    return 0;
  } catch (error) {
    // Whatever the failed copy left is not a backup; the name was free before we began.
    try {
      unlinkSync(target);
    } catch {}
    io.err(said.backup.cannotWrite({ file: target, reason: reasonText(said, codeOf(error)) }));
    return 1;
  } finally {
    await store.close();
  }
}

/** Why the copy cannot go to `target`, checked before anything is opened; null when it can. */
function targetProblem(said: CliCatalog, target: string): string | null {
  try {
    lstatSync(target);
    return said.backup.exists({ file: target });
  } catch {}
  const folder = dirname(target);
  try {
    if (!statSync(folder).isDirectory()) return said.backup.notFolder({ file: target, folder });
  } catch {
    return said.backup.noFolder({ file: target, folder });
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    return said.backup.cannotWrite({ file: target, reason: reasonText(said, codeOf(error)) });
  }
  return null;
}
