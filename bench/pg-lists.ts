/**
 * `/bomba list` on PostgreSQL: the store's `listOpenBombs` (49) and `countOpenBombs` for the
 * holder and the department with the most open bombs and for all of them, timed in a loop, and
 * each query the store sent, run again under EXPLAIN ANALYZE.
 *
 *   node --import tsx bench/pg-lists.ts seed <server url> <new database>
 *     makes the database and seeds it as `npm run bench` does (10,000 open bombs, 2,000 due)
 *   node --import tsx bench/pg-lists.ts measure <database url> [rounds]
 *     opens the store on it (migrating it) and prints medians and plans
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openPostgresStore } from "../src/store/postgres/store.ts";
import type { BombFilter } from "../src/store/store.ts";
import { seed, withDatabase } from "./postgres.ts";

const ORG_FILE = fileURLToPath(new URL("../org.example.yaml", import.meta.url));

const [mode, url, rounds = "300"] = process.argv.slice(2);
if (mode === "seed" && url !== undefined && process.argv[4] !== undefined) {
  const database = process.argv[4];
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const dir = mkdtempSync(join(tmpdir(), "bomba-pg-lists-"));
  try {
    await seed(withDatabase(url, database), ORG_FILE, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`seeded ${database}`);
} else if (mode === "measure" && url !== undefined) {
  await measure(url, Number(rounds));
} else {
  console.error(
    "usage: pg-lists.ts seed <server url> <database> | measure <database url> [rounds]",
  );
  process.exitCode = 2;
}

async function measure(url: string, rounds: number): Promise<void> {
  const store = await openPostgresStore(url, { poolSize: 1 });
  const pool = store.db.$client;
  try {
    const top = async (column: string) =>
      (
        await pool.query(
          `SELECT ${column} AS key, count(*)::int AS n FROM bombs
           WHERE state IN ('triage', 'pending', 'accepted', 'resolved')
           GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
        )
      ).rows[0] as { key: string; n: number };
    const holder = await top("holder");
    const department = await top("department_id");
    console.log(
      `holder ${holder.key}: ${holder.n} open; department ${department.key}: ${department.n}`,
    );
    const filters: [string, BombFilter][] = [
      ["holder", { holder: holder.key }],
      ["department", { department: department.key }],
      ["all", { all: true }],
    ];
    // Every query the store sends, kept to be explained afterwards.
    const sent: { text: string; values: unknown[] }[] = [];
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    (pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const [first, second] = args;
      if (typeof first === "string")
        sent.push({ text: first, values: (second as unknown[]) ?? [] });
      else {
        const q = first as { text: string; values?: unknown[] };
        sent.push({ text: q.text, values: (second as unknown[]) ?? q.values ?? [] });
      }
      return query(...args);
    };
    for (const [name, filter] of filters) {
      for (const [what, run] of [
        ["list", () => store.listOpenBombs(filter, 49)],
        ["count", () => store.countOpenBombs(filter)],
      ] as const) {
        for (let i = 0; i < 20; i++) await run();
        const wall: number[] = [];
        const cpu0 = process.cpuUsage();
        for (let i = 0; i < rounds; i++) {
          const t = performance.now();
          await run();
          wall.push(performance.now() - t);
        }
        const cpu = process.cpuUsage(cpu0);
        wall.sort((a, b) => a - b);
        const q = (p: number) => (wall[Math.floor(p * (wall.length - 1))] ?? 0).toFixed(3);
        console.log(
          `${what} ${name}: median ${q(0.5)} ms (p10 ${q(0.1)}, p90 ${q(0.9)}), client CPU ${((cpu.user + cpu.system) / 1000 / rounds).toFixed(3)} ms`,
        );
        sent.length = 0;
        await run();
        for (const s of sent) {
          if (!/^\s*select/i.test(s.text)) continue;
          const plan = (await query(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values)) as {
            rows: { "QUERY PLAN": string }[];
          };
          console.log(`  ${s.text}`);
          for (const r of plan.rows) console.log(`    ${r["QUERY PLAN"]}`);
        }
      }
    }
  } finally {
    await store.close();
  }
}
