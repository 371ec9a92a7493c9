/**
 * The bench's child processes: started with a bare environment (PATH and HOME only, so no stray
 * setting changes what is measured), stopped with SIGTERM, and killed if the bench dies.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { get } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import Sqlite from "better-sqlite3";

/** Every child still running, killed by the bench's `finally`. */
export const children = new Set<ChildProcess>();

/** Writes a progress line on stderr. */
export function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

/** Kills every child still running. */
export function killChildren(): void {
  for (const child of children) child.kill("SIGKILL");
}

export function spawnNode(args: string[], env: Record<string, string>, cwd: string): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.on("exit", (code, signal) => {
    children.delete(child);
    if (code !== 0 && signal === null) log(`child ${args.join(" ")} exited ${code}:\n${stderr}`);
  });
  children.add(child);
  return child;
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await gone;
  clearTimeout(timer);
}

export async function waitHealthy(
  port: number,
  child: ChildProcess,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`child exited ${child.exitCode} before healthy`);
    if ((await healthStatus(port)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`not healthy after ${timeoutMs} ms`);
}

function healthStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: "127.0.0.1", port, path: "/healthz", agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once `serve` has delivered everything queued (a read-only look every 50 ms). */
export async function outboxDrained(
  dbFile: string,
  notes: string[],
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const db = new Sqlite(dbFile, { readonly: true, fileMustExist: true });
    const row = db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as {
      n: number;
    };
    db.close();
    if (row.n === 0) return;
    if (performance.now() > deadline) {
      notes.push(`${row.n} outbox rows still pending when the ack run started`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Peak resident set of a live child (VmHWM), in MB. */
export function peakRssOf(child: ChildProcess): number {
  return statusMb(child, "VmHWM");
}

/** Resident set of a live child now (VmRSS), in MB. */
export function rssOf(child: ChildProcess): number {
  return statusMb(child, "VmRSS");
}

/** A field of a live child's /proc status (VmRSS, VmHWM, RssAnon, RssFile…), in MB. */
export function statusMb(child: ChildProcess, field: string): number {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/**
 * Builds dist/ (scripts/bundle.mjs, as `npm run build` does), so that `bin/bomba.js` runs the
 * compiled bundle rather than falling back to the TypeScript sources newer than it.
 */
export function buildBundle(root: string): void {
  const built = spawnSync(process.execPath, ["scripts/bundle.mjs"], {
    cwd: root,
    stdio: "inherit",
  });
  if (built.status !== 0) throw new Error(`scripts/bundle.mjs exited ${built.status}`);
}

/**
 * A bare baseline app (bench/bare-bolt.ts, bench/bare-teams.ts) bundled into `dir` as one ES
 * module, the way scripts/bundle.mjs bundles the bot, so that both sides of a ratio run from
 * compiled JavaScript and neither under tsx. Returns the file's path.
 */
export async function bundleBareApp(root: string, entry: string, dir: string): Promise<string> {
  const { build } = await import("esbuild");
  const name = entry.replace(/^.*\//, "").replace(/\.ts$/, "");
  const outfile = join(dir, `${name}.mjs`);
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node22",
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
    // Resolved from the checkout's node_modules, like the bot's bundle's externals.
    nodePaths: [join(root, "node_modules")],
    banner: {
      js: 'import { createRequire as __bareCreateRequire } from "node:module";\nconst require = __bareCreateRequire(import.meta.url);',
    },
  });
  return outfile;
}
