/**
 * Opens the PostgreSQL database: a node-postgres pool that survives a lost connection, the
 * committed migrations applied once however many instances start together, and the retry every
 * transaction goes through.
 */
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { packagePath } from "../../package-root.ts";
import { DatabaseUnreachable, SchemaBehind, shownUrl } from "../database-url.ts";
import * as schema from "./schema.ts";

/** The drizzle handle over the PostgreSQL schema. */
export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

/** A transaction on it (drizzle's; `transaction` on it opens a savepoint). */
export type PgTx = Parameters<Parameters<PgDb["transaction"]>[0]>[0];

/** Anything that runs queries: the pool or a transaction. */
export type PgExec = PgDb | PgTx;

const migrationsFolder = packagePath("db/migrations/postgres");

/**
 * The session advisory lock held while migrating ("bomb" in ASCII): every instance uses the same
 * number, so two started together migrate one after the other and the second finds nothing to do.
 */
const migrationLock = 0x626f6d62;

/** How the PostgreSQL store is opened. */
export interface PgOpenOptions {
  /** Connections in the pool (10). */
  poolSize?: number;
  /** Told, in one line, about a lost connection or a transaction that is tried again. */
  onTrouble?: (line: string) => void;
  /**
   * Read only (a report): nothing is written, not even a migration. The schema must be up to
   * date (else `SchemaBehind`), and every session is read-only, so a write would fail loudly.
   */
  readOnly?: boolean;
}

/**
 * Connects to `url`, applies the committed migrations under the advisory lock, and returns the
 * drizzle handle over a pool. Throws (one clear error) when the database cannot be reached.
 */
export async function openPgDatabase(url: string, options: PgOpenOptions = {}): Promise<PgDb> {
  const onTrouble = options.onTrouble ?? ((line: string) => console.warn(line));
  const readOnly = options.readOnly === true;
  await withClient(url, readOnly ? requireMigrated : migrateLocked);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    // A statement or an open transaction stuck this long is a fault, not work: end it.
    statement_timeout: 30_000,
    idle_in_transaction_session_timeout: 60_000,
    application_name: "bomba",
    ...(readOnly ? { options: "-c default_transaction_read_only=on" } : {}),
  });
  // Without these, an idle connection the server drops (a restart, a failover) throws an
  // 'error' event nobody listens to, and node ends the process.
  pool.on("error", (error) => onTrouble(`bomba: database connection lost: ${error.message}`));
  pool.on("connect", (client) => {
    client.on("error", () => {
      // Reported by the pool's handler above; the query that used it fails and is retried.
    });
  });
  return drizzle(pool, { schema, casing: "snake_case" }) as PgDb;
}

/**
 * Runs `fn` on one dedicated connection to `url`, ended afterwards; a server that cannot be
 * reached is a `DatabaseUnreachable`.
 */
async function withClient(
  url: string,
  fn: (client: pg.Client, url: string) => Promise<void>,
): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {
    // The query in flight fails and says why.
  });
  try {
    await client.connect();
  } catch (error) {
    // Start-up says it in one line: the server is down, the name is wrong, the password too.
    const root = rootError(error);
    throw new DatabaseUnreachable(shownUrl(url), root?.message || root?.code || String(error));
  }
  try {
    await fn(client, url);
  } finally {
    // Ending the session releases any advisory lock too, also when this process dies meanwhile.
    await client.end().catch(() => {});
  }
}

/** Applies the migrations, holding the migration lock meanwhile. */
async function migrateLocked(client: pg.Client): Promise<void> {
  await client.query("SELECT pg_advisory_lock($1)", [migrationLock]);
  await migrate(drizzle(client), { migrationsFolder });
}

/**
 * Throws `SchemaBehind` unless every committed migration is applied: drizzle records each in
 * `drizzle.__drizzle_migrations` with its folder's timestamp, and applies those newer than the
 * last one recorded.
 */
async function requireMigrated(client: pg.Client, url: string): Promise<void> {
  const newest = Math.max(
    0,
    ...readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis),
  );
  const table = await client.query<{ found: string | null }>(
    "SELECT to_regclass('drizzle.__drizzle_migrations')::text AS found",
  );
  let applied = 0;
  if (table.rows[0]?.found) {
    const last = await client.query<{ at: string | null }>(
      "SELECT max(created_at)::text AS at FROM drizzle.__drizzle_migrations",
    );
    applied = Number(last.rows[0]?.at ?? 0);
  }
  if (applied < newest) throw new SchemaBehind(shownUrl(url));
}

/** The pg (or socket) error under drizzle's wrapping. */
export function rootError(error: unknown): { code?: string; message?: string } | undefined {
  let current: unknown = error;
  for (let i = 0; i < 6 && typeof current === "object" && current !== null; i++) {
    if (current instanceof AggregateError && current.errors.length > 0) {
      current = current.errors[0];
      continue;
    }
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (code !== undefined || cause === undefined) break;
    current = cause;
  }
  return typeof current === "object" && current !== null
    ? (current as { code?: string; message?: string })
    : undefined;
}

const rerunCodes = new Set(["40001", "40P01"]);
const connectionCodes = new Set([
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);

/**
 * What a failed transaction calls for: `rerun` (a serialization failure or deadlock: the whole
 * transaction again), `connection` (lost or refused: again after a wait), `fatal` (a bug, a
 * constraint: the caller hears of it).
 */
export function classifyPgError(error: unknown): "rerun" | "connection" | "fatal" {
  const root = rootError(error);
  const code = typeof root?.code === "string" ? root.code : undefined;
  if (code !== undefined && rerunCodes.has(code)) return "rerun";
  if (code !== undefined && connectionCodes.has(code)) return "connection";
  // node-postgres says these without a code.
  if (
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      root?.message ?? "",
    )
  ) {
    return "connection";
  }
  return "fatal";
}

/** Runs `fn` (a whole transaction), again with jittered back-off while it fails for a passing cause. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  onTrouble: (line: string) => void,
  tries = 8,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const kind = classifyPgError(error);
      if (kind === "fatal" || attempt >= tries) throw error;
      const wait = Math.min(5_000, 50 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      if (kind === "connection") {
        const root = rootError(error);
        onTrouble(
          `bomba: database unreachable (${root?.code ?? root?.message ?? "?"}), retry ${attempt} in ${Math.round(wait)} ms`,
        );
      }
      await new Promise((done) => setTimeout(done, wait));
    }
  }
}
