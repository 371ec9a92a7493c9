import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  openCountQuery,
  openListQuery,
  openPostgresStore,
} from "../../src/store/postgres/store.ts";
import { openListStatements } from "../../src/store/sqlite/bomb-queries.ts";
import { openSqliteStore } from "../../src/store/sqlite/store.ts";
import type { BombFilter } from "../../src/store/store.ts";
import { scratchPostgresDatabase } from "../fixtures/store-backends.ts";

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

// The same on PostgreSQL (migration 0001): before it a holder's list read ~1,400 rows through
// `bombs_holder` and sorted them, and counted them from the table. The database is empty, so the
// planner is told to avoid sequential and bitmap scans and sorts: what is asked is whether the
// index can give the rows in the list's order; were it unable to, the plan would sort anyway.
// (Seen failing with the `bombs_open_*` indexes dropped, and with the ORDER BY written as
// `next_due_at IS NULL, next_due_at, id`.)
const server = process.env.BOMBA_TEST_PG;
if (server) {
  describe("open bomb lists on PostgreSQL", () => {
    const scratch = scratchPostgresDatabase(server, "plans");
    beforeAll(() => scratch.create());
    afterAll(() => scratch.drop());

    it("read their partial index in order, and count from it", async () => {
      const store = await openPostgresStore(scratch.url, { poolSize: 1, onTrouble: () => {} });
      const client = await store.db.$client.connect();
      try {
        const plan = async (query: { toSQL(): { sql: string; params: unknown[] } }) => {
          const { sql, params } = query.toSQL();
          await client.query("BEGIN");
          try {
            await client.query(
              "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off",
            );
            const rows = (await client.query(`EXPLAIN ${sql}`, params)).rows as {
              "QUERY PLAN": string;
            }[];
            return rows.map((r) => r["QUERY PLAN"]).join("\n");
          } finally {
            await client.query("ROLLBACK");
          }
        };
        const filters: [string, BombFilter][] = [
          ["bombs_open_holder", { holder: "x" }],
          ["bombs_open_department", { department: "x" }],
          ["bombs_open", { all: true }],
        ];
        for (const [index, filter] of filters) {
          const listPlan = await plan(openListQuery(store.db, filter, 49));
          expect(listPlan, index).toMatch(new RegExp(`Index Scan using ${index} on bombs`));
          expect(listPlan, index).not.toMatch(/Sort/);
          const countPlan = await plan(openCountQuery(store.db, filter));
          // "all" counts every open bomb whichever index it reads; the others count their own.
          expect(countPlan, index).toMatch(
            index === "bombs_open"
              ? /Index (Only )?Scan using bombs_/
              : new RegExp(`Index Only Scan using ${index} on bombs`),
          );
        }
      } finally {
        client.release();
        await store.close();
      }
    });
  });
}
