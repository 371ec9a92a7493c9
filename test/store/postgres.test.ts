/**
 * What only the PostgreSQL store has: instances starting together migrate once (the advisory
 * lock), a database with bombs written before a migration opens migrated with nothing lost, a
 * database that stops answering makes `healthy` false (so /healthz answers 503), and which
 * errors rerun a transaction. The server cases run when `BOMBA_TEST_PG` names a server.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportBomb } from "../../src/app/bomb-actions.ts";
import { classifyPgError, type PgDb } from "../../src/store/postgres/database.ts";
import * as schema from "../../src/store/postgres/schema.ts";
import { openPostgresStore, PostgresStore } from "../../src/store/postgres/store.ts";
import { tempDir } from "../fixtures/bomb-db.ts";
import { CALENDAR, complaint, HOUR, MONDAY_10, ORG, P } from "../fixtures/org-chart.ts";
import { scratchPostgresDatabase } from "../fixtures/store-backends.ts";

const migrations = join(import.meta.dirname, "../../db/migrations/postgres");
const journal = JSON.parse(readFileSync(join(migrations, "meta/_journal.json"), "utf8")) as {
  entries: { tag: string }[];
};

describe("which PostgreSQL errors are passing", () => {
  const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
  const wrapped = (cause: unknown) => Object.assign(new Error("Failed query: …"), { cause });

  it("a serialization failure or a deadlock reruns the transaction, even wrapped by drizzle", () => {
    expect(classifyPgError(wrapped(pgError("40001")))).toBe("rerun");
    expect(classifyPgError(wrapped(pgError("40P01")))).toBe("rerun");
  });

  it("a lost or refused connection is waited out", () => {
    expect(classifyPgError(pgError("57P01"))).toBe("connection");
    expect(classifyPgError(wrapped(pgError("ECONNREFUSED")))).toBe("connection");
    expect(classifyPgError(new Error("Connection terminated unexpectedly"))).toBe("connection");
    expect(
      classifyPgError(new AggregateError([pgError("ECONNREFUSED"), pgError("ECONNREFUSED")])),
    ).toBe("connection");
  });

  it("a constraint, a syntax error or a bug is the caller's to hear", () => {
    expect(classifyPgError(wrapped(pgError("23505")))).toBe("fatal");
    expect(classifyPgError(pgError("42601"))).toBe("fatal");
    expect(classifyPgError(pgError("08P01"))).toBe("fatal");
    expect(classifyPgError(new TypeError("x is undefined"))).toBe("fatal");
  });
});

const server = process.env.BOMBA_TEST_PG;
if (server) {
  describe("the PostgreSQL store on a server", () => {
    const scratch = scratchPostgresDatabase(server, "pgstore");
    beforeAll(() => scratch.create());
    afterAll(() => scratch.drop());

    it("three instances starting together migrate once, and all open", async () => {
      const stores = await Promise.all(
        [1, 2, 3].map(() => openPostgresStore(scratch.url, { poolSize: 2, onTrouble: () => {} })),
      );
      try {
        const applied = await stores[0]?.db.$client.query(
          "SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations",
        );
        expect(applied?.rows[0]).toEqual({ n: journal.entries.length });
        for (const store of stores) expect(await store.healthy()).toBe(true);
      } finally {
        for (const store of stores) await store.close();
      }
    });

    it("a database with bombs, migrated before the open-list indexes, opens migrated and lists them as before", async () => {
      const before = scratchPostgresDatabase(server, "pgbefore");
      const dir = tempDir("bomba-pg-migrations-");
      await before.create();
      try {
        // The committed migrations up to the first, applied as a release that had only it did.
        mkdirSync(join(dir.path, "meta"));
        const first = journal.entries.slice(0, 1);
        for (const { tag } of first)
          copyFileSync(join(migrations, `${tag}.sql`), join(dir.path, `${tag}.sql`));
        writeFileSync(
          join(dir.path, "meta/_journal.json"),
          JSON.stringify({ ...journal, entries: first }),
        );
        const pool = new pg.Pool({ connectionString: before.url, max: 1 });
        let lists: unknown[];
        try {
          await migrate(drizzle(pool), { migrationsFolder: dir.path });
          const old = new PostgresStore(drizzle(pool, { schema, casing: "snake_case" }) as PgDb);
          const svc = { store: old, org: ORG, calendar: CALENDAR };
          for (const [at, departmentId] of [
            [MONDAY_10 + HOUR, "logistica"],
            [MONDAY_10, "logistica"],
            [MONDAY_10, "comercial"],
          ] as const) {
            const opened = await reportBomb(
              svc,
              { person: P.ana, now: at, via: "system" },
              complaint({ departmentId, customer: `VIP ${at}` }),
            );
            expect(opened.ok).toBe(true);
          }
          await reportBomb(svc, { person: P.jorge, now: MONDAY_10, via: "system" }, complaint());
          const indexes = await pool.query(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'bombs_open%'",
          );
          expect(indexes.rows).toEqual([]);
          lists = await listsOf(old);
        } finally {
          await pool.end();
        }
        const store = await openPostgresStore(before.url, { poolSize: 1, onTrouble: () => {} });
        try {
          const indexes = await store.db.$client.query(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'bombs_open%' ORDER BY 1",
          );
          expect(indexes.rows.map((r) => r.indexname)).toEqual([
            "bombs_open",
            "bombs_open_department",
            "bombs_open_holder",
          ]);
          expect(await listsOf(store)).toEqual(lists);
          expect((lists[0] as unknown[]).length).toBe(4);
        } finally {
          await store.close();
        }
      } finally {
        await before.drop();
        dir.remove();
      }
    });

    it("healthy is false while the database cannot be reached", async () => {
      const pool = new pg.Pool({
        connectionString: "postgres://bomba:bomba@127.0.0.1:1/bomba",
        connectionTimeoutMillis: 1_000,
      });
      pool.on("error", () => {});
      const store = new PostgresStore(drizzle(pool, { schema }) as PgDb, () => {});
      try {
        expect(await store.healthy()).toBe(false);
      } finally {
        await store.close();
      }
    });

    it("a connection the server cut does not end the process; the next read takes another", async () => {
      const lines: string[] = [];
      const store = await openPostgresStore(scratch.url, {
        poolSize: 1,
        onTrouble: (line) => lines.push(line),
      });
      try {
        expect(await store.orgRevision()).toBe(0);
        // The server ends the pool's one connection, as a restart or a failover would.
        const admin = new pg.Client({ connectionString: scratch.url });
        await admin.connect();
        const terminated = await admin.query(
          `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()
             AND application_name = 'bomba') AS cut`,
        );
        await admin.end();
        expect(terminated.rows[0]).toEqual({ n: 1 });
        expect(await store.orgRevision()).toBe(0);
        expect(await store.healthy()).toBe(true);
      } finally {
        await store.close();
      }
    });

    it("a report without source key whose COMMIT went through but whose answer was lost is stored once", async () => {
      // Migrated first, by the store itself.
      await (await openPostgresStore(scratch.url, { poolSize: 1, onTrouble: () => {} })).close();
      const pool = new pg.Pool({ connectionString: scratch.url, max: 1 });
      pool.on("error", () => {});
      // The server commits; the answer never arrives (the connection drops just then), once.
      let cutAtCommit = true;
      pool.on("connect", (client) => {
        const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
        (client as unknown as { query: unknown }).query = async (...args: unknown[]) => {
          const first = args[0] as string | { text?: string };
          const text = typeof first === "string" ? first : first?.text;
          const result = await query(...args);
          if (cutAtCommit && /^\s*commit\s*;?\s*$/i.test(String(text))) {
            cutAtCommit = false;
            throw new Error("Connection terminated unexpectedly");
          }
          return result;
        };
      });
      const lines: string[] = [];
      const store = new PostgresStore(
        drizzle(pool, { schema, casing: "snake_case" }) as PgDb,
        (line) => lines.push(line),
      );
      try {
        const count = async () =>
          Number(
            (await pool.query("SELECT count(*)::int AS n FROM bombs")).rows[0]?.n ?? Number.NaN,
          );
        const before = await count();
        const result = await reportBomb(
          { store, org: ORG, calendar: CALENDAR },
          { person: P.ana, now: MONDAY_10, via: "system" },
          complaint({ departmentId: "logistica", customer: "VIP sin clave" }),
        );
        expect(cutAtCommit).toBe(false);
        expect(result.ok).toBe(true);
        expect(await count()).toBe(before + 1);
        if (result.ok) expect(await store.loadBomb(result.bomb.id)).toEqual(result.bomb);
      } finally {
        await store.close();
      }
    });
  });
}

/** Every open list and count `/bomba list` may ask for of the test's bombs. */
async function listsOf(store: PostgresStore): Promise<unknown[]> {
  return [
    await store.listOpenBombs({ all: true }),
    await store.listOpenBombs({ all: true }, 2),
    await store.listOpenBombs({ holder: P.nacho }),
    await store.listOpenBombs({ department: "comercial" }),
    await store.countOpenBombs({ all: true }),
    await store.countOpenBombs({ holder: P.nacho }),
    await store.countOpenBombs({ department: "logistica" }),
  ];
}
