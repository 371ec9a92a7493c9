import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { actOnBomb, reportBomb } from "../../src/app/bomb-actions.ts";
import { ParsedBombs, parsedBombsOf } from "../../src/store/sqlite/bomb-queries.ts";
import { openSqliteStore } from "../../src/store/sqlite/store.ts";
import { type SqliteServices, servicesOn, tempDir } from "../fixtures/bomb-db.ts";
import { cmd, complaint, MONDAY_10, P } from "../fixtures/org-chart.ts";

// `/bomba list` parsed and validated every row it read, every time (JSON.parse and the zod check
// were a fifth of a list's CPU in the profile): a connection now keeps the bombs it parsed by id
// and version. These cases pin what must not change with it: a new version, or a commit of
// another connection that rewrites data, is seen at once, and the cache stays bounded.
describe("parsed bombs of a connection", () => {
  const dirs: { remove: () => void }[] = [];
  const stores: SqliteServices["store"][] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) d.remove();
  });

  async function withBombs(n: number): Promise<{ svc: SqliteServices; path: string }> {
    const dir = tempDir();
    dirs.push(dir);
    const path = join(dir.path, "cache.db");
    const svc = servicesOn(path);
    stores.push(svc.store);
    for (let i = 0; i < n; i++) {
      const opened = await reportBomb(
        svc,
        { person: P.ana, now: MONDAY_10 + i, via: "system" },
        complaint({ departmentId: "logistica", customer: `VIP ${i}` }),
      );
      if (!opened.ok) throw new Error("not opened");
    }
    return { svc, path };
  }

  it("hands out the same frozen bomb until its version changes", async () => {
    const { svc } = await withBombs(3);
    const first = await svc.store.listOpenBombs({ all: true });
    const again = await svc.store.listOpenBombs({ all: true });
    expect(again).toHaveLength(3);
    for (const [i, b] of again.entries()) expect(b).toBe(first[i]);
    const one = first[0];
    if (one === undefined) throw new Error("no bomb");
    expect(Object.isFrozen(one)).toBe(true);
    expect(() => {
      (one as { customer: string }).customer = "changed";
    }).toThrow(TypeError);

    const accepted = await actOnBomb(
      svc,
      one.id,
      { person: P.nacho, now: MONDAY_10 + 10, via: "slack" },
      cmd.accept(),
    );
    expect(accepted.ok).toBe(true);
    const after = await svc.store.listOpenBombs({ all: true });
    const moved = after.find((b) => b.id === one.id);
    expect(moved?.state).toBe("accepted");
    expect(moved?.version).toBe(one.version + 1);
    expect(after.filter((b) => b.id !== one.id)).toEqual(first.filter((b) => b.id !== one.id));
  });

  it("drops what it parsed when another connection commits, even without a new version", async () => {
    const { svc, path } = await withBombs(2);
    const before = await svc.store.listOpenBombs({ all: true });
    expect(before.map((b) => b.customer).sort()).toEqual(["VIP 0", "VIP 1"]);
    // What a data step run by another process does: `data` rewritten, the version kept.
    const other = openSqliteStore(path);
    stores.push(other);
    other.db.$client
      .prepare("UPDATE bombs SET data = json_set(data, '$.customer', 'VIP renamed') WHERE id = ?")
      .run(before[0]?.id);
    const after = await svc.store.listOpenBombs({ all: true });
    expect(after[0]?.customer).toBe("VIP renamed");
    expect(after[0]?.version).toBe(before[0]?.version);
  });

  it("keeps at most its bound, the least recently used going first", async () => {
    const { svc } = await withBombs(3);
    const parsed = new ParsedBombs(svc.store.db.$client, 2);
    const rows = svc.store.db.$client
      .prepare("SELECT id, version FROM bombs ORDER BY id")
      .all() as {
      id: number;
      version: number;
    }[];
    const [a, b, c] = rows.map((r) => () => parsed.get(r.id, r.version));
    if (a === undefined || b === undefined || c === undefined) throw new Error("three rows");
    const first = a();
    b();
    expect(a()).toBe(first);
    c();
    expect(parsed.size).toBe(2);
    // `b` went (least recently used); `a` stayed.
    expect(a()).toBe(first);
    expect(parsedBombsOf(svc.store.db)).toBe(parsedBombsOf(svc.store.db));
  });

  // Lists and counts are kept between writes (a count walked ~1,400 index rows per `/bomba list`).
  // Whatever writes, on this connection or another, must be seen by the next list and count.
  describe("answers kept between writes", () => {
    // The list and the count read these columns; the bomb's data is not what is checked here.
    const moveAway = "UPDATE bombs SET holder = 'someone-else' WHERE id = ?";
    const listAndCount = async (svc: SqliteServices) => ({
      ids: (await svc.store.listOpenBombs({ holder: P.nacho }, 10)).map((b) => b.id),
      n: await svc.store.countOpenBombs({ holder: P.nacho }),
    });

    it("sees a bomb this connection reports, accepts or closes", async () => {
      const { svc } = await withBombs(2);
      const before = await listAndCount(svc);
      expect(before.n).toBe(2);
      expect(await listAndCount(svc)).toEqual(before);
      const opened = await reportBomb(
        svc,
        { person: P.ana, now: MONDAY_10 + 5, via: "system" },
        complaint({ departmentId: "logistica", customer: "VIP new" }),
      );
      if (!opened.ok) throw new Error("not opened");
      const after = await listAndCount(svc);
      expect(after.n).toBe(3);
      expect(after.ids).toContain(opened.bomb.id);
    });

    it("sees another connection's commit", async () => {
      const { svc, path } = await withBombs(2);
      const before = await listAndCount(svc);
      const other = openSqliteStore(path);
      stores.push(other);
      other.db.$client.prepare(moveAway).run(before.ids[0]);
      const after = await listAndCount(svc);
      expect(after).toEqual({ ids: before.ids.slice(1), n: 1 });
    });

    it("keeps nothing read inside a transaction that rolls back", async () => {
      const { svc } = await withBombs(2);
      const before = await listAndCount(svc);
      const client = svc.store.db.$client;
      const seenInside: number[] = [];
      expect(() =>
        client.transaction(() => {
          client.prepare(moveAway).run(before.ids[0]);
          seenInside.push(svc.store.db.$client.inTransaction ? 1 : 0);
          // Synchronous under the hood: the SQLite store answers at once.
          void svc.store.countOpenBombs({ holder: P.nacho }).then((n) => seenInside.push(n));
          throw new Error("roll back");
        })(),
      ).toThrow("roll back");
      await Promise.resolve();
      expect(seenInside).toEqual([1, 1]);
      expect(await listAndCount(svc)).toEqual(before);
    });
  });

  // A list read inside someone else's transaction parses what that transaction wrote: kept, a
  // version rolled back would be handed out again when the same version is written differently.
  it("keeps no bomb it parsed inside a transaction that rolled back", async () => {
    const { svc } = await withBombs(1);
    const [bomb] = await svc.store.listOpenBombs({ all: true });
    if (bomb === undefined) throw new Error("no bomb");
    const client = svc.store.db.$client;
    const rename = client.prepare(
      "UPDATE bombs SET version = version + 1, data = json_set(json_set(data, '$.customer', ?), '$.version', version + 1) WHERE id = ?",
    );
    const seen: (string | undefined)[] = [];
    expect(() =>
      client.transaction(() => {
        rename.run("VIP rolled back", bomb.id);
        // The SQLite store answers synchronously: this read happens inside the transaction.
        void svc.store.listOpenBombs({ all: true }).then((b) => seen.push(b[0]?.customer));
        throw new Error("roll back");
      })(),
    ).toThrow("roll back");
    await Promise.resolve();
    expect(seen).toEqual(["VIP rolled back"]);
    // The same version written again, differently, and committed.
    rename.run("VIP committed", bomb.id);
    const [now] = await svc.store.listOpenBombs({ all: true });
    expect(now?.version).toBe(bomb.version + 1);
    expect(now?.customer).toBe("VIP committed");
  });
});
