/**
 * The database an end-to-end run gives `bomba serve` (its BOMBA_DB): a SQLite file in the run's
 * folder, or, when the run is the PostgreSQL one (`BOMBA_E2E_DB=postgres`, set by the vitest
 * project "e2e-postgres"), a fresh database of its own on the server `BOMBA_TEST_PG` names,
 * dropped at the end. The suites read it through `all`, in SQL both dialects take.
 */
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { scratchPostgresDatabase } from "../fixtures/store-backends.ts";
import { type SyncPg, syncPg } from "../support/pg-sync.ts";

/** Which database the end-to-end suites run on in this process. */
export type E2eDatabaseKind = "sqlite" | "postgres";

/** The kind this run uses: PostgreSQL when the vitest project asks for it, else SQLite. */
export function e2eDatabaseKind(): E2eDatabaseKind {
  return process.env.BOMBA_E2E_DB === "postgres" ? "postgres" : "sqlite";
}

/** A run's database: what BOMBA_DB says, synchronous reads, and its removal. */
export interface TestDatabase {
  kind: E2eDatabaseKind;
  /** The value of BOMBA_DB: a file path, or a postgres:// URL. */
  target: string;
  /**
   * The rows of `sql`, a read with `?` placeholders in SQL both dialects understand; count
   * columns come back as numbers on both.
   */
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): T[];
  /** Closes the reads and removes the database (the PostgreSQL one is dropped). */
  remove(): Promise<void>;
}

/**
 * Makes the database of one run in `dir` (`label` names a PostgreSQL one, to find it in
 * `\l` if a run is left behind).
 */
export async function createTestDatabase(
  dir: string,
  label = "e2e",
  kind: E2eDatabaseKind = e2eDatabaseKind(),
): Promise<TestDatabase> {
  if (kind === "sqlite") {
    const file = join(dir, "bomba.db");
    return {
      kind,
      target: file,
      all<T>(sql: string, params: unknown[] = []): T[] {
        const db = new Sqlite(file, { readonly: true, fileMustExist: true });
        try {
          return db.prepare(sql).all(...params) as T[];
        } finally {
          db.close();
        }
      },
      async remove() {},
    };
  }
  const server = process.env.BOMBA_TEST_PG;
  if (!server) {
    throw new Error("BOMBA_E2E_DB=postgres needs BOMBA_TEST_PG, the server to make databases on");
  }
  const scratch = scratchPostgresDatabase(server, label);
  await scratch.create();
  let reads: SyncPg | undefined;
  return {
    kind,
    target: scratch.url,
    all<T>(sql: string, params: unknown[] = []): T[] {
      reads ??= syncPg(scratch.url);
      let n = 0;
      const rows = reads.query<Record<string, unknown>>(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      );
      // count(*) is a bigint, which pg gives as a string; SQLite gives a number.
      return rows.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [
            k,
            typeof v === "string" && /^(n|count)$/.test(k) ? Number(v) : v,
          ]),
        ),
      ) as T[];
    },
    async remove() {
      await reads?.close();
      await scratch.drop();
    },
  };
}
