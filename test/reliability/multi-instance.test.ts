/**
 * Several `bomba serve` processes on one PostgreSQL database, as behind a load balancer: three
 * instances start together on the same clock, signed clicks go to any of them, and one of them
 * is killed with SIGKILL at a random moment (while it boots and runs its catch-up pass, while it
 * delivers, a few ms after a click reached it). Each run moves the clock on half a working day,
 * so every run has escalations, reminders, digests and messages to do. After each kill the two
 * others must finish, within one scheduler pass, everything that was due and not held by the
 * dead one; the database must agree with itself; every acknowledged click must be in it. At the
 * end, with every lease run out, every message reached Slack once, in order per bomb; every due
 * step of every bomb happened once; each daily digest went out once. Runs only with
 * BOMBA_TEST_PG (the vitest project "postgres").
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootOrg } from "../../src/app/boot.ts";
import type { Services } from "../../src/app/services.ts";
import { schedulerIntervalMs } from "../../src/cli/serve.ts";
import { openPostgresStore } from "../../src/store/postgres/store.ts";
import { createTestDatabase, type TestDatabase } from "../e2e/database.ts";
import { REFERENCE_CLOCK, slackIds } from "../e2e/harness.ts";
import { buildOrg, CALENDAR } from "../fixtures/org-chart.ts";
import { stateValue } from "../support/signed-request.ts";
import type { RecordedCall } from "../support/slack-stand-in.ts";
import {
  actAs,
  createWorkspace,
  email,
  openBombIn,
  reportInput,
  type ServeRun,
  slackIdOf,
  startServe,
  type Workspace,
} from "./bot-process.ts";
import {
  auditDeliveryRows,
  envCount,
  runSeed,
  seededRandom,
  sentTwice,
  summary,
} from "./ledger.ts";

const RUNS = envCount("RELIABILITY_MULTI_RUNS", 20);
const INSTANCES = 3;
const MONDAY = Date.parse(REFERENCE_CLOCK);
const HOUR = 3_600_000;
/** One pass of a survivor's scheduler, and the slack a loaded machine needs around it. */
const ONE_PASS_MS = schedulerIntervalMs + 10_000;

/** A click whose answer says the bot committed it: it must survive the kill. */
interface Acked {
  kind: "report" | "accepted" | "forwarded" | "defused";
  bombId: number | null;
  viewId: string;
  actor: string;
}

/** The run's clock: half a working day further each run, in working hours. */
function clockOf(k: number): number {
  return CALENDAR.addWorkingDays(MONDAY, Math.floor(k / 2)) + (k % 2) * 5 * HOUR + k * 1_000;
}

function isoDate(at: number): string {
  return CALENDAR.localDate(at);
}

/**
 * Every way the PostgreSQL database disagrees with itself after a run: a transition written
 * twice, a due step taken twice (two scheduler events of one bomb for the same due instant), a
 * message of no transition, a bomb without the refresh of its version, a row sent yet in flight,
 * a row landed twice, a period's job claimed twice.
 */
function problems(db: TestDatabase): string[] {
  const found: string[] = [];
  const report = (what: string, rows: unknown[]) => {
    if (rows.length > 0) found.push(`${what}: ${JSON.stringify(rows)}`);
  };
  report(
    "a transition written twice",
    db.all(`SELECT bomb_id, version, kind, count(*) AS n FROM bomb_events
            WHERE kind NOT IN ('delivery_failed', 'message_dropped')
            GROUP BY bomb_id, version, kind HAVING count(*) > 1`),
  );
  report(
    "a due step taken twice",
    db.all(`SELECT bomb_id, kind, at, count(*) AS n FROM bomb_events WHERE via = 'scheduler'
            GROUP BY bomb_id, kind, at HAVING count(*) > 1`),
  );
  report(
    "a bomb's versions out of step",
    db.all(`SELECT b.id, b.version FROM bombs b
            WHERE b.version != (SELECT max(e.version) FROM bomb_events e WHERE e.bomb_id = b.id)`),
  );
  report(
    "a message of no transition",
    db.all(`SELECT o.dedupe_key FROM outbox o WHERE o.kind != 'refresh' AND o.bomb_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM bomb_events e
                            WHERE e.bomb_id = o.bomb_id AND e.version = o.version)`),
  );
  report(
    "a bomb without the refresh of its version",
    db.all(`SELECT b.id, b.version FROM bombs b WHERE NOT EXISTS (
              SELECT 1 FROM outbox o WHERE o.dedupe_key = b.id || ':' || b.version || ':refresh')`),
  );
  report(
    "a row done yet in flight",
    db.all(`SELECT dedupe_key, status FROM outbox
            WHERE (status != 'pending' AND in_flight_since IS NOT NULL)
               OR status NOT IN ('pending', 'sent', 'failed', 'dropped')
               OR (status = 'sent' AND sent_at IS NULL)`),
  );
  report(
    "a row landed twice",
    db.all(`SELECT outbox_id, part, count(*) AS n FROM deliveries WHERE outbox_id IS NOT NULL
            GROUP BY outbox_id, part HAVING count(*) > 1`),
  );
  report(
    "a job claimed twice",
    db.all(
      "SELECT job, period, count(*) AS n FROM job_runs GROUP BY job, period HAVING count(*) > 1",
    ),
  );
  return found;
}

/** Bombs with a step due at or before `at`, and rows due by then that nobody holds. */
function leftOver(db: TestDatabase, at: number): { bombs: number; rows: number } {
  const count = (sql: string) => db.all<{ n: number }>(sql, [at])[0]?.n ?? 0;
  return {
    bombs: count("SELECT count(*) AS n FROM bombs WHERE next_due_at <= ?"),
    // A bomb's messages go in order (and the rows about no bomb, the digest and the report, are
    // one queue): those behind a row the dead instance holds wait for its lease to run out.
    rows: count(
      `SELECT count(*) AS n FROM outbox o
       WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND o.in_flight_since IS NULL
         AND NOT (o.kind != 'refresh' AND EXISTS (
           SELECT 1 FROM outbox held WHERE held.bomb_id IS NOT DISTINCT FROM o.bomb_id
             AND held.status = 'pending' AND held.kind != 'refresh' AND held.id < o.id
             AND held.in_flight_since IS NOT NULL))`,
    ),
  };
}

describe("several bomba serve on one PostgreSQL database, one killed at random moments", () => {
  const seed = runSeed();
  const random = seededRandom(seed);
  let ws: Workspace;
  let db: TestDatabase;
  const acked: Acked[] = [];
  /** Reports whose answer never came (their instance died): sent again, to another one. */
  const unanswered: string[] = [];
  const history: string[] = [];
  const phases = { boot: 0, working: 0, click: 0 };
  const perInstance = [0, 0, 0];
  let clicksSent = 0;
  let refusedClicks = 0;
  let killedClicks = 0;
  let retriedReports = 0;
  let runsChecked = 0;
  /** Runs where the survivors took over 5 s to finish what was due (a loaded machine, a lock). */
  let slowRuns = 0;
  let slowestCarryOnMs = 0;
  let finalLine = "";

  beforeAll(async () => {
    const base = await createWorkspace();
    db = await createTestDatabase(base.dir, "multi", "postgres");
    ws = { ...base, dbFile: db.target };
    const store = await openPostgresStore(db.target, { poolSize: 2, onTrouble: () => {} });
    try {
      const org = buildOrg(readFileSync(ws.orgFile, "utf8"));
      const booted = await bootOrg(store, org, async (e) => slackIdOf(e), 0);
      if (!booted.stored) throw new Error("fixture org not stored");
      await seedBombs(booted.svc);
    } finally {
      await store.close();
    }
  });

  afterAll(async () => {
    await db?.remove();
    await ws?.remove();
    const kills = Object.entries(phases)
      .map(([phase, n]) => `${n} ${phase}`)
      .join(", ");
    summary(
      "multi-instance",
      `${RUNS} runs of ${INSTANCES} serve on one PostgreSQL database, seed ${seed}: one killed ` +
        `with SIGKILL per run (during ${kills}); after every kill the others finished what was ` +
        `due within one pass (slowest ${slowestCarryOnMs} ms, ${slowRuns} runs over 5 s; ` +
        `a pass is ${schedulerIntervalMs / 1000} s), store consistent after ${runsChecked}/${RUNS}; ${clicksSent} ` +
        `clicks spread over the instances (${perInstance.join("/")}), ${acked.length} ` +
        `committed (0 lost), ${refusedClicks} refused, ${killedClicks} cut by the kill, ` +
        `${retriedReports} reports re-sent, 0 doubled; ${finalLine}`,
    );
  });

  async function seedBombs(svc: Services): Promise<void> {
    for (let i = 0; i < 14; i++) {
      const department = i % 2 === 0 ? "logistica" : "comercial";
      const bomb = await openBombIn(svc, MONDAY - (i % 3) * HOUR, department, `Cliente ${i}`);
      if (i % 4 === 1) {
        await actAs(svc, bomb.id, email.sergio, MONDAY, {
          type: "accept",
          severity: "minor",
          dueDate: isoDate(MONDAY + (2 + (i % 3)) * 24 * HOUR),
          visitBy: email.sergio,
          visitOn: isoDate(MONDAY),
          plan: "Llamar al cliente y revisar las entregas.",
        });
      }
    }
    await openBombIn(svc, MONDAY, null, "Pendiente de triage");
  }

  /** One signed submission to `serve`, recorded as acknowledged when the bot said it was done. */
  async function submitTo(
    serve: ServeRun,
    input: Parameters<ServeRun["submit"]>[0],
    expected: Omit<Acked, "viewId">,
  ): Promise<void> {
    try {
      const answer = await serve.submit(input);
      if (answer.status === 200 && answer.text === "") {
        acked.push({ ...expected, viewId: input.viewId ?? "" });
      } else {
        refusedClicks += 1;
      }
    } catch {
      killedClicks += 1;
      if (expected.kind === "report") unanswered.push(input.viewId ?? "");
    }
  }

  /** Clicks as people make them, each to one instance the load balancer picked. */
  async function clickAround(serves: ServeRun[], run: number, onClick: (i: number) => void) {
    const now = clockOf(run);
    const open = db.all<{ id: number; state: string; holder: string }>(
      "SELECT id, state, holder FROM bombs WHERE state IN ('pending', 'accepted') ORDER BY id",
    );
    const pending = open.filter((b) => b.state === "pending");
    const jobs: Promise<void>[] = [];
    const count = 3 + Math.floor(random() * 4);
    for (let j = 0; j < count; j++) {
      const delay = Math.floor(random() * 600);
      const roll = random();
      const target = Math.floor(random() * serves.length);
      const bomb = pending[Math.floor(random() * pending.length)];
      const viewId = `V0M${run}C${j}`;
      jobs.push(
        (async () => {
          await new Promise((r) => setTimeout(r, delay));
          const serve = serves[target] as ServeRun;
          clicksSent += 1;
          perInstance[target] = (perInstance[target] ?? 0) + 1;
          onClick(target);
          if (roll < 0.3 || bomb === undefined) {
            const department = random() < 0.5 ? "logistica" : "comercial";
            await submitTo(serve, reportInput(viewId, `Cliente M${run}-${j}`, department), {
              kind: "report",
              bombId: null,
              actor: email.ana,
            });
          } else if (roll < 0.6) {
            await submitTo(
              serve,
              {
                userId: slackIdOf(bomb.holder),
                callbackId: "bomba_accept",
                privateMetadata: { bombId: bomb.id },
                viewId,
                values: {
                  severity: stateValue.radio("minor"),
                  due: stateValue.date(isoDate(now + 4 * 24 * HOUR)),
                  visit_by: stateValue.user(slackIdOf(bomb.holder)),
                  visit_on: stateValue.date(isoDate(now)),
                  plan: stateValue.text("Revisar las rutas y visitar al cliente."),
                },
              },
              { kind: "accepted", bombId: bomb.id, actor: bomb.holder },
            );
          } else if (roll < 0.85) {
            const to = bomb.holder === email.nacho ? slackIds.sergio : slackIds.nacho;
            await submitTo(
              serve,
              {
                userId: slackIdOf(bomb.holder),
                callbackId: "bomba_forward",
                privateMetadata: { bombId: bomb.id },
                viewId,
                values: {
                  target: stateValue.staticSelect(to),
                  note: stateValue.text("Esto es de vuestro departamento."),
                },
              },
              { kind: "forwarded", bombId: bomb.id, actor: bomb.holder },
            );
          } else {
            await submitTo(
              serve,
              {
                userId: slackIds.ana,
                callbackId: "bomba_defuse",
                privateMetadata: { bombId: bomb.id },
                viewId,
                values: { reason: stateValue.text("El cliente retira la queja.") },
              },
              { kind: "defused", bombId: bomb.id, actor: email.ana },
            );
          }
        })(),
      );
    }
    // Slack's user clicks again when a submission got no answer: the same view, once.
    for (const viewId of unanswered.splice(0)) {
      retriedReports += 1;
      const target = Math.floor(random() * serves.length);
      jobs.push(
        submitTo(serves[target] as ServeRun, reportInput(viewId, `Reintento ${viewId}`), {
          kind: "report",
          bombId: null,
          actor: email.ana,
        }),
      );
    }
    await Promise.all(jobs);
  }

  /** After a run: the database is sound, and every acknowledged click is in it, once. */
  function checkRun(context: string): void {
    expect(problems(db), context).toEqual([]);
    const count = (sql: string, params: unknown[]) => db.all<{ n: number }>(sql, params)[0]?.n ?? 0;
    for (const a of acked) {
      if (a.kind === "report") {
        const n = count("SELECT count(*) AS n FROM bombs WHERE source_key = ?", [
          `view:${a.viewId}`,
        ]);
        expect(n, `${context}\nreport ${a.viewId}`).toBe(1);
      } else {
        const n = count(
          "SELECT count(*) AS n FROM bomb_events WHERE bomb_id = ? AND kind = ? AND actor = ?",
          [a.bombId, a.kind, a.actor],
        );
        expect(n, `${context}\n${a.kind} #${a.bombId}`).toBeGreaterThan(0);
      }
    }
    for (const viewId of unanswered) {
      const n = count("SELECT count(*) AS n FROM bombs WHERE source_key = ?", [`view:${viewId}`]);
      expect(n, `${context}\nunanswered ${viewId}`).toBeLessThanOrEqual(1);
    }
    runsChecked += 1;
  }

  it("after every kill the others finish what was due within one pass, and the store agrees " +
    "with itself", async () => {
    let healthyMs = 2_000;
    for (let run = 0; run < RUNS; run++) {
      const clock = clockOf(run);
      const roll = random();
      const mode = roll < 0.3 ? "boot" : roll < 0.65 ? "working" : "click";
      const victim = Math.floor(random() * INSTANCES);
      const delay = Math.round(
        mode === "boot" ? healthyMs * (0.3 + random() * 0.7) : healthyMs + random() * 1_200,
      );
      const startedAt = Date.now();
      const serves = await Promise.all(
        Array.from({ length: INSTANCES }, () => startServe(ws, clock)),
      );
      const dead = serves[victim] as ServeRun;
      const survivors = serves.filter((_, i) => i !== victim);
      let killedAt = 0;
      const kill = (why: string, phase: keyof typeof phases) => {
        if (killedAt !== 0) return;
        killedAt = Date.now();
        phases[phase] += 1;
        history.push(`run ${run}: instance ${victim} killed ${why} (${phase})`);
        void dead.kill();
      };
      const timer = setTimeout(
        () => kill(`at ${delay} ms`, mode === "boot" ? "boot" : "working"),
        mode === "click" ? healthyMs + 3_000 : delay,
      );
      let clickKill = mode === "click";
      try {
        const ready = await Promise.all(survivors.map((s) => s.healthy(60_000)));
        healthyMs = Math.round(healthyMs * 0.7 + Math.max(...ready) * 0.3);
        await clickAround(serves, run, (target) => {
          if (clickKill && target === victim) {
            clickKill = false;
            const after = Math.round(random() * 15);
            setTimeout(() => kill(`${after} ms after a click reached it`, "click"), after);
          }
        });
        if (killedAt === 0) {
          // Every click went elsewhere, or they were all answered before the timer.
          clearTimeout(timer);
          kill("after the clicks", "working");
        }
        await dead.running.done;
        // The survivors carry on: what was due before the kill, and not held by the dead
        // instance's lease, is done by their next pass at the latest.
        const dueBy = clock + (killedAt - startedAt);
        const carryStart = Date.now();
        let left = leftOver(db, dueBy);
        while ((left.bombs > 0 || left.rows > 0) && Date.now() - carryStart < ONE_PASS_MS) {
          await new Promise((r) => setTimeout(r, 100));
          left = leftOver(db, dueBy);
        }
        const carryMs = Date.now() - carryStart;
        if (carryMs > 5_000) slowRuns += 1;
        slowestCarryOnMs = Math.max(slowestCarryOnMs, carryMs);
        const context = `seed ${seed}\n${history.join("\n")}\n${survivors.map((s) => s.stderr()).join("\n")}`;
        expect(left, `${context}\nleft after one pass`).toEqual({ bombs: 0, rows: 0 });
        for (const s of survivors) expect(s.exited(), context).toBe(false);
        await Promise.all(survivors.map((s) => s.stop()));
        checkRun(context);
      } finally {
        clearTimeout(timer);
        await Promise.all(serves.map((s) => s.kill()));
      }
    }
    expect(runsChecked).toBe(RUNS);
  }, 600_000);

  it("sends every message once and in order, and each daily digest once, when the leases run out", async () => {
    // Two instances a working day on: every lease of a killed instance has run out.
    const clock = clockOf(RUNS + 1);
    const serves = await Promise.all([startServe(ws, clock), startServe(ws, clock)]);
    try {
      await Promise.all(serves.map((s) => s.healthy(60_000)));
      const startedAt = Date.now();
      let left = leftOver(db, clock);
      while (left.bombs + left.rows > 0 && Date.now() - startedAt < 90_000) {
        await new Promise((r) => setTimeout(r, 100));
        left = leftOver(db, clock);
      }
      expect(left).toEqual({ bombs: 0, rows: 0 });
      // 15:00 on a working day: today's digest is due, and queued once the start-up pass is done.
      const today = isoDate(clock);
      await new Promise<void>((resolve, reject) => {
        const poll = () => {
          // The instances' clocks have run on since they started: what is due by now goes too.
          const now = Math.floor(
            clock + (performance.now() - Math.min(...serves.map((s) => s.spawnedAt))),
          );
          const digestQueued =
            db.all("SELECT 1 FROM job_runs WHERE job = 'digest' AND period = ?", [today]).length >
            0;
          const due = db.all<{ n: number }>(
            "SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?",
            [now],
          )[0]?.n;
          if (digestQueued && due === 0) resolve();
          else if (Date.now() - startedAt > 90_000) {
            reject(new Error(`digest of ${today} queued: ${digestQueued}; ${due} rows due`));
          } else setTimeout(poll, 100);
        };
        poll();
      });
    } finally {
      await Promise.all(serves.map((s) => s.stop()));
    }
    expect(problems(db)).toEqual([]);
    const calls: readonly RecordedCall[] = ws.standIn.calls;
    const audit = auditDeliveryRows((sql) => db.all(sql), calls);
    expect(audit.phantom).toEqual([]);
    expect(audit.outOfOrder).toEqual([]);
    expect(audit.messages.failed).toBe(0);
    const tagOf = (c: RecordedCall) =>
      (c.args.metadata as { event_payload?: { outbox_id?: number } } | undefined)?.event_payload
        ?.outbox_id;
    const unrecorded = audit.unrecorded.map((c) => ({
      tag: tagOf(c),
      at: c.at,
      ts: c.response?.ts,
      row: db.all("SELECT * FROM outbox WHERE id = ?", [tagOf(c) ?? 0])[0],
      landed: db.all("SELECT * FROM deliveries WHERE outbox_id = ?", [tagOf(c) ?? 0]),
      posts: calls
        .filter((p) => p.method === "chat.postMessage" && tagOf(p) === tagOf(c))
        .map((p) => ({ at: p.at, ok: p.response?.ok, ts: p.response?.ts })),
      history: history.join("\n"),
    }));
    expect(unrecorded).toEqual([]);
    expect(audit.posts).toBe(audit.messages.sent);
    const twice = sentTwice(calls);
    expect(twice).toEqual({ posts: [], files: [], untagged: 0 });
    const digests = db.all<{ period: string; n: number }>(
      `SELECT j.period, (SELECT count(*) FROM outbox o
                         WHERE o.kind = 'digest' AND o.dedupe_key LIKE 'digest:' || j.period || ':%'
                           AND o.status = 'sent') AS n
       FROM job_runs j WHERE j.job = 'digest' ORDER BY j.period`,
    );
    expect(digests.length).toBeGreaterThanOrEqual(Math.floor(RUNS / 2));
    for (const d of digests) expect(d.n, `digest ${d.period}`).toBeGreaterThan(0);
    const lookUps = ws.standIn.callsTo("conversations.history").length;
    finalLine =
      `at the end ${audit.messages.sent} messages: ${audit.messages.pending} lost, ` +
      `${twice.posts.length} sent twice, ${audit.outOfOrder.length} out of order ` +
      `(${lookUps} history look-ups for rows whose instance died); ${digests.length} daily ` +
      "digests, each once; every due step once";
  }, 240_000);
});
