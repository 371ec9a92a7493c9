/**
 * Which store BOMBA_DB names: a `postgres://` (or `postgresql://`) URL opens PostgreSQL, anything
 * else is a SQLite file as before. The PostgreSQL driver is loaded only when asked for.
 */
import { isPostgresUrl } from "./database-url.ts";
import { type OpenOptions, SERVER_PAGE_CACHE_KIB } from "./sqlite/database.ts";
import { openSqliteStore } from "./sqlite/store.ts";
import type { Store } from "./store.ts";

/**
 * Opens the store `target` names, migrated. SQLite takes `options` (read only, a scratch copy);
 * on PostgreSQL a read-only open writes nothing, not even a migration: its schema must already
 * be up to date (else `SchemaBehind`), and its sessions are read-only.
 */
export async function openStore(target: string, options: OpenOptions = {}): Promise<Store> {
  if (!isPostgresUrl(target)) return openSqliteStore(target, options);
  const { openPostgresStore } = await import("./postgres/store.ts");
  return openPostgresStore(target, { readOnly: options.readOnly === true });
}

/**
 * Opens the store of a process that stays up (`bomba serve`, Slack or Teams): as `openStore`,
 * with SQLite's page cache bounded at `SERVER_PAGE_CACHE_KIB` instead of better-sqlite3's larger
 * default. PostgreSQL keeps its pages in its own server.
 */
export function openServerStore(target: string): Promise<Store> {
  return openStore(target, { pageCacheKiB: SERVER_PAGE_CACHE_KIB });
}
