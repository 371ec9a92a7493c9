/**
 * openDatabase and the path checks behind it: a path that cannot hold a database is refused
 * with its reason before anything is written, and a read-only open never writes.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { DatabasePathError, inspectDatabasePath } from "../../src/store/database-path.ts";
import { openServerStore } from "../../src/store/open-store.ts";
import {
  closeDatabase,
  openDatabase,
  SERVER_PAGE_CACHE_KIB,
} from "../../src/store/sqlite/database.ts";
import type { SqliteStore } from "../../src/store/sqlite/store.ts";
import { tempDir } from "../fixtures/bomb-db.ts";

const dir = tempDir("bomba-store-path-");
afterAll(() => dir.remove());

/** The problem `openDatabase` refused `path` with. */
function refusal(path: string, readOnly = false) {
  try {
    closeDatabase(openDatabase(path, { readOnly }));
  } catch (error) {
    if (error instanceof DatabasePathError) return error.problem;
    throw error;
  }
  throw new Error(`${path} was opened`);
}

function folder(name: string): string {
  const path = join(dir.path, name);
  mkdirSync(path);
  return path;
}

const hash = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("openDatabase refuses a path that cannot hold a database", () => {
  it("a folder", () => {
    const path = folder("a-folder");
    expect(refusal(path)).toEqual({ code: "isDirectory", path });
  });

  it("an org file, unchanged afterwards", () => {
    const path = join(folder("yaml"), "org.yaml");
    writeFileSync(path, "company: Acme\n");
    expect(refusal(path)).toEqual({ code: "notDatabase", path, orgFile: true });
    expect(readFileSync(path, "utf8")).toBe("company: Acme\n");
  });

  it("a file with SQLite's header and garbage after it", () => {
    const path = join(folder("garbage"), "bomba.db");
    writeFileSync(path, Buffer.concat([Buffer.from("SQLite format 3\0"), Buffer.alloc(4096, 7)]));
    const before = hash(path);
    expect(refusal(path)).toMatchObject({ code: "notDatabase", path });
    expect(hash(path)).toBe(before);
  });

  it("a link to nowhere, without creating its target", () => {
    const base = folder("link");
    const path = join(base, "bomba.db");
    symlinkSync(join(base, "gone", "bomba.db"), path);
    expect(refusal(path)).toEqual({
      code: "brokenLink",
      path,
      target: join(base, "gone", "bomba.db"),
    });
    expect(readdirSync(base)).toEqual(["bomba.db"]);
  });

  it("a path through a file", () => {
    const base = folder("through-file");
    writeFileSync(join(base, "notes.txt"), "x");
    const path = join(base, "notes.txt", "data", "bomba.db");
    expect(refusal(path)).toEqual({
      code: "parentNotDirectory",
      path,
      parent: join(base, "notes.txt"),
    });
  });

  it("a folder the system will not create, at once (a recursive mkdir spins there)", () => {
    expect(refusal("/proc/x/y.db")).toMatchObject({
      code: "cannotCreateFolder",
      folder: "/proc/x",
    });
  });

  it("read-only: a database that does not exist, creating nothing", () => {
    const base = folder("read-missing");
    const path = join(base, "data", "bomba.db");
    expect(refusal(path, true)).toEqual({ code: "missing", path });
    expect(readdirSync(base)).toEqual([]);
  });

  it("inspects without writing", () => {
    const base = folder("inspect");
    expect(inspectDatabasePath(join(base, "new", "bomba.db"), false)).toBeNull();
    expect(readdirSync(base)).toEqual([]);
  });
});

describe("openDatabase", () => {
  it("creates the folders a new database needs", () => {
    const path = join(folder("create"), "a", "b", "bomba.db");
    const db = openDatabase(path);
    closeDatabase(db);
    expect(inspectDatabasePath(path, true)).toBeNull();
  });

  it("read-only, reads an out-of-date database through a migrated copy, leaving the file as it was", () => {
    const base = folder("old-schema");
    const path = join(base, "bomba.db");
    const old = new Sqlite(path);
    old.exec("CREATE TABLE kept (x INTEGER); INSERT INTO kept VALUES (42);");
    old.close();
    const before = hash(path);
    const db = openDatabase(path, { readOnly: true });
    try {
      expect(db.$client.prepare("SELECT x FROM kept").get()).toEqual({ x: 42 });
      expect(db.$client.prepare("SELECT count(*) AS n FROM bombs").get()).toEqual({ n: 0 });
    } finally {
      closeDatabase(db);
    }
    expect(hash(path)).toBe(before);
    expect(readdirSync(base)).toEqual(["bomba.db"]);
  });
});

describe("openDatabase on a bot's database (WAL), read-only", () => {
  it("reads an out-of-date one through a migrated copy in memory, which can be written", () => {
    // Written by release 0.1.0 (e00cb73): WAL mode, migrations 0000 and 0001 only.
    const base = folder("release-0.1.0");
    const path = join(base, "bomba.db");
    writeFileSync(path, readFileSync(new URL("../fixtures/release-0.1.0.db", import.meta.url)));
    const before = hash(path);
    const db = openDatabase(path, { readOnly: true });
    try {
      expect(db.$client.prepare("SELECT count(*) AS n FROM bombs").get()).toEqual({ n: 7 });
      db.$client.prepare("UPDATE bombs SET updated_at = 0").run();
    } finally {
      closeDatabase(db);
    }
    expect(hash(path)).toBe(before);
    expect(readdirSync(base)).toEqual(["bomba.db"]);
  });

  it("with `scratch`, plays writes on a copy of an up-to-date one and leaves the file alone", () => {
    const base = folder("scratch");
    const path = join(base, "bomba.db");
    closeDatabase(openDatabase(path));
    const before = hash(path);
    const db = openDatabase(path, { readOnly: true, scratch: true });
    try {
      db.$client
        .prepare(
          "INSERT INTO job_runs (job, period, started_at, status) VALUES ('x', 'y', 0, 'queued')",
        )
        .run();
      expect(db.$client.prepare("SELECT count(*) AS n FROM job_runs").get()).toEqual({ n: 1 });
    } finally {
      closeDatabase(db);
    }
    expect(hash(path)).toBe(before);
  });
});

describe("the page cache", () => {
  const cacheSize = (db: ReturnType<typeof openDatabase>) =>
    db.$client.pragma("cache_size", { simple: true });

  it("is better-sqlite3's bound (16,000 KiB) unless asked for another", () => {
    const db = openDatabase(join(folder("cache-default"), "bomba.db"));
    try {
      expect(cacheSize(db)).toBe(-16000);
    } finally {
      closeDatabase(db);
    }
  });

  it("is bounded in KiB as asked, through openServerStore too (what `serve` opens)", async () => {
    expect(SERVER_PAGE_CACHE_KIB).toBe(2000);
    const path = join(folder("cache-server"), "bomba.db");
    const store = (await openServerStore(path)) as SqliteStore;
    try {
      expect(cacheSize(store.db)).toBe(-2000);
    } finally {
      await store.close();
    }
    const readOnly = openDatabase(path, { readOnly: true, pageCacheKiB: 500 });
    try {
      expect(cacheSize(readOnly)).toBe(-500);
    } finally {
      closeDatabase(readOnly);
    }
  });
});
