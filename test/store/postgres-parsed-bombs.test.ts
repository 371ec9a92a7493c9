import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actOnBomb, reportBomb } from "../../src/app/bomb-actions.ts";
import { ParsedBombTexts } from "../../src/store/postgres/parsed-bombs.ts";
import { openPostgresStore, type PostgresStore } from "../../src/store/postgres/store.ts";
import { CALENDAR, cmd, complaint, MONDAY_10, ORG, P, pendingBomb } from "../fixtures/org-chart.ts";
import { scratchPostgresDatabase } from "../fixtures/store-backends.ts";

// `/bomba list` on PostgreSQL parsed and validated every row it read, every time (with the list
// an index scan, that was a fifth of its CPU): the store keeps the bombs it parsed by id and the
// text they came from. These cases pin what must not change with it: any other text, whoever
// wrote it and whatever the version, is parsed anew, and the cache stays bounded.
describe("the PostgreSQL store's parsed bombs", () => {
  const text = (customer: string, id = 1) =>
    JSON.stringify({ ...pendingBomb(MONDAY_10, id), customer });

  it("hands out the same frozen bomb while its text is the same, and parses any other", () => {
    const parsed = new ParsedBombTexts(10);
    const first = parsed.get(1, text("VIP"));
    expect(parsed.get(1, text("VIP"))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      (first as { customer: string }).customer = "changed";
    }).toThrow(TypeError);
    // Same id and version, another text: a write that kept the version is seen.
    const renamed = parsed.get(1, text("VIP renamed"));
    expect(renamed.customer).toBe("VIP renamed");
    expect(renamed.version).toBe(first.version);
    expect(parsed.size).toBe(1);
  });

  it("keeps at most its bound, the least recently used going first", () => {
    const parsed = new ParsedBombTexts(2);
    const a = parsed.get(1, text("A", 1));
    parsed.get(2, text("B", 2));
    expect(parsed.get(1, text("A", 1))).toBe(a);
    parsed.get(3, text("C", 3));
    expect(parsed.size).toBe(2);
    // 2 went (least recently used); 1 stayed.
    expect(parsed.get(1, text("A", 1))).toBe(a);
    expect(parsed.size).toBe(2);
  });

  const server = process.env.BOMBA_TEST_PG;
  if (server) {
    describe("on a server", () => {
      const scratch = scratchPostgresDatabase(server, "parsed");
      const stores: PostgresStore[] = [];
      beforeAll(() => scratch.create());
      afterAll(async () => {
        for (const store of stores) await store.close();
        await scratch.drop();
      });

      it("lists a bomb another instance rewrote, with or without a new version", async () => {
        const open = async () => {
          const store = await openPostgresStore(scratch.url, { poolSize: 1, onTrouble: () => {} });
          stores.push(store);
          return { store, org: ORG, calendar: CALENDAR };
        };
        const svc = await open();
        const other = await open();
        for (const customer of ["VIP 0", "VIP 1"]) {
          const opened = await reportBomb(
            svc,
            { person: P.ana, now: MONDAY_10, via: "system" },
            complaint({ departmentId: "logistica", customer }),
          );
          expect(opened.ok).toBe(true);
        }
        const first = await svc.store.listOpenBombs({ all: true });
        const again = await svc.store.listOpenBombs({ all: true });
        for (const [i, b] of again.entries()) expect(b).toBe(first[i]);
        const [one, two] = first;
        if (one === undefined || two === undefined) throw new Error("two bombs");

        // What a data step would do: `data` rewritten, the version kept, by another instance.
        await other.store.db.$client.query("UPDATE bombs SET data = $1 WHERE id = $2", [
          JSON.stringify({ ...one, customer: "VIP renamed" }),
          one.id,
        ]);
        const renamed = await svc.store.listOpenBombs({ all: true });
        expect(renamed[0]?.customer).toBe("VIP renamed");
        expect(renamed[0]?.version).toBe(one.version);
        expect(renamed[1]).toBe(two);

        const accepted = await actOnBomb(
          other,
          two.id,
          { person: P.nacho, now: MONDAY_10 + 10, via: "slack" },
          cmd.accept(),
        );
        expect(accepted.ok).toBe(true);
        const moved = (await svc.store.listOpenBombs({ all: true })).find((b) => b.id === two.id);
        expect(moved?.state).toBe("accepted");
        expect(moved?.version).toBe(two.version + 1);
      });
    });
  }
});
