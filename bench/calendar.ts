/**
 * Micro-benchmark of the working-day calendar (not part of `npm run bench`):
 *   node --import tsx bench/calendar.ts          calendar calls only
 *   node --import tsx bench/calendar.ts --pass   also a scheduler pass and the digest, end to end
 * CALENDAR_MODULE=/path/to/calendar.ts measures another copy of the module (calendar calls only).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadDigest } from "../src/app/digest.ts";
import { directoryOf } from "../src/app/directory.ts";
import { runPass } from "../src/app/scheduler.ts";
import type { CalendarSettings } from "../src/core/org.ts";
import { holidaySource } from "../src/org/holidays.ts";
import { buildDigest } from "../src/slack/blocks/digest.ts";
import { closeDatabase } from "../src/store/sqlite/database.ts";
import { REFERENCE_NOW, seedOpenBombs, servicesFor, slackUsersOf } from "./seed.ts";

type Module = typeof import("../src/core/calendar.ts");
const modulePath = process.env.CALENDAR_MODULE;
const { createCalendar }: Module = await import(
  modulePath === undefined ? "../src/core/calendar.ts" : pathToFileURL(modulePath).href
);

const MADRID: CalendarSettings = {
  timezone: "Europe/Madrid",
  workdays: ["mon", "tue", "wed", "thu", "fri"],
  dayStarts: "09:00",
  dayEnds: "18:00",
  holidays: { country: "ES", region: "MD", extra: ["2026-12-24", "2026-12-31"] },
};

const START = Date.parse("2026-01-01T00:00:00Z");
const SPAN = 365 * 86_400_000;

// A deterministic spread of instants over 2026 (minute resolution, like stored instants).
function instants(count: number, seed: number): number[] {
  let state = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    out.push(START + Math.floor((state / 2 ** 32) * (SPAN / 60_000)) * 60_000);
  }
  return out;
}

async function time(label: string, run: () => number | Promise<number>): Promise<void> {
  const started = process.hrtime.bigint();
  const check = await run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${label.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms   (checksum ${check})`);
}

const calendar = createCalendar(MADRID, holidaySource("ES", "MD"));
const moments = instants(200_000, 1);
const starts = instants(50_000, 2);
const localDates = instants(100_000, 3);

console.log(`module: ${modulePath ?? "src/core/calendar.ts"}`);
await time("200,000 nextWorkingMoment", () => {
  let sum = 0;
  for (const at of moments) sum = (sum + calendar.nextWorkingMoment(at)) % 1e9;
  return sum;
});
await time("50,000 addWorkingDays (n = 1..5)", () => {
  let sum = 0;
  for (let i = 0; i < starts.length; i++) {
    sum = (sum + calendar.addWorkingDays(starts[i] as number, 1 + (i % 5))) % 1e9;
  }
  return sum;
});
await time("100,000 localDate", () => {
  let sum = 0;
  for (const at of localDates) sum += calendar.localDate(at).length;
  return sum;
});
await time("50,000 add({ days: 3 }) + subtract({ workingDays: 2 })", () => {
  let sum = 0;
  for (const at of starts) {
    sum = (sum + calendar.add(at, { days: 3 }) + calendar.subtract(at, { workingDays: 2 })) % 1e9;
  }
  return sum;
});
await time("20,000 endOfDate + openingOnOrBefore", () => {
  let sum = 0;
  for (let i = 0; i < 20_000; i++) {
    const date = calendar.localDate(starts[i] as number);
    sum = (sum + calendar.endOfDate(date) + calendar.openingOnOrBefore(date)) % 1e9;
  }
  return sum;
});
await time("2,000 workingMillisBetween (≈ 30 days)", () => {
  let sum = 0;
  for (let i = 0; i < 2_000; i++) {
    const from = starts[i] as number;
    sum = (sum + calendar.workingMillisBetween(from, from + 30 * 86_400_000)) % 1e9;
  }
  return sum;
});
await time("fresh calendar: 1,000 nextWorkingMoment", () => {
  const fresh = createCalendar(MADRID, holidaySource("ES", "MD"));
  let sum = 0;
  for (let i = 0; i < 1_000; i++) sum = (sum + fresh.nextWorkingMoment(moments[i] as number)) % 1e9;
  return sum;
});

if (process.argv.includes("--pass")) {
  const orgFile = fileURLToPath(new URL("../org.example.yaml", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "bench-calendar-"));
  try {
    const passDb = join(dir, "pass.db");
    const seeding = servicesFor(orgFile, passDb);
    seedOpenBombs(seeding, { count: 20_000, due: 4_000, acceptedEvery: 4, now: REFERENCE_NOW });
    closeDatabase(seeding.store.db);
    const svc = servicesFor(orgFile, passDb);
    await time(
      "scheduler pass: 4,000 due of 20,000 open",
      async () => (await runPass(svc, REFERENCE_NOW)).bombs,
    );
    await time("idle pass", async () => (await runPass(svc, REFERENCE_NOW)).bombs);
    closeDatabase(svc.store.db);

    const digestDb = join(dir, "digest.db");
    const digest = servicesFor(orgFile, digestDb);
    seedOpenBombs(digest, { count: 10_000, due: 0, acceptedEvery: 1e9, now: REFERENCE_NOW });
    const ctx = {
      org: digest.org,
      calendar: digest.calendar,
      directory: directoryOf("slack", Object.entries(slackUsersOf(digest.org))),
      now: REFERENCE_NOW,
    };
    for (let run = 1; run <= 3; run++) {
      await time(`digest of 10,000 pending (run ${run})`, async () => {
        return buildDigest(await loadDigest(digest, REFERENCE_NOW), ctx).length;
      });
    }
    closeDatabase(digest.store.db);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
