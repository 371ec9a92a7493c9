/**
 * A scheduler killed mid-pass (SIGKILL: no cleanup, no rollback by the process) loses and
 * doubles nothing: SQLite rolls back the open transaction, the next run picks up where the
 * committed work ends, and the end state is exactly that of a run that never crashed.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPass } from "../../src/app/scheduler.ts";
import { dueBombIds } from "../../src/store/sqlite/bomb-store.ts";
import { closeDatabase, openDatabase } from "../../src/store/sqlite/database.ts";
import {
  copyDatabase,
  counts,
  createSeededDatabase,
  passInstants,
  servicesOn,
  snapshot,
  storeProblems,
  tempDir,
} from "../fixtures/bomb-db.ts";
import { type ChildRun, passLoop } from "../fixtures/child-process.ts";

const BOMBS = 600;
const DAYS = 20;
const BATCH = 10;
const RUNS = 10;

/** A small seeded generator, so a failing run can be replayed from the seed in its message. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Starts the pass loop and SIGKILLs it `delay` ms after it opened the database. */
function runAndKill(file: string, delay: number): Promise<ChildRun & { passes: number }> {
  let passes = 0;
  let timer: NodeJS.Timeout | undefined;
  const running = passLoop(file, DAYS, BATCH, (line) => {
    if (line === "ready") timer = setTimeout(() => running.child.kill("SIGKILL"), delay);
    if (line.startsWith("pass ")) passes++;
  });
  return running.done.then((run) => {
    clearTimeout(timer);
    return { ...run, passes };
  });
}

describe("a scheduler process killed mid-pass", () => {
  let dir: ReturnType<typeof tempDir>;
  let template: string;
  let reference: ReturnType<typeof snapshot>;
  /** How long the whole loop takes in-process: kills are spread over that span. */
  let workMs: number;

  beforeAll(async () => {
    dir = tempDir();
    template = join(dir.path, "template.db");
    await createSeededDatabase(template, BOMBS);
    const svc = servicesOn(copyDatabase(template, join(dir.path, "reference.db")));
    try {
      const started = performance.now();
      for (const at of passInstants(DAYS)) await runPass(svc, at, { batchSize: BATCH });
      workMs = performance.now() - started;
      reference = snapshot(svc.store.db);
    } finally {
      closeDatabase(svc.store.db);
    }
  });

  afterAll(() => {
    dir.remove();
  });

  it("leaves a sound database each time, and a final run reaches the uncrashed end state", async () => {
    const seed = Date.now();
    const next = random(seed);
    const file = copyDatabase(template, join(dir.path, "crashed.db"));
    const history: string[] = [];
    let killed = 0;
    for (let run = 0; run < RUNS; run++) {
      // On average 15% of the (in-process) work per run: the kills land all along the passes,
      // and whatever the runs left undone the final run does.
      const delay = Math.round((next() * 3 * workMs) / RUNS);
      const outcome = await runAndKill(file, delay);
      history.push(
        `run ${run}: kill at ${delay} of ${Math.round(workMs)} ms, ${outcome.passes} passes`,
      );
      const context = `seed ${seed}\n${history.join("\n")}\n${outcome.stderr}`;
      if (outcome.signal === "SIGKILL") killed++;
      else expect(outcome.code, context).toBe(0);

      const db = openDatabase(file);
      try {
        expect(db.$client.pragma("integrity_check", { simple: true }), context).toBe("ok");
        expect(storeProblems(db), context).toEqual([]);
        expect(counts(db).bombs, context).toBe(BOMBS);
      } finally {
        closeDatabase(db);
      }
    }
    expect(killed, history.join("\n")).toBeGreaterThanOrEqual(RUNS / 2);

    // The restart is just the next run: passes already done are idle, the rest is done once.
    const svc = servicesOn(file);
    try {
      for (const at of passInstants(DAYS)) await runPass(svc, at, { batchSize: BATCH });
      const last = passInstants(DAYS).at(-1) ?? 0;
      expect(dueBombIds(svc.store.db, last, 10)).toEqual([]);
      expect(storeProblems(svc.store.db)).toEqual([]);
      const crashed = snapshot(svc.store.db);
      expect(crashed.events.length, `seed ${seed}`).toBe(reference.events.length);
      expect(crashed.outbox.length, `seed ${seed}`).toBe(reference.outbox.length);
      expect(crashed).toEqual(reference);
    } finally {
      closeDatabase(svc.store.db);
    }
  }, 150_000);
});
