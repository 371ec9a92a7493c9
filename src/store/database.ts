/**
 * Opens the SQLite file with the settings a long-running bot needs, and brings its schema up to
 * date with the committed drizzle-kit migrations.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Sqlite from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema.ts";

/** The drizzle handle over our schema. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Sqlite.Database };

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), "../../db/migrations");

/** Opens (creating if needed) the database at `path`, or in memory for ":memory:", migrated. */
export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const client = new Sqlite(path);
  // WAL lets the digest read while a pass writes; the busy timeout lets two processes take turns
  // instead of failing; NORMAL is durable across a process crash, which is our failure model.
  client.pragma("journal_mode = WAL");
  client.pragma("synchronous = NORMAL");
  client.pragma("foreign_keys = ON");
  client.pragma("busy_timeout = 5000");
  const db = drizzle(client, { schema });
  migrate(db, { migrationsFolder });
  return db;
}

/** Closes the underlying connection. */
export function closeDatabase(db: Db): void {
  if (db.$client.open) db.$client.close();
}
