/**
 * The end-to-end harness: the real `bomba serve` process against the Slack stand-in, driven only
 * the way Slack drives it (signed HTTP requests) and by `bomba tick` child processes on the same
 * database. Delivery runs in the background in `serve`, so tests wait for what the stand-in
 * records with `waitFor`, never with fixed sleeps.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { SlashCommand } from "@slack/bolt";
import { jobSlots } from "../../src/app/jobs.ts";
import { calendarFor } from "../../src/org/org-calendar.ts";
import { ROOT } from "../fixtures/child-process.ts";
import { orgYaml } from "../fixtures/org.ts";
import { buildOrg } from "../fixtures/org-chart.ts";
import { buttonIds, limitViolations } from "../slack/slack-fixtures.ts";
import {
  blockActionPayload,
  postEvent,
  postInteraction,
  postSlashCommand,
  type SignedRequestOptions,
  type ViewSubmissionInput,
  viewSubmissionPayload,
} from "../support/signed-request.ts";
import {
  type RecordedCall,
  type SlackStandIn,
  STAND_IN_BOT_TOKEN,
  type StandInMessage,
  startSlackStandIn,
} from "../support/slack-stand-in.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";

/** The signing secret `serve` is started with; requests signed with anything else are forged. */
export const SIGNING_SECRET = "e2e-signing-secret-7c1d9a";

/**
 * The suite's reference instant, Monday 14 December 2026 at 10:00 in Madrid: the bot's clock
 * (`BOMBA_CLOCK`) starts here. A Monday keeps the story's instants in order: three working days
 * later is Thursday 17, and a minor bomb committed for Tuesday 22 is reminded three days before,
 * on Saturday 19, moved back to Friday 18 at 09:00.
 */
export const REFERENCE_CLOCK = "2026-12-14T10:00:00+01:00";

/** The Slack user of each person of the fixture org (`test/fixtures/org.ts`). */
export const slackIds = {
  carlos: "U0CARLOS",
  olga: "U0OLGA",
  luis: "U0LUIS",
  nacho: "U0NACHO",
  marcos: "U0MARCOS",
  jorge: "U0JORGE",
  raul: "U0RAUL",
  sergio: "U0SERGIO",
  ana: "U0ANA",
} as const;

/** A workspace member who is nobody in the org file. */
export const STRANGER = "U0STRANGER";

/** How long a test waits for the bot to do something in the background. */
export const WAIT_MS = 5_000;

/** How a child process ended and what it printed. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A started child: the process, and its end. */
export interface Running {
  child: ChildProcessByStdio<null, Readable, Readable>;
  done: Promise<ChildRun>;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
}

/**
 * Runs `node bin/bomba.js ARGS` with only the given variables (plus PATH and HOME), in `cwd`:
 * a temporary directory, so that a developer's `./.env` never leaks into the test.
 */
export function runBomba(args: string[], env: Record<string, string>, cwd: string): Running {
  const child = spawn(process.execPath, [join(ROOT, "bin/bomba.js"), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let both = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    both += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    both += chunk.toString();
  });
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, output: () => both };
}

/** Stops a child: SIGTERM, then SIGKILL if it has not ended within `graceMs`. */
export async function stopChild(running: Running, graceMs = 5_000): Promise<ChildRun> {
  const { child } = running;
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  try {
    return await running.done;
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` every 25 ms until it returns something other than null, undefined or false. */
export async function waitFor<T>(
  probe: () => T | null | undefined | false,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A temporary directory and its removal. */
export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "bomba-e2e-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** An HTTP answer of the bot: its status and its body (JSON when it is JSON). */
export interface Answer {
  status: number;
  text: string;
  json: Record<string, unknown> | null;
}

/** What the database says about a bomb. */
export interface StoredBomb {
  state: string;
  holder: string | null;
  version: number;
}

/** A running `bomba serve` with its stand-in, database and org file. */
export interface Bot {
  standIn: SlackStandIn;
  /** Where Slack posts commands, interactions and events. */
  eventsUrl: string;
  port: number;
  dir: string;
  /** BOMBA_DB: the SQLite file, or the PostgreSQL URL on the PostgreSQL run. */
  dbFile: string;
  /** The database, read the same way on both kinds. */
  database: TestDatabase;
  orgFile: string;
  /** From spawning `serve` to the first `GET /healthz` 200, in milliseconds. */
  startupMs: number;
  /** The process. */
  serve: Running;
  /** Every answer the bot gave to a slash command, for the Block Kit checks. */
  commandAnswers: Record<string, unknown>[];
  /** `/bomba TEXT` typed by `userId`. */
  command(
    userId: string,
    text: string,
    fields?: Partial<SlashCommand>,
    options?: SignedRequestOptions,
  ): Promise<Answer>;
  /** A click on button `actionId` carrying `bombId`, from a DM unless told otherwise. */
  click(
    userId: string,
    actionId: string,
    bombId: number | string,
    options?: SignedRequestOptions & {
      channelId?: string;
      messageTs?: string;
      /** Clicked in the App Home tab (this view id) rather than in a message. */
      homeViewId?: string;
    },
  ): Promise<Answer>;
  /** A modal submission. */
  submit(input: ViewSubmissionInput, options?: SignedRequestOptions): Promise<Answer>;
  /** An Events API callback. */
  event(event: Record<string, unknown>, options?: SignedRequestOptions): Promise<Answer>;
  /** `bomba tick --at AT` on the bot's database, delivering through the stand-in. */
  tick(at: string): Promise<ChildRun>;
  /**
   * Any other `bomba` command over the same database, org file and Slack stand-in; `extra`
   * variables override the bot's (a later BOMBA_CLOCK…).
   */
  run(args: string[], extra?: Record<string, string>): Promise<ChildRun>;
  /** The bomb as stored, or null. */
  bomb(id: number): StoredBomb | null;
  /** Kinds of the bomb's timeline events, oldest first. */
  timeline(id: number): string[];
  /** How many bombs the database holds. */
  bombCount(): number;
  /** Outbox rows not delivered yet. */
  pendingOutbox(): number;
  /**
   * Waits until `serve` delivered everything due. Call it before a `tick`, so that which process
   * delivers a message (and when) is the same on every run.
   */
  settled(): Promise<void>;
  /**
   * Stops `serve` (SIGTERM, then SIGKILL after 5 s), closes the stand-in, removes the files;
   * resolves with how `serve` ended.
   */
  stop(): Promise<ChildRun>;
}

/** Options of `startBot`. */
export interface BotOptions {
  /** The org file's text; the fixture org by default. */
  org?: string;
  /** `BOMBA_CLOCK`; `REFERENCE_CLOCK` by default. */
  clock?: string;
}

/** Starts the stand-in and `bomba serve` on a fresh database, and waits for `/healthz`. */
export async function startBot(options: BotOptions = {}): Promise<Bot> {
  const users = Object.fromEntries(
    Object.entries(slackIds).map(([name, id]) => [`${name}@example.com`, id]),
  );
  const standIn = await startSlackStandIn({ users });
  const dir = tempDir();
  const database = await createTestDatabase(dir.path);
  const dbFile = database.target;
  const orgFile = join(dir.path, "org.yaml");
  writeFileSync(orgFile, options.org ?? orgYaml());
  const port = await freePort();
  const clock = options.clock ?? REFERENCE_CLOCK;
  const env = {
    SLACK_BOT_TOKEN: STAND_IN_BOT_TOKEN,
    SLACK_API_URL: standIn.url,
    BOMBA_DB: dbFile,
    BOMBA_ORG: orgFile,
    BOMBA_CLOCK: clock,
    LOG_LEVEL: "warn",
  };
  const started = performance.now();
  const serve = runBomba(
    ["serve"],
    { ...env, SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: String(port) },
    dir.path,
  );
  const base = `http://127.0.0.1:${port}`;
  const cleanUp = async (): Promise<ChildRun> => {
    const ended = await stopChild(serve);
    await standIn.close();
    await database.remove();
    dir.remove();
    return ended;
  };
  try {
    await waitForHealth(base, serve);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const startupMs = Math.round(performance.now() - started);
  const eventsUrl = `${base}/slack/events`;
  const commandAnswers: Record<string, unknown>[] = [];

  const count = (sql: string, params: unknown[] = []): number =>
    database.all<{ n: number }>(sql, params)[0]?.n ?? 0;
  const pendingOutbox = (): number =>
    count("SELECT count(*) AS n FROM outbox WHERE status = 'pending'");

  // `/healthz` answers before the start-up pass is over: its jobs (the day's digest, due at the
  // clock's instant) are waited for and delivered first, so that what a test sees Slack receive
  // is what the test did, on a slow database as on a fast one.
  const org = buildOrg(options.org ?? orgYaml());
  const owed = jobSlots(org, calendarFor(org), Date.parse(clock)).filter((slot) => !slot.late);
  try {
    await waitFor(
      () =>
        owed.every(
          (slot) =>
            count("SELECT count(*) AS n FROM job_runs WHERE job = ? AND period = ?", [
              slot.job,
              slot.period,
            ]) > 0,
        ) && pendingOutbox() === 0,
      "the start-up pass's jobs, delivered",
      30_000,
    );
  } catch (error) {
    await cleanUp();
    throw error;
  }

  return {
    standIn,
    eventsUrl,
    port,
    dir: dir.path,
    dbFile,
    database,
    orgFile,
    startupMs,
    serve,
    commandAnswers,
    async command(userId, text, fields = {}, signed = {}) {
      const answer = await answerOf(
        postSlashCommand(
          eventsUrl,
          SIGNING_SECRET,
          {
            user_id: userId,
            user_name: userId.toLowerCase(),
            channel_id: "C0GENERAL",
            // respond() posts here: to the stand-in, never to hooks.slack.com.
            response_url: standIn.responseUrl(),
            text,
            ...fields,
          },
          signed,
        ),
      );
      if (answer.json !== null) commandAnswers.push(answer.json);
      return answer;
    },
    click(userId, actionId, bombId, clickOptions = {}) {
      const { channelId, messageTs, homeViewId, ...signed } = clickOptions;
      const payload = blockActionPayload({
        userId,
        actionId,
        value: String(bombId),
        ...(channelId === undefined ? {} : { channelId }),
        ...(messageTs === undefined ? {} : { messageTs }),
        ...(homeViewId === undefined ? {} : { homeViewId }),
      });
      return answerOf(postInteraction(eventsUrl, SIGNING_SECRET, payload, signed));
    },
    submit(input, signed = {}) {
      return answerOf(
        postInteraction(eventsUrl, SIGNING_SECRET, viewSubmissionPayload(input), signed),
      );
    },
    event(event, signed = {}) {
      return answerOf(postEvent(eventsUrl, SIGNING_SECRET, event, signed));
    },
    async tick(at) {
      return runBomba(["tick", "--at", at], env, dir.path).done;
    },
    async run(args, extra = {}) {
      return runBomba(args, { ...env, ...extra }, dir.path).done;
    },
    bomb(id) {
      return (
        database.all<StoredBomb>("SELECT state, holder, version FROM bombs WHERE id = ?", [
          id,
        ])[0] ?? null
      );
    },
    timeline(id) {
      return database
        .all<{ kind: string }>("SELECT kind FROM bomb_events WHERE bomb_id = ? ORDER BY id", [id])
        .map((row) => row.kind);
    },
    bombCount() {
      return count("SELECT count(*) AS n FROM bombs");
    },
    pendingOutbox,
    async settled() {
      await waitFor(() => pendingOutbox() === 0, "an empty outbox");
    },
    stop: cleanUp,
  };
}

async function waitForHealth(base: string, serve: Running, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  const onExit = () => {
    exited = true;
  };
  serve.done.then(onExit, onExit);
  for (;;) {
    if (exited) {
      throw new Error(`bomba serve exited before it was healthy:\n${serve.output()}`);
    }
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`bomba serve not healthy after ${timeoutMs} ms:\n${serve.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A bot answer: status and body (JSON when it is JSON). */
export async function answerOf(request: Promise<Response>): Promise<Answer> {
  const response = await request;
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      json = parsed as Record<string, unknown>;
    }
  } catch {
    // An empty ack, or a plain-text refusal.
  }
  return { status: response.status, text, json };
}

// ---------------------------------------------------------------------------------------------
// Reading what the stand-in saw.

/** The DM channel the stand-in gives the bot's conversation with `userId`. */
export function dmOf(userId: string): string {
  return `D${userId.slice(1)}`;
}

/** `chat.postMessage` calls into `userId`'s DM, oldest first. */
export function postsTo(standIn: SlackStandIn, userId: string): RecordedCall[] {
  return standIn
    .callsTo("chat.postMessage")
    .filter((call) => call.args.channel === dmOf(userId) && call.response?.ok === true);
}

/** What the bot posted to the stand-in's response_url named `name` (`respond()`), oldest first. */
export function responsesAt(standIn: SlackStandIn, name: string): RecordedCall[] {
  return standIn.callsTo("response_url").filter((call) => call.args.response_url_name === name);
}

/** The messages in `userId`'s DM as they now stand (after every `chat.update`). */
export function messagesTo(standIn: SlackStandIn, userId: string): StandInMessage[] {
  return standIn.messages.filter((message) => message.channel === dmOf(userId));
}

/** The first DM to `userId` whose fallback text contains `words`, once it arrived. */
export function waitForDm(
  standIn: SlackStandIn,
  userId: string,
  words: string,
  timeoutMs = WAIT_MS,
): Promise<RecordedCall> {
  return waitFor(
    () => postsTo(standIn, userId).find((call) => String(call.args.text).includes(words)),
    `a DM to ${userId} saying "${words}"`,
    timeoutMs,
  );
}

/** The message a `chat.postMessage` call created, as it now stands. */
export function messageOf(standIn: SlackStandIn, post: RecordedCall): StandInMessage {
  const ts = post.response?.ts;
  const found = standIn.messages.find((m) => m.ts === ts && m.channel === post.args.channel);
  if (found === undefined) throw new Error(`no message with ts ${String(ts)}`);
  return found;
}

/** The action ids of the buttons a message now shows. */
export function buttonsOf(message: StandInMessage): string[] {
  return buttonIds(message.blocks ?? []);
}

/** The `views.open` calls so far, newest last. */
export function openedViews(standIn: SlackStandIn): Record<string, unknown>[] {
  return standIn.callsTo("views.open").map((call) => call.args.view as Record<string, unknown>);
}

/** The last modal opened with `callbackId`, once it was opened (after `after` calls). */
export function waitForModal(
  standIn: SlackStandIn,
  callbackId: string,
  after = 0,
): Promise<Record<string, unknown>> {
  return waitFor(
    () =>
      openedViews(standIn)
        .slice(after)
        .findLast((view) => view.callback_id === callbackId),
    `views.open with the ${callbackId} modal`,
  );
}

const messageMethods = new Set(["chat.postMessage", "chat.update", "chat.postEphemeral"]);
const viewMethods = new Set(["views.open", "views.publish", "views.update"]);

/**
 * Every way the Block Kit payloads the stand-in saw, plus the slash-command answers, break
 * Slack's limits: 50 blocks a message and 100 a view, 3,000 characters a section, 75 a button,
 * and a non-empty `text` fallback on every message.
 */
export function blockKitProblems(
  calls: readonly RecordedCall[],
  commandAnswers: readonly Record<string, unknown>[] = [],
): string[] {
  const problems: string[] = [];
  const check = (where: string, payload: Record<string, unknown>, isMessage: boolean) => {
    for (const p of limitViolations(payload, isMessage ? { maxBlocks: 50 } : {})) {
      problems.push(`${where}: ${p}`);
    }
    if (isMessage && (typeof payload.text !== "string" || payload.text.trim() === "")) {
      problems.push(`${where}: no text fallback`);
    }
  };
  calls.forEach((call, i) => {
    const where = `#${i} ${call.method}`;
    if (messageMethods.has(call.method)) check(where, call.args, true);
    else if (viewMethods.has(call.method)) {
      const view = call.args.view;
      if (typeof view === "object" && view !== null) {
        check(where, view as Record<string, unknown>, false);
      } else problems.push(`${where}: no view`);
    }
  });
  commandAnswers.forEach((answer, i) => {
    check(`command answer #${i}`, answer, true);
  });
  return problems;
}

/** Options of a select in a modal's input block, flattened out of any option groups. */
export function selectValues(view: Record<string, unknown>, blockId: string): string[] {
  const blocks = (view.blocks ?? []) as {
    block_id?: string;
    element?: { options?: { value: string }[]; option_groups?: { options: { value: string }[] }[] };
  }[];
  const element = blocks.find((b) => b.block_id === blockId)?.element;
  if (element === undefined) return [];
  const groups = element.option_groups ?? [];
  return [...(element.options ?? []), ...groups.flatMap((g) => g.options)].map((o) => o.value);
}
