/**
 * One instance of the bot's scheduler for the PostgreSQL bench: opens the store at argv[2] with
 * the org file argv[3], says "ready", waits for "go" on stdin, runs the whole pass at argv[4]
 * (epoch ms) and prints what it did and when, as one JSON line. Several run at once on one
 * database to measure how the work shares out between instances.
 */
import { createInterface } from "node:readline";
import { runPass } from "../src/app/scheduler.ts";
import { loadOrgFile } from "../src/org/load-org.ts";
import { calendarFor } from "../src/org/org-calendar.ts";
import { openPostgresStore } from "../src/store/postgres/store.ts";

const [url, orgFile, at] = process.argv.slice(2);
if (url === undefined || orgFile === undefined || at === undefined) {
  throw new Error("usage: pg-pass-worker URL ORG_FILE EPOCH_MS");
}
const loaded = loadOrgFile(orgFile);
if (!loaded.ok) throw new Error(`${orgFile}: ${JSON.stringify(loaded.issues[0])}`);
const store = await openPostgresStore(url, { poolSize: 2 });
const svc = { store, org: loaded.org, calendar: calendarFor(loaded.org) };
const lines = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
for await (const line of lines) {
  if (line !== "go") continue;
  const startedAt = Date.now();
  const pass = await runPass(svc, Number(at));
  const endedAt = Date.now();
  process.stdout.write(`${JSON.stringify({ bombs: pass.bombs, startedAt, endedAt })}\n`);
  break;
}
lines.close();
await store.close();
