/**
 * Opens the SQLite file with the settings a long-running bot needs, and brings its schema up to
 * date with the committed drizzle-kit migrations.
 */
import Sqlite from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { packagePath } from "../../package-root.ts";
import {
  codeOf,
  DatabasePathError,
  inspectDatabasePath,
  makeParentFolders,
} from "../database-path.ts";
import * as schema from "../schema.ts";
import { dataStepsPending, runDataSteps } from "./data-steps.ts";

/** The drizzle handle over our schema. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Sqlite.Database };

const migrationsFolder = packagePath("db/migrations");

/** How a command uses the database: it may create and migrate it, or only read it. */
export interface OpenOptions {
  /**
   * Read only (a report, a dry run, the source of a backup): the database must exist, and
   * nothing is written to it, not even a migration; an out-of-date one is migrated in a copy in
   * memory.
   */
  readOnly?: boolean;
  /**
   * With `readOnly`: work on a copy in memory, which may be written (a dry run plays the changes
   * it plans, then throws them away), whatever the file's state.
   */
  scratch?: boolean;
  /**
   * The most the connection's page cache holds, in KiB; better-sqlite3's own bound otherwise
   * (see `SERVER_PAGE_CACHE_KIB`).
   */
  pageCacheKiB?: number;
}

/**
 * The page cache of a process that stays up (`serve`), in KiB: SQLite's own default.
 * better-sqlite3 builds SQLite with 16,000 KiB per connection instead, and `serve` filled most of
 * it: on the bench's 10,000 open bombs (a 17 MB file, 7.7 MB of it the bombs table) its one
 * connection held 11.8 MB of pages (heaptrack), 8 to 10 MB of the resident set once started and
 * at the peak under load, for no CPU that `bench/ack-cpu.ts` could tell apart (lists and accept
 * clicks read their partial indexes and the few bombs `ParsedBombs` has not kept; the file's
 * other pages stay in the system's cache). Short-lived commands keep better-sqlite3's bound: a
 * pass over 20,000 due bombs of 100,000 ran ~10 % slower with this one (5,218 vs 4,551
 * escalations/s, medians of 3, noisy).
 */
export const SERVER_PAGE_CACHE_KIB = 2000;

/**
 * Opens (creating if needed, unless read-only) the database at `path`, or in memory for
 * ":memory:", migrated. A path that cannot hold a database throws a `DatabasePathError` before
 * anything is written.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const readOnly = options.readOnly === true;
  if (path !== ":memory:") {
    const problem = inspectDatabasePath(path, readOnly);
    if (problem !== null) throw new DatabasePathError(problem);
    if (!readOnly) makeParentFolders(path);
  }
  let client = connect(path, readOnly, options.pageCacheKiB);
  if (
    readOnly &&
    (options.scratch === true || migrationsPending(client) || dataStepsPending(client))
  ) {
    // Migrating (or rehearsing) would write to a file we promised to leave alone: a copy instead.
    const copy = inMemoryCopy(client);
    client.close();
    client = copy;
  }
  const db = drizzle(client, { schema });
  migrate(db, { migrationsFolder });
  // After the SQL: the data it cannot move (see `data-steps.ts`).
  runDataSteps(client);
  return db;
}

/**
 * A writable copy in memory of an open database. The bot's files are in WAL mode, which the
 * header says in bytes 18 and 19; a copy in memory has no WAL file to open, so it is told it
 * uses the rollback journal, or its first write fails with SQLITE_CANTOPEN.
 */
function inMemoryCopy(client: Sqlite.Database): Sqlite.Database {
  const bytes = client.serialize();
  bytes[18] = 1;
  bytes[19] = 1;
  const copy = new Sqlite(bytes);
  copy.pragma("foreign_keys = ON");
  return copy;
}

/** The connection with our settings; SQLite's refusals become a `DatabasePathError`. */
function connect(path: string, readOnly: boolean, pageCacheKiB?: number): Sqlite.Database {
  let client: Sqlite.Database | undefined;
  try {
    client = new Sqlite(path, { fileMustExist: readOnly });
    // WAL lets the digest read while a pass writes; the busy timeout lets two processes take
    // turns instead of failing; NORMAL is durable across a process crash, which is our failure
    // model. A reader leaves the journal mode as it is: changing it writes the file.
    if (!readOnly) client.pragma("journal_mode = WAL");
    client.pragma("synchronous = NORMAL");
    client.pragma("foreign_keys = ON");
    client.pragma("busy_timeout = 5000");
    // A negative cache_size is a bound in KiB rather than in pages.
    if (pageCacheKiB !== undefined) client.pragma(`cache_size = ${-Math.round(pageCacheKiB)}`);
    // Reads the schema: a file that is not a database fails here rather than in a query.
    client.prepare("SELECT count(*) FROM sqlite_master").get();
    return client;
  } catch (error) {
    client?.close();
    if (!(error instanceof Sqlite.SqliteError)) throw error;
    if (error.code === "SQLITE_NOTADB" || error.code.startsWith("SQLITE_CORRUPT")) {
      throw new DatabasePathError({ code: "notDatabase", path, orgFile: false });
    }
    throw new DatabasePathError({ code: "cannotOpen", path, reason: codeOf(error) });
  }
}

/** Whether the committed migrations go beyond what the database has applied. */
function migrationsPending(client: Sqlite.Database): boolean {
  const migrations = readMigrationFiles({ migrationsFolder });
  const latest = Math.max(0, ...migrations.map((m) => m.folderMillis));
  const table = client
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (table === undefined) return latest > 0;
  const applied = client
    .prepare("SELECT max(created_at) AS at FROM __drizzle_migrations")
    .get() as {
    at: number | null;
  };
  return (applied.at ?? 0) < latest;
}

/** Closes the underlying connection. */
export function closeDatabase(db: Db): void {
  if (db.$client.open) db.$client.close();
}
