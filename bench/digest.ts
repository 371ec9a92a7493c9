/**
 * The digest part of `npm run bench` alone (not part of it): seeds 10,000 pending bombs, builds
 * the daily digest as the job does (`loadDigest`, then `buildDigest` into Slack messages) several
 * times and prints each part's median, wall-clock and CPU (on a shared machine the CPU time moves
 * less), with the machine's load average beside it.
 *
 *   node --import tsx bench/digest.ts [RUNS]
 *
 * BENCH_DIGEST_ACCEPTED_EVERY=4 seeds every fourth bomb accepted instead of all pending.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadDigest } from "../src/app/digest.ts";
import { directoryOf } from "../src/app/directory.ts";
import { buildDigest } from "../src/slack/blocks/digest.ts";
import { closeDatabase } from "../src/store/sqlite/database.ts";
import { median } from "./load.ts";
import { REFERENCE_NOW, seedOpenBombs, servicesFor, slackUsersOf } from "./seed.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ORG_FILE = join(ROOT, "org.example.yaml");
const runs = Number(process.argv[2] ?? 15);
const acceptedEvery = Number(process.env.BENCH_DIGEST_ACCEPTED_EVERY ?? 1e9);

const dir = mkdtempSync(join(tmpdir(), "bomba-digest-"));
try {
  const svc = servicesFor(ORG_FILE, join(dir, "digest.db"));
  seedOpenBombs(svc, { count: 10_000, due: 0, acceptedEvery, now: REFERENCE_NOW });
  const ctx = {
    org: svc.org,
    calendar: svc.calendar,
    directory: directoryOf("slack", Object.entries(slackUsersOf(svc.org))),
    now: REFERENCE_NOW,
  };
  const load: number[] = [];
  const build: number[] = [];
  const whole: number[] = [];
  const loadCpu: number[] = [];
  const buildCpu: number[] = [];
  let shape = "";
  const before = loadavg()[0] ?? 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const data = await loadDigest(svc, REFERENCE_NOW);
    const loaded = performance.now();
    const cpuLoaded = process.cpuUsage();
    const messages = buildDigest(data, ctx);
    const done = performance.now();
    const cpuDone = process.cpuUsage();
    loadCpu.push(cpuMs(cpuStarted, cpuLoaded));
    buildCpu.push(cpuMs(cpuLoaded, cpuDone));
    load.push(loaded - started);
    build.push(done - loaded);
    whole.push(done - started);
    shape = `${data.total} bombs (${data.overdue} overdue) in ${messages.length} messages`;
  }
  closeDatabase(svc.store.db);
  const after = loadavg()[0] ?? 0;
  console.log(shape);
  console.log(
    `median of ${runs}: digest ${median(whole).toFixed(1)} ms = loadDigest ${median(load).toFixed(1)} ms + buildDigest ${median(build).toFixed(1)} ms`,
  );
  console.log(
    `CPU medians: loadDigest ${median(loadCpu).toFixed(1)} ms + buildDigest ${median(buildCpu).toFixed(1)} ms`,
  );
  console.log(`load average (1 min) ${before.toFixed(2)} before, ${after.toFixed(2)} after`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function cpuMs(from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number {
  return (to.user - from.user + to.system - from.system) / 1000;
}
