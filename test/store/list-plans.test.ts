import { describe, expect, it } from "vitest";
import { openListStatements } from "../../src/store/sqlite/bomb-queries.ts";
import { openSqliteStore } from "../../src/store/sqlite/store.ts";

// `/bomba list` with 10,000 open bombs read and sorted all of a holder's ~1,400 rows, and counted
// them from the table, on every request: each list must walk its partial index in order and stop
// at its limit, each count read its index. (Seen failing on the schema before 0005: a temporary
// B-tree for the ORDER BY, and the count through `bombs_holder`.)
describe("open bomb lists", () => {
  it("read their partial index in order, and count from it", () => {
    const store = openSqliteStore(":memory:");
    try {
      const plans = openListStatements(store.db);
      const args = { holder: ["x"], department: ["x"], all: [] as string[] };
      for (const kind of ["holder", "department", "all"] as const) {
        const { list, count } = plans[kind];
        const plan = (source: string, params: unknown[]) =>
          (
            store.db.$client.prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as {
              detail: string;
            }[]
          )
            .map((r) => r.detail)
            .join("\n");
        const listPlan = plan(list.source, [...args[kind], 49]);
        expect(listPlan, kind).toMatch(/USING INDEX bombs_open/);
        expect(listPlan, kind).not.toMatch(/TEMP B-TREE/);
        const countPlan = plan(count.source, args[kind]);
        // "all" counts every open bomb whichever index it reads; the others count their own.
        expect(countPlan, kind).toMatch(
          kind === "all" ? /USING (COVERING )?INDEX bombs_/ : /USING (COVERING )?INDEX bombs_open/,
        );
      }
    } finally {
      void store.close();
    }
  });
});
