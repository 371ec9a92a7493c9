/**
 * The ack part of `npm run bench` alone, measured in CPU rather than wall-clock: on a shared
 * machine the serve's own CPU time per request (utime + stime from /proc) moves far less than
 * its latencies. Seeds 10,000 open bombs, starts `bomba serve` (compiled dist/, or src/ under
 * tsx with BENCH_SRC=1 for readable profiles; bench/bare-bolt.ts, bundled as `npm run bench`
 * bundles it, with BENCH_BARE=1), sends lists and accept clicks, and prints the CPU milliseconds
 * per request of each kind, their latencies, and the resident set after start-up and after the
 * load. BENCH_ONLY=list (or click) sends that kind alone; BENCH_REQUESTS sets how many of each
 * (1,000); BENCH_SNAPSHOT_DIR, a folder for heap snapshots after start-up and after the load.
 *
 *   node --import tsx bench/ack-cpu.ts [PROFILE_DIR]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { actions } from "../src/chat/ids.ts";
import { closeDatabase } from "../src/store/sqlite/database.ts";
import { blockActionPayload, slashCommandFields } from "../test/support/signed-request.ts";
import { type PlannedRequest, percentile, runLoad } from "./load.ts";
import {
  bundleBareApp,
  freePort,
  outboxDrained,
  statusMb,
  stopChild,
  waitHealthy,
} from "./processes.ts";
import {
  REFERENCE_NOW,
  seedOpenBombs,
  serveEnv,
  servicesFor,
  signedSlackRequest,
  slackUsersOf,
} from "./seed.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ORG_FILE = join(ROOT, "org.example.yaml");
const profileDir = process.argv[2];
const count = Number(process.env.BENCH_REQUESTS ?? 1000);
/** Requests in flight at once: 8, as in `npm run bench`, unless BENCH_IN_FLIGHT says. */
const inFlight = Number(process.env.BENCH_IN_FLIGHT ?? 8);

/** BENCH_SNAPSHOT_DIR: heap snapshots of the served process there, after start-up and after the load. */
const snapshotDir = process.env.BENCH_SNAPSHOT_DIR;

const dir = mkdtempSync(join(tmpdir(), "bomba-ack-cpu-"));
const children: ChildProcess[] = [];
try {
  const dbFile = join(dir, "ack.db");
  const svc = servicesFor(ORG_FILE, dbFile);
  const seeded = seedOpenBombs(svc, {
    count: 10_000,
    due: 0,
    acceptedEvery: 4,
    now: REFERENCE_NOW,
  });
  const users = slackUsersOf(svc.org);
  closeDatabase(svc.store.db);

  const standIn = spawnNode(["--import", "tsx", "bench/stand-in.ts", JSON.stringify(users)], {});
  const lines = createInterface({ input: standIn.stdout as NodeJS.ReadableStream });
  const first = await new Promise<string>((resolve) => lines.once("line", resolve));
  const apiUrl = (JSON.parse(first) as { url: string }).url;
  const serveEnvOn = (port: number) => serveEnv(apiUrl, port, dbFile, ORG_FILE);

  // BENCH_STARTUPS=n: n start-ups to /healthz, the last one profiled, and nothing else.
  const startups = Number(process.env.BENCH_STARTUPS ?? 0);
  for (let i = 0; i < startups; i++) {
    const port = await freePort();
    const prof =
      profileDir && i === startups - 1
        ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--cpu-prof-name=startup.cpuprofile"]
        : [];
    const started = performance.now();
    const child = spawnNode([...prof, join(ROOT, "bin/bomba.js"), "serve"], serveEnvOn(port));
    await waitHealthy(port, child);
    process.stdout.write(`start-up ${(performance.now() - started).toFixed(0)} ms\n`);
    await stopChild(child);
  }
  if (startups > 0) process.exit(0);
  if (!process.env.BENCH_BARE) {
    // As in `npm run bench`: the day's first start-up builds and queues the digest, and the
    // measured serve is a later one.
    const port = await freePort();
    const firstOfDay = spawnNode([join(ROOT, "bin/bomba.js"), "serve"], serveEnvOn(port));
    await waitHealthy(port, firstOfDay);
    await stopChild(firstOfDay);
  }
  const port = await freePort();
  const prof = profileDir
    ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--cpu-prof-name=ack.cpuprofile"]
    : [];
  const entry = process.env.BENCH_BARE
    ? [await bundleBareApp(ROOT, "bench/bare-bolt.ts", dir)]
    : process.env.BENCH_SRC
      ? [
          "--import",
          "tsx",
          "--input-type=module",
          "-e",
          `const { main } = await import(${JSON.stringify(join(ROOT, "src/cli/main.ts"))}); process.exitCode = await main(process.argv.slice(1));`,
        ]
      : [join(ROOT, "bin/bomba.js")];
  const serve = spawnNode(
    [
      ...prof,
      // BENCH_NODE_FLAGS="--trace-gc …": node flags for the served process alone.
      ...(process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? []),
      ...(snapshotDir ? ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${snapshotDir}`] : []),
      ...entry,
      ...(process.env.BENCH_BARE ? [] : ["serve"]),
    ],
    serveEnvOn(port),
  );
  // What serve prints (a warning, or --trace-gc's lines) goes to stderr, out of the results.
  serve.stdout?.pipe(process.stderr);
  await waitHealthy(port, serve);
  // The first start-up of the day queues the digest: its delivery is not what is measured.
  const notes: string[] = [];
  if (!process.env.BENCH_BARE) await outboxDrained(dbFile, notes);
  for (const note of notes) process.stdout.write(`${note}\n`);
  await new Promise((r) => setTimeout(r, 500));
  process.stdout.write(`after start-up: ${memoryOf(serve)}\n`);
  await heapSnapshot(serve);
  const url = `http://127.0.0.1:${port}/slack/events`;
  const holders = [...seeded.pendingByHolder.entries()].map(([person, ids]) => ({
    slackId: users[person] ?? "U0NOBODY",
    ids,
  }));
  const plan = (kind: "list" | "click", n: number): PlannedRequest[] =>
    Array.from({ length: n }, (_, i) => {
      const holder = holders[i % holders.length] ?? { slackId: "U0NOBODY", ids: [1] };
      const body =
        kind === "list"
          ? new URLSearchParams(
              Object.entries(
                slashCommandFields({
                  user_id: holder.slackId,
                  user_name: holder.slackId.toLowerCase(),
                  text: "list",
                }),
              ),
            ).toString()
          : new URLSearchParams({
              payload: JSON.stringify(
                blockActionPayload({
                  userId: holder.slackId,
                  actionId: actions.accept,
                  value: String(holder.ids[i % holder.ids.length] ?? 1),
                }),
              ),
            }).toString();
      return { kind, build: () => signedSlackRequest(body) };
    });
  // BENCH_ONLY=list or click: that kind alone, warm-up included (a profile of one path).
  const only = process.env.BENCH_ONLY;
  const kinds = (["list", "click"] as const).filter((k) => only === undefined || k === only);
  await runLoad(
    url,
    kinds.flatMap((k) => plan(k, 300)),
    inFlight,
  );
  for (const kind of kinds) {
    await new Promise((r) => setTimeout(r, 300));
    const before = cpuMs(serve);
    const samples = await runLoad(url, plan(kind, count), inFlight);
    await new Promise((r) => setTimeout(r, 300));
    const used = cpuMs(serve) - before;
    const ms = samples.map((s) => s.ms);
    const bad = samples.filter((s) => s.status !== 200).length;
    process.stdout.write(
      `${kind}: ${(used / count).toFixed(3)} ms CPU each; p50 ${percentile(ms, 50).toFixed(2)} p99 ${percentile(ms, 99).toFixed(2)} ms${bad ? `; ${bad} not 200` : ""}\n`,
    );
  }
  process.stdout.write(`after the load: ${memoryOf(serve)}\n`);
  await heapSnapshot(serve);
  await stopChild(serve);
  await stopChild(standIn);
} finally {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
}

/** With BENCH_SNAPSHOT_DIR, has the child write a heap snapshot there and waits until it has. */
async function heapSnapshot(child: ChildProcess): Promise<void> {
  if (!snapshotDir) return;
  const before = readdirSync(snapshotDir).length;
  child.kill("SIGUSR2");
  // The file appears when the snapshot starts; it is whole once its size stops changing.
  let size = -1;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const files = readdirSync(snapshotDir).filter((f) => f.endsWith(".heapsnapshot"));
    if (files.length <= before) continue;
    const newest = files
      .map((f) => statSync(join(snapshotDir, f)))
      .sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
    if (newest !== undefined && newest.size === size && size > 0) return;
    size = newest?.size ?? -1;
  }
}

/** A child's resident set now, its peak, and what the resident set is made of, from /proc. */
function memoryOf(child: ChildProcess): string {
  const fields = ["VmRSS", "VmHWM", "RssAnon", "RssFile"];
  return `${fields.map((f) => `${f} ${statusMb(child, f).toFixed(1)}`).join(", ")} MB`;
}

/** utime + stime of a child, in ms (clock ticks of 10 ms). */
function cpuMs(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function spawnNode(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.push(child);
  return child;
}
