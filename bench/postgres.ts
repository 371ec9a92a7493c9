/**
 * The PostgreSQL part of `npm run bench`, run when BOMBA_BENCH_PG (else BOMBA_TEST_PG) names a
 * server on which the role may create databases: the scheduler pass on PostgreSQL beside raw `pg`
 * writes of the same rows (a ratio, as for SQLite), and the pass's throughput with two instances
 * (two processes on one database) against one. Every measure runs on its own copy of one seeded
 * database (`CREATE DATABASE … TEMPLATE`), and every database made is dropped at the end.
 * Runs alone too: `node --import tsx bench/postgres.ts`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { bootOrg } from "../src/app/boot.ts";
import { runPass } from "../src/app/scheduler.ts";
import { openPostgresStore } from "../src/store/postgres/store.ts";
import { closeDatabase } from "../src/store/sqlite/database.ts";
import { REFERENCE_NOW, seedOpenBombs, servicesFor } from "./seed.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The server the bench makes its databases on, or undefined when none is named. */
export function benchPostgresUrl(): string | undefined {
  return process.env.BOMBA_BENCH_PG || process.env.BOMBA_TEST_PG || undefined;
}

/** What the PostgreSQL part measured (results.json's optional `postgres`). */
export interface PostgresResults {
  bombs: number;
  due: number;
  pass: { escalationsPerSec: number; rawWritesPerSec: number; ratio: number };
  instances: { onePerSec: number; twoPerSec: number; ratio: number; twoShares: number[] };
}

/**
 * 10,000 open bombs, 2,000 due: smaller than SQLite's 100,000 / 20,000, because the copy and the
 * row-by-row writes take minutes on a loaded machine. The ratios are what to compare.
 */
const sizes = { bombs: 10_000, due: 2_000, batch: 500 };

/**
 * Runs the PostgreSQL part against the server at `url`, with `orgFile`; facts for the table go
 * to `notes`.
 */
export async function postgresBench(
  url: string,
  orgFile: string,
  notes: string[],
  log: (line: string) => void,
): Promise<PostgresResults> {
  const tag = `bomba_bench_${process.pid}_${Date.now().toString(36)}`;
  const made: string[] = [];
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const dir = mkdtempSync(join(tmpdir(), "bomba-bench-pg-"));
  const copyOf = async (name: string): Promise<string> => {
    const copy = `${tag}_${name}`;
    await admin.query(`CREATE DATABASE ${copy} TEMPLATE ${tag}_seed`);
    made.push(copy);
    return withDatabase(url, copy);
  };
  try {
    await admin.query(`CREATE DATABASE ${tag}_seed`);
    made.push(`${tag}_seed`);
    let started = performance.now();
    const each = await seed(withDatabase(url, `${tag}_seed`), orgFile, dir);
    log(`postgres: seed ${sizes.bombs} open bombs, ${sizes.due} due: ${seconds(started)} s`);

    const passUrl = await copyOf("pass");
    const store = await openPostgresStore(passUrl, { poolSize: 2 });
    const loaded = servicesFor(orgFile, join(dir, "org-only.db"));
    let passMs: number;
    let escalations: number;
    try {
      started = performance.now();
      const result = await runPass(
        { store, org: loaded.org, calendar: loaded.calendar },
        REFERENCE_NOW,
      );
      passMs = performance.now() - started;
      escalations = result.bombs;
    } finally {
      await store.close();
      closeDatabase(loaded.store.db);
    }
    if (escalations !== sizes.due)
      notes.push(`postgres pass: ${escalations} bombs, not ${sizes.due}`);
    const rawMs = await rawWrites(await copyOf("raw"), escalations, each);
    notes.push(
      `postgres pass: ${escalations} escalations in ${passMs.toFixed(0)} ms (batches of ${sizes.batch}, FOR UPDATE SKIP LOCKED); raw pg, the same writes through prepared statements in transactions of ${sizes.batch}: ${rawMs.toFixed(0)} ms`,
    );

    const one = await instances(await copyOf("one"), orgFile, 1);
    const two = await instances(await copyOf("two"), orgFile, 2);
    notes.push(
      `postgres instances: one process ${one.bombs} escalations in ${one.ms.toFixed(0)} ms; two processes on one database ${two.bombs} in ${two.ms.toFixed(0)} ms, shared ${two.shares.join(" / ")}`,
    );
    const perSec = (n: number, ms: number) => Math.round(n / (ms / 1000));
    const onePerSec = perSec(one.bombs, one.ms);
    const twoPerSec = perSec(two.bombs, two.ms);
    return {
      bombs: sizes.bombs,
      due: sizes.due,
      pass: {
        escalationsPerSec: perSec(escalations, passMs),
        rawWritesPerSec: perSec(escalations, rawMs),
        ratio: round(rawMs / passMs, 3),
      },
      instances: {
        onePerSec,
        twoPerSec,
        ratio: round(twoPerSec / onePerSec, 3),
        twoShares: two.shares,
      },
    };
  } finally {
    for (const name of made.reverse()) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    }
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Seeds the database at `target` as the SQLite part seeds its file (the same code, into a file
 * first), then copies the bombs, their events and their outbox rows over; the org is put in
 * force by the PostgreSQL store itself. Returns the events and outbox rows per escalation.
 * `dir` holds the SQLite files.
 */
export async function seed(
  target: string,
  orgFile: string,
  dir: string,
): Promise<{ events: number; outbox: number }> {
  const file = join(dir, "seed.db");
  const svc = servicesFor(orgFile, file);
  seedOpenBombs(svc, { count: sizes.bombs, due: sizes.due, acceptedEvery: 4, now: REFERENCE_NOW });
  const sqlite = svc.store.db.$client;
  const store = await openPostgresStore(target, { poolSize: 2 });
  try {
    const booted = await bootOrg(store, svc.org, null, REFERENCE_NOW - 30 * 86_400_000);
    if (!booted.stored) throw new Error("bench org not stored on PostgreSQL");
    const client = store.db.$client;
    for (const table of ["bombs", "bomb_events", "outbox"]) {
      const rows = sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<
        string,
        unknown
      >[];
      const columns = Object.keys(rows[0] ?? {});
      for (let i = 0; i < rows.length; i += 1_000) {
        const chunk = rows.slice(i, i + 1_000);
        const values: unknown[] = [];
        const tuples = chunk.map((row) => {
          const marks = columns.map((c) => {
            values.push(row[c]);
            return `$${values.length}`;
          });
          return `(${marks.join(", ")})`;
        });
        await client.query(
          `INSERT INTO ${table} (${columns.join(", ")}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(", ")}`,
          values,
        );
      }
    }
    await client.query(
      `SELECT setval('bomb_ids', (SELECT max(id) FROM bombs));
       SELECT setval(pg_get_serial_sequence('bomb_events', 'id'), (SELECT max(id) FROM bomb_events));
       SELECT setval(pg_get_serial_sequence('outbox', 'id'), (SELECT max(id) FROM outbox))`,
    );
    // Alone: VACUUM refuses to run inside the implicit transaction of a multi-statement query.
    await client.query("VACUUM ANALYZE");
  } finally {
    await store.close();
  }
  // What one escalation writes, measured on the SQLite copy's twin: one pass there.
  const before = counts(sqlite);
  await runPass(svc, REFERENCE_NOW);
  const after = counts(sqlite);
  closeDatabase(svc.store.db);
  const n = sizes.due;
  return { events: (after.events - before.events) / n, outbox: (after.outbox - before.outbox) / n };
}

function counts(db: { prepare(sql: string): { get(): unknown } }) {
  const n = (table: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { events: n("bomb_events"), outbox: n("outbox") };
}

/**
 * What the pass's writes cost with nothing around them, on PostgreSQL: per due bomb one UPDATE
 * of its row (a JSON document of the same size) and the same number of event and outbox INSERTs
 * per escalation, through named prepared statements, in transactions of the pass's batch size.
 * Returns milliseconds.
 */
async function rawWrites(
  url: string,
  escalations: number,
  each: { events: number; outbox: number },
): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const due = (
      await client.query(
        `SELECT id, version, holder, data FROM bombs WHERE next_due_at <= $1
         ORDER BY next_due_at, id LIMIT $2`,
        [REFERENCE_NOW, escalations],
      )
    ).rows as { id: number; version: number; holder: string; data: string }[];
    const nextDue = REFERENCE_NOW + 3 * 86_400_000;
    const params = JSON.stringify({ from: "a@example.com", to: "b@example.com", rung: 1 });
    const eventsEach = Math.round(each.events);
    const outboxEach = Math.round(each.outbox);
    const started = performance.now();
    for (let i = 0; i < due.length; i += sizes.batch) {
      await client.query("BEGIN");
      for (const row of due.slice(i, i + sizes.batch)) {
        const version = row.version + 1;
        await client.query({
          name: "update",
          text: `UPDATE bombs SET state = $1, holder = $2, next_due_at = $3, version = $4,
                   data = $5, updated_at = $6 WHERE id = $7 AND version = $8`,
          values: [
            "pending",
            row.holder,
            nextDue,
            version,
            row.data,
            REFERENCE_NOW,
            row.id,
            row.version,
          ],
        });
        for (let e = 0; e < eventsEach; e++) {
          await client.query({
            name: "event",
            text: `INSERT INTO bomb_events (bomb_id, version, at, recorded_at, actor, via, kind, data)
                   VALUES ($1, $2, $3, $4, NULL, 'scheduler', 'escalated', $5)`,
            values: [row.id, version, REFERENCE_NOW, REFERENCE_NOW, params],
          });
        }
        for (let o = 0; o < outboxEach; o++) {
          await client.query({
            name: "outbox",
            text: `INSERT INTO outbox (dedupe_key, bomb_id, version, recipient, kind, params,
                     created_at, next_attempt_at)
                   VALUES ($1, $2, $3, $4, 'bomb_escalated', $5, $6, $7) ON CONFLICT DO NOTHING`,
            values: [
              `${row.id}:${version}:raw:${o}`,
              row.id,
              version,
              row.holder,
              params,
              REFERENCE_NOW,
              REFERENCE_NOW,
            ],
          });
        }
      }
      await client.query("COMMIT");
    }
    return performance.now() - started;
  } finally {
    await client.end();
  }
}

/**
 * `count` scheduler processes (bench/pg-pass-worker.ts) on the database at `url`, told to start
 * together once each has connected: the escalations they made, from the first start to the last
 * end, and each one's share.
 */
async function instances(
  url: string,
  orgFile: string,
  count: number,
): Promise<{ bombs: number; ms: number; shares: number[] }> {
  const workers = Array.from({ length: count }, () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "bench/pg-pass-worker.ts", url, orgFile, String(REFERENCE_NOW)],
      { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] },
    );
    const lines = createInterface({ input: child.stdout });
    const queue: string[] = [];
    const waiting: ((line: string) => void)[] = [];
    lines.on("line", (line) => {
      const next = waiting.shift();
      if (next) next(line);
      else queue.push(line);
    });
    const nextLine = () =>
      new Promise<string>((resolve, reject) => {
        const queued = queue.shift();
        if (queued !== undefined) resolve(queued);
        else waiting.push(resolve);
        child.once("exit", (code) => reject(new Error(`pass worker exited ${code}`)));
      });
    return { child, nextLine };
  });
  try {
    for (const w of workers) {
      if ((await w.nextLine()) !== "ready") throw new Error("pass worker not ready");
    }
    const answers = workers.map((w) => w.nextLine());
    for (const w of workers) w.child.stdin?.write("go\n");
    const done = (await Promise.all(answers)).map(
      (line) => JSON.parse(line) as { bombs: number; startedAt: number; endedAt: number },
    );
    const ms = Math.max(...done.map((d) => d.endedAt)) - Math.min(...done.map((d) => d.startedAt));
    const shares = done.map((d) => d.bombs);
    return { bombs: shares.reduce((a, b) => a + b, 0), ms, shares };
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
  }
}

/** The URL of `url`'s server with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

// Alone: `node --import tsx bench/postgres.ts` prints the part's figures.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = benchPostgresUrl();
  if (url === undefined) {
    process.stderr.write("bench: set BOMBA_BENCH_PG (or BOMBA_TEST_PG) to a PostgreSQL server\n");
    process.exitCode = 2;
  } else {
    const notes: string[] = [];
    const results = await postgresBench(url, join(ROOT, "org.example.yaml"), notes, (line) =>
      process.stderr.write(`bench: ${line}\n`),
    );
    process.stdout.write(
      `${JSON.stringify(results, null, 2)}\n${notes.map((n) => `- ${n}`).join("\n")}\n`,
    );
  }
}
