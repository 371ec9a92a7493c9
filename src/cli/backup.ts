/** `bomba backup FILE`: a consistent copy of the live database, taken while the bot runs. */
import { existsSync } from "node:fs";
import { parseEnv } from "../config/env.ts";
import { closeDatabase, openDatabase } from "../store/database.ts";
import type { CliIo } from "./io.ts";

/** Writes an online backup of BOMBA_DB to FILE (SQLite's backup API: readers and writers go on). */
export async function runBackup(args: string[], io: CliIo): Promise<number> {
  const target = args[0];
  if (target === undefined || args.length > 1) {
    io.err("usage: bomba backup FILE");
    return 2;
  }
  const env = parseEnv(process.env);
  if (!env.ok) {
    io.err(env.error);
    return 2;
  }
  if (!existsSync(env.env.BOMBA_DB)) {
    io.err(`BOMBA_DB: no database at ${env.env.BOMBA_DB}`);
    return 1;
  }
  if (existsSync(target)) {
    io.err(`${target}: already exists; choose a new file`);
    return 1;
  }
  const db = openDatabase(env.env.BOMBA_DB);
  try {
    const { totalPages } = await db.$client.backup(target);
    io.out(`${target}: ${totalPages} pages copied from ${env.env.BOMBA_DB}`);
    return 0;
  } finally {
    closeDatabase(db);
  }
}
