/**
 * The command line on a PostgreSQL BOMBA_DB: `backup` refuses and names pg_dump (exit 2), a
 * database that cannot be reached is one line (exit 1, no password shown), `tick --dry-run` says
 * it needs a SQLite file; and, when `BOMBA_TEST_PG` names a server, `tick` works on it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordingIo } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import { openStore } from "../../src/store/open-store.ts";
import { tempDir, writeOrgFile } from "../fixtures/bomb-db.ts";
import { scratchPostgresDatabase } from "../fixtures/store-backends.ts";

// Nothing listens on port 1: a connection there is refused at once.
const NOWHERE = "postgres://bomba:s3cret@127.0.0.1:1/bomba";

describe("bomba on a PostgreSQL BOMBA_DB", () => {
  let dir: ReturnType<typeof tempDir>;
  const saved = { ...process.env };

  beforeEach(() => {
    dir = tempDir();
    process.env = { PATH: saved.PATH ?? "", BOMBA_DB: NOWHERE, BOMBA_ORG: writeOrgFile(dir.path) };
  });

  afterEach(() => {
    process.env = { ...saved };
    dir.remove();
  });

  it("backup says to use pg_dump, exits 2 and writes no file", async () => {
    const io = recordingIo();
    const file = join(dir.path, "copy.db");
    expect(await main(["backup", file], io)).toBe(2);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/pg_dump/);
    expect(existsSync(file)).toBe(false);
  });

  it("a database that cannot be reached is one line, without the password", async () => {
    const io = recordingIo();
    expect(await main(["tick", "--at", "2026-11-16T12:00:00+01:00"], io)).toBe(1);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(
      /^BOMBA_DB es postgres:\/\/bomba:\*\*\*@127\.0\.0\.1:1\/bomba, que no responde \(/,
    );
    expect(io.stderr[0]).not.toContain("s3cret");
  });

  it("tick --dry-run says it needs a SQLite file", async () => {
    const io = recordingIo();
    expect(await main(["tick", "--dry-run"], io)).toBe(2);
    expect(io.stderr).toEqual([
      "tick --dry-run solo funciona con un fichero SQLite; con PostgreSQL ejecute tick sin él, o use bomba simulate",
    ]);
  });

  const server = process.env.BOMBA_TEST_PG;
  if (server) {
    it("tick puts the org in force on PostgreSQL, once", async () => {
      const scratch = scratchPostgresDatabase(server, "cli");
      await scratch.create();
      try {
        process.env.BOMBA_DB = scratch.url;
        const io = recordingIo();
        expect(await main(["tick", "--at", "2026-11-16T12:00:00+01:00"], io)).toBe(0);
        expect(io.stderr).toEqual([]);
        expect(io.stdout[0]).toMatch(/revisión 1 del organigrama/);
        const again = recordingIo();
        expect(await main(["tick", "--at", "2026-11-16T12:05:00+01:00"], again)).toBe(0);
        expect(again.stdout.some((l) => /revisión/.test(l))).toBe(false);
        const store = await openStore(scratch.url);
        try {
          expect(await store.orgRevision()).toBe(1);
        } finally {
          await store.close();
        }
      } finally {
        await scratch.drop();
      }
    });

    /** The tables of the database at `url` (the schema `public` and drizzle's own). */
    async function tablesOf(url: string): Promise<string[]> {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const rows = await client.query(
          `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
           WHERE table_schema IN ('public', 'drizzle') ORDER BY 1`,
        );
        return rows.rows.map((r: { name: string }) => r.name);
      } finally {
        await client.end();
      }
    }

    it("report, a read-only command, writes no schema: an empty database is one line, exit 1", async () => {
      const scratch = scratchPostgresDatabase(server, "report");
      await scratch.create();
      try {
        process.env.BOMBA_DB = scratch.url;
        const io = recordingIo();
        expect(await main(["report", "--quarter", "2026-Q3"], io)).toBe(1);
        expect(io.stdout).toEqual([]);
        expect(io.stderr).toHaveLength(1);
        expect(io.stderr[0]).toMatch(/^BOMBA_DB es postgres:\/\/bomba:\*\*\*@.*bomba serve/);
        expect(await tablesOf(scratch.url)).toEqual([]);
      } finally {
        await scratch.drop();
      }
    });

    it("report reads an up-to-date database in a read-only session", async () => {
      const scratch = scratchPostgresDatabase(server, "report");
      await scratch.create();
      try {
        process.env.BOMBA_DB = scratch.url;
        expect(await main(["tick", "--at", "2026-11-16T12:00:00+01:00"], recordingIo())).toBe(0);
        const tables = await tablesOf(scratch.url);
        const io = recordingIo();
        expect(await main(["report", "--quarter", "2026-Q3"], io)).toBe(0);
        expect(io.stderr).toEqual([]);
        expect(io.stdout.join("\n")).toMatch(/2026-Q3/);
        expect(await tablesOf(scratch.url)).toEqual(tables);
      } finally {
        await scratch.drop();
      }
    });
  }
});
