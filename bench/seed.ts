/**
 * Seeds the benchmark's databases fast and through the real code: the core computes one
 * transition per department and opening instant, and every bomb is a copy of one of them with
 * its own id, written by the store's own `insertBomb` / `saveTransition`, in one transaction.
 */
import type { Services } from "../src/app/services.ts";
import type { Bomb } from "../src/core/bomb.ts";
import { report } from "../src/core/commands/report.ts";
import type { Transition } from "../src/core/effects.ts";
import type { Org } from "../src/core/org.ts";
import { type Command, decide } from "../src/core/transitions.ts";
import { loadOrgFile } from "../src/org/load-org.ts";
import { calendarFor } from "../src/org/org-calendar.ts";
import { insertBomb, saveTransition } from "../src/store/sqlite/bomb-store.ts";
import { openSqliteStore, type SqliteStore } from "../src/store/sqlite/store.ts";
import { signBody } from "../test/support/signed-request.ts";
import { STAND_IN_BOT_TOKEN } from "../test/support/slack-stand-in.ts";

/** The reference instant of every run: Monday 14 December 2026, 10:00 in Madrid. */
export const REFERENCE_CLOCK = "2026-12-14T10:00:00+01:00";
/** `REFERENCE_CLOCK` in epoch milliseconds. */
export const REFERENCE_NOW = Date.parse(REFERENCE_CLOCK);

/** The secret the bench signs its Slack requests with. */
export const BENCH_SIGNING_SECRET = "bench-signing-secret-5f2e";

/** A Slack request body with the headers Slack signs it with, now. */
export function signedSlackRequest(body: string) {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signBody(BENCH_SIGNING_SECRET, body, timestamp),
    },
  };
}

/** What a Slack app under the bench starts with: the stand-in's Web API, a port, the secret. */
export function slackAppEnv(apiUrl: string, port: number): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: STAND_IN_BOT_TOKEN,
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    PORT: String(port),
  };
}

/** What `bomba serve` starts with: the same, the seeded database, the org file, the bench's clock. */
export function serveEnv(
  apiUrl: string,
  port: number,
  dbFile: string,
  orgFile: string,
): Record<string, string> {
  return {
    ...slackAppEnv(apiUrl, port),
    BOMBA_DB: dbFile,
    BOMBA_ORG: orgFile,
    BOMBA_CLOCK: REFERENCE_CLOCK,
    LOG_LEVEL: "warn",
  };
}

/** How many bombs to seed and how. */
export interface SeedPlan {
  count: number;
  /** Pending bombs whose answer window ends at or before `now`: one escalation each. */
  due: number;
  /** Every n-th bomb that is not due is accepted (with a committed date 9 days ahead). */
  acceptedEvery: number;
  now: number;
}

/** What was seeded, to check the databases against. */
export interface Seeded {
  /** Ids of the pending bombs, by the holder's person id. */
  pendingByHolder: Map<string, number[]>;
}

/** Services over the SQLite store, whose tables the bench reads and seeds directly. */
export type BenchServices = Services & { store: SqliteStore };

/** The org file and services over a database file (created and migrated when missing). */
export function servicesFor(orgFile: string, dbFile: string): BenchServices {
  const loaded = loadOrgFile(orgFile);
  if (!loaded.ok) throw new Error(`${orgFile}: ${JSON.stringify(loaded.issues[0])}`);
  return { store: openSqliteStore(dbFile), org: loaded.org, calendar: calendarFor(loaded.org) };
}

// Each department's opening instants, one a minute: enough variety for the indexes to see
// distinct due times, few enough for the core to compute them all in milliseconds.
const minutesOfVariety = 60;

/**
 * Seeds `plan.count` open bombs spread round-robin over the departments. Every fifth bomb is
 * due (until `plan.due` are), so due rows are scattered through the table as in real life.
 * The outbox is then marked sent, as on a bot that has been delivering all along.
 */
export function seedOpenBombs(svc: BenchServices, plan: SeedPlan): Seeded {
  const { org, calendar } = svc;
  const lm = org.loyaltyManagers[0];
  if (lm === undefined) throw new Error("the org has no loyalty manager");
  const departments = [...org.departments.values()];
  const earlier = calendar.subtract(plan.now, { workingDays: 3 });
  const opening = (due: boolean, minute: number) =>
    (due ? earlier : plan.now) - (minute + 1) * 60_000;

  const openedCache = new Map<string, Transition>();
  const acceptedCache = new Map<string, Transition>();
  const openedTemplate = (dept: number, due: boolean, minute: number): Transition => {
    const key = `${dept}:${due}:${minute}`;
    let found = openedCache.get(key);
    if (found === undefined) {
      const department = departments[dept];
      if (department === undefined) throw new Error(`no department ${dept}`);
      const input = {
        customer: "Cliente VIP",
        contact: "compras@cliente.example",
        complaint: "El pedido llegó tarde y sin el albarán; es la tercera vez este trimestre.",
        source: "direct" as const,
        departmentId: department.id,
      };
      const now = opening(due, minute);
      found = must(report(1, input, { now, org, calendar, actor: lm }));
      openedCache.set(key, found);
    }
    return found;
  };
  const acceptedTemplate = (dept: number, minute: number): Transition => {
    const key = `${dept}:${minute}`;
    let found = acceptedCache.get(key);
    if (found === undefined) {
      const opened = openedTemplate(dept, false, minute);
      const holder = holderOf(opened.bomb);
      const now = opened.bomb.reportedAt + 1_800_000;
      const dueDate = calendar.localDate(now + 9 * 86_400_000);
      const accept: Command = {
        type: "accept",
        severity: "minor",
        dueDate,
        visitBy: holder,
        visitOn: dueDate,
        plan: "Visita al cliente con el jefe de tráfico y revisión de la ruta.",
      };
      found = must(decide(opened.bomb, accept, { now, org, calendar, actor: holder }));
      acceptedCache.set(key, found);
    }
    return found;
  };

  const pendingByHolder = new Map<string, number[]>();
  let dueLeft = plan.due;
  let notDue = 0;
  svc.store.db.$client.transaction(() => {
    for (let i = 0; i < plan.count; i++) {
      const id = i + 1;
      const dept = i % departments.length;
      const minute = Math.floor(i / departments.length) % minutesOfVariety;
      const due = dueLeft > 0 && (i % 5 === 0 || plan.count - i <= dueLeft);
      const customer = `Cliente VIP ${id}`;
      const opened = copyOf(openedTemplate(dept, due, minute), id, customer);
      const meta = { via: "system" as const, recordedAt: opened.bomb.reportedAt };
      insertBomb(svc.store.db, opened, meta);
      if (due) dueLeft -= 1;
      else notDue += 1;
      if (!due && notDue % plan.acceptedEvery === 0) {
        const accepted = copyOf(acceptedTemplate(dept, minute), id, customer);
        const at = { via: "system" as const, recordedAt: opened.bomb.reportedAt + 1_800_000 };
        if (!saveTransition(svc.store.db, opened.bomb.version, accepted, at)) {
          throw new Error(`bomb ${id}: accept not saved`);
        }
        continue;
      }
      const holder = holderOf(opened.bomb);
      const ids = pendingByHolder.get(holder) ?? [];
      ids.push(id);
      pendingByHolder.set(holder, ids);
    }
    svc.store.db.$client.prepare("UPDATE outbox SET status = 'sent', sent_at = created_at").run();
  })();
  svc.store.db.$client.pragma("wal_checkpoint(TRUNCATE)");
  return { pendingByHolder };
}

/** How many bombs have something due at or before `at`. */
export function dueCount(svc: BenchServices, at: number): number {
  const row = svc.store.db.$client
    .prepare("SELECT count(*) AS n FROM bombs WHERE next_due_at IS NOT NULL AND next_due_at <= ?")
    .get(at) as { n: number };
  return row.n;
}

/** The org's people with a Slack user id each, as the stand-in's `users.lookupByEmail` knows them. */
export function slackUsersOf(org: Org): Record<string, string> {
  const users: Record<string, string> = {};
  for (const person of org.people.values()) {
    if (person.email === null) continue;
    users[person.email] = `U0${person.email.split("@")[0]?.toUpperCase() ?? "X"}`;
  }
  return users;
}

/** The same transition for another bomb id and customer. */
function copyOf(template: Transition, id: number, customer: string): Transition {
  const bomb = { ...template.bomb, id, customer } as Bomb;
  return {
    bomb,
    events: template.events,
    messages: template.messages.map((m) => ({ ...m, bombId: id })),
  };
}

function holderOf(bomb: Bomb): string {
  if (bomb.state !== "pending") throw new Error(`bomb ${bomb.id} is ${bomb.state}, not pending`);
  return bomb.assignment.holder;
}

function must<T extends { ok: boolean }>(decision: T): Extract<T, { ok: true }> {
  if (!decision.ok) throw new Error(`seeding refused: ${JSON.stringify(decision)}`);
  return decision as Extract<T, { ok: true }>;
}
