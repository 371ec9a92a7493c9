/**
 * The real `bomba serve` over a database that outlives it: started, killed and started again on
 * the same files against the same Slack stand-in, with the bot's clock set per start. Builds on
 * the end-to-end harness (`runBomba`, signed requests) and adds what restarts need.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { DateTime } from "luxon";
import { actOnBomb, reportBomb } from "../../src/app/bomb-actions.ts";
import { bootOrg } from "../../src/app/boot.ts";
import type { Services } from "../../src/app/services.ts";
import type { Bomb } from "../../src/core/bomb.ts";
import type { Command } from "../../src/core/transitions.ts";
import { closeDatabase, type Db, openDatabase } from "../../src/store/sqlite/database.ts";
import { SqliteStore } from "../../src/store/sqlite/store.ts";
import {
  type Answer,
  answerOf,
  freePort,
  type Running,
  runBomba,
  SIGNING_SECRET,
  slackIds,
  tempDir,
  waitFor,
} from "../e2e/harness.ts";
import { orgYaml } from "../fixtures/org.ts";
import { buildOrg } from "../fixtures/org-chart.ts";
import {
  blockActionPayload,
  postInteraction,
  postSlashCommand,
  type SignedRequestOptions,
  stateValue,
  type ViewSubmissionInput,
  viewSubmissionPayload,
} from "../support/signed-request.ts";
import {
  type SlackStandIn,
  STAND_IN_BOT_TOKEN,
  startSlackStandIn,
} from "../support/slack-stand-in.ts";

/** The org's zone, in which every instant of these suites is written. */
export const ZONE = "Europe/Madrid";

/** E-mail of each person of the fixture org (`test/fixtures/org.ts`) by first name. */
export const email = Object.fromEntries(
  Object.keys(slackIds).map((name) => [name, `${name}@example.com`]),
) as { [K in keyof typeof slackIds]: string };

/** The Slack id of an org person (by e-mail), as the stand-in's workspace knows them. */
export function slackIdOf(person: string): string {
  const name = person.split("@")[0] as keyof typeof slackIds;
  const id = slackIds[name];
  if (id === undefined) throw new Error(`no Slack id for ${person}`);
  return id;
}

/** Files and a Slack stand-in that several `serve` processes use in turn. */
export interface Workspace {
  dir: string;
  dbFile: string;
  orgFile: string;
  standIn: SlackStandIn;
  /** Replaces the org file (the next start loads it). */
  writeOrg(text: string): void;
  /** Reads the database with a read-only connection of its own. */
  read<T>(fn: (db: Sqlite.Database) => T): T;
  /** Opens the database with the app's own settings (migrated), for the store checks. */
  open<T>(fn: (db: Db) => T): T;
  remove(): Promise<void>;
}

/** A stand-in that knows every person of the fixture org, and fresh files with that org. */
export async function createWorkspace(org = orgYaml()): Promise<Workspace> {
  const users = Object.fromEntries(
    Object.entries(slackIds).map(([n, id]) => [`${n}@example.com`, id]),
  );
  const standIn = await startSlackStandIn({ users });
  const dir = tempDir();
  const dbFile = join(dir.path, "bomba.db");
  const orgFile = join(dir.path, "org.yaml");
  writeFileSync(orgFile, org);
  return {
    dir: dir.path,
    dbFile,
    orgFile,
    standIn,
    writeOrg: (text) => writeFileSync(orgFile, text),
    read(fn) {
      const db = new Sqlite(dbFile, { readonly: true, fileMustExist: true });
      try {
        return fn(db);
      } finally {
        db.close();
      }
    },
    open(fn) {
      const db = openDatabase(dbFile);
      try {
        return fn(db);
      } finally {
        closeDatabase(db);
      }
    },
    async remove() {
      await standIn.close();
      dir.remove();
    },
  };
}

/**
 * Loads the workspace's org into its database (Slack ids from the stand-in's directory) and hands
 * the use cases to `seed`, so a suite starts from bombs in known states without Slack round trips.
 */
export async function seedWorkspace(
  ws: Workspace,
  seed: (svc: Services & { store: SqliteStore }) => void | Promise<void>,
): Promise<void> {
  const db = openDatabase(ws.dbFile);
  try {
    const org = buildOrg(readFileSync(ws.orgFile, "utf8"));
    const store = new SqliteStore(db);
    const booted = await bootOrg(store, org, async (e) => slackIdOf(e), 0);
    if (!booted.stored) throw new Error("fixture org not stored");
    await seed({ ...booted.svc, store });
  } finally {
    closeDatabase(db);
  }
}

/** Opens a bomb as the loyalty manager (department given) or reports it (department null). */
export async function openBombIn(
  svc: Services,
  at: number,
  departmentId: string | null,
  customer: string,
): Promise<Bomb> {
  const result = await reportBomb(
    svc,
    { person: departmentId === null ? email.jorge : email.ana, now: at, via: "system" },
    {
      customer,
      contact: "Marta Vidal",
      complaint: `Entregas con retraso (${customer}).`,
      source: "direct",
      departmentId,
    },
  );
  if (!result.ok) throw new Error(`seeding refused: ${result.reason}`);
  return result.bomb;
}

/** Applies a command as `person`, failing loudly when the core refuses it. */
export async function actAs(
  svc: Services,
  id: number,
  person: string,
  at: number,
  command: Command,
): Promise<Bomb> {
  const result = await actOnBomb(svc, id, { person, now: at, via: "system" }, command);
  if (!result.ok) throw new Error(`seeding refused: ${result.reason}`);
  return result.bomb;
}

/** A Madrid wall time as an ISO instant with its offset (for BOMBA_CLOCK and `tick --at`). */
export function isoAt(instant: number): string {
  return DateTime.fromMillis(instant, { zone: ZONE }).toISO({ suppressMilliseconds: true }) ?? "";
}

/** The environment every `bomba` child of the workspace gets. */
export function baseEnv(ws: Workspace, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: STAND_IN_BOT_TOKEN,
    SLACK_API_URL: ws.standIn.url,
    BOMBA_DB: ws.dbFile,
    BOMBA_ORG: ws.orgFile,
    LOG_LEVEL: "warn",
    ...extra,
  };
}

/** A `serve` process of a workspace. */
export interface ServeRun {
  running: Running;
  base: string;
  eventsUrl: string;
  /** When it was spawned (performance.now()). */
  spawnedAt: number;
  /** Resolves once `/healthz` answers 200, with the milliseconds since spawn; rejects if it exits. */
  healthy(timeoutMs?: number): Promise<number>;
  /** True once it has exited. */
  exited(): boolean;
  /** Everything it printed on stderr so far. */
  stderr(): string;
  submit(input: ViewSubmissionInput, options?: SignedRequestOptions): Promise<Answer>;
  /** Any interaction payload, signed as Slack signs it (for shapes the builders cannot make). */
  interact(payload: object): Promise<Answer>;
  click(userId: string, actionId: string, value: string, channelId?: string): Promise<Answer>;
  command(userId: string, text: string): Promise<Answer>;
  /** SIGKILL now; resolves when it is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `bomba serve` on the workspace with the bot's clock at `clock` (epoch ms). */
export async function startServe(
  ws: Workspace,
  clock: number,
  extra: Record<string, string> = {},
): Promise<ServeRun> {
  const port = await freePort();
  const env = baseEnv(ws, {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    PORT: String(port),
    BOMBA_CLOCK: isoAt(clock),
    ...extra,
  });
  const spawnedAt = performance.now();
  const running = runBomba(["serve"], env, ws.dir);
  let stderr = "";
  running.child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let gone = false;
  const markGone = () => {
    gone = true;
  };
  running.done.then(markGone, markGone);
  const base = `http://127.0.0.1:${port}`;
  const eventsUrl = `${base}/slack/events`;
  return {
    running,
    base,
    eventsUrl,
    spawnedAt,
    async healthy(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (gone) throw new Error(`bomba serve exited before it was healthy:\n${running.output()}`);
        try {
          const response = await fetch(`${base}/healthz`);
          if (response.status === 200) return Math.round(performance.now() - spawnedAt);
        } catch {
          // Not listening yet.
        }
        if (Date.now() > deadline) throw new Error(`not healthy:\n${running.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    exited: () => gone,
    stderr: () => stderr,
    submit: (input, options = {}) =>
      answerOf(postInteraction(eventsUrl, SIGNING_SECRET, viewSubmissionPayload(input), options)),
    interact: (payload) => answerOf(postInteraction(eventsUrl, SIGNING_SECRET, payload)),
    click: (userId, actionId, value, channelId) =>
      answerOf(
        postInteraction(
          eventsUrl,
          SIGNING_SECRET,
          blockActionPayload({
            userId,
            actionId,
            value,
            ...(channelId === undefined ? {} : { channelId }),
          }),
        ),
      ),
    command: (userId, text) =>
      answerOf(
        postSlashCommand(eventsUrl, SIGNING_SECRET, {
          user_id: userId,
          text,
          response_url: ws.standIn.responseUrl(),
        }),
      ),
    async kill() {
      if (!gone) running.child.kill("SIGKILL");
      await running.done;
    },
    async stop(graceMs = 5_000) {
      if (!gone) running.child.kill("SIGTERM");
      const timer = setTimeout(() => running.child.kill("SIGKILL"), graceMs);
      try {
        await running.done;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export { answerOf };

/** Row counts of every workflow table: equal before and after means nothing changed. */
export function tableCounts(db: Sqlite.Database): Record<string, number> {
  const tables = [
    "bombs",
    "bomb_events",
    "outbox",
    "deliveries",
    "addresses",
    "people",
    "departments",
  ];
  return Object.fromEntries(
    tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
}

/** Everything a refused input must leave untouched: bombs with their versions, and the counts. */
export function stateOf(db: Sqlite.Database): string {
  const bombs = db.prepare("SELECT id, state, version, holder FROM bombs ORDER BY id").all();
  return JSON.stringify({ bombs, counts: tableCounts(db) });
}

/** The report modal as a loyalty manager submits it (department chosen: the bomb opens at once). */
export function reportInput(
  viewId: string,
  customer: string,
  department: string | null = "logistica",
  complaint = `Entregas con retraso (${customer}).`,
): ViewSubmissionInput {
  return {
    userId: slackIds.ana,
    callbackId: "bomba_open",
    privateMetadata: "",
    viewId,
    values: {
      customer: stateValue.text(customer),
      contact: stateValue.text(""),
      complaint: stateValue.text(complaint),
      source: stateValue.staticSelect("direct"),
      ...(department === null ? {} : { department: stateValue.staticSelect(department) }),
    },
  };
}

/** Waits until the workspace's outbox has nothing pending (delivery is not a state change). */
export async function outboxDrained(ws: Workspace, timeoutMs = 10_000): Promise<void> {
  await waitFor(
    () =>
      ws.read(
        (db) =>
          (
            db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as {
              n: number;
            }
          ).n === 0,
      ),
    "an empty outbox",
    timeoutMs,
  );
}
