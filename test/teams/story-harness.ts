/**
 * The Teams end-to-end harness: the real `bomba serve` on Teams against the stand-ins of
 * Microsoft's services (test/support/teams-stand-in.ts), driven only the way Teams drives it
 * (activities signed with the Bot Connector's key, posted to `/api/messages`) and by `bomba tick`
 * child processes on the same database, which deliver through the same stand-in. Delivery runs
 * in the background in `serve`, so tests wait for what the stand-in holds with `waitFor`, never
 * with fixed sleeps. The twin of test/e2e/harness.ts for Slack.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { jobSlots } from "../../src/app/jobs.ts";
import { changeOrg } from "../../src/app/org-change.ts";
import { parseOrg } from "../../src/org/load-org.ts";
import { calendarFor } from "../../src/org/org-calendar.ts";
import { openStore } from "../../src/store/open-store.ts";
import { closeDatabase, openDatabase } from "../../src/store/sqlite/database.ts";
import { TEAMS_PLATFORM } from "../../src/teams/port.ts";
import {
  type ChildRun,
  freePort,
  REFERENCE_CLOCK,
  type Running,
  runBomba,
  stopChild,
  tempDir,
  waitFor,
} from "../e2e/harness.ts";
import { orgYaml } from "../fixtures/org.ts";
import { buildOrg } from "../fixtures/org-chart.ts";
import { cardProblems, cardText, TEAMS_MESSAGE_LIMIT } from "../support/adaptive-cards.ts";
import { personalActivity } from "../support/teams-serve.ts";
import {
  type ConnectorActivity,
  startTeamsStandIn,
  TEAMS_STAND_IN_IDENTITY,
  type TeamsStandIn,
  type TeamsUser,
  teamsServeEnv,
} from "../support/teams-stand-in.ts";
import { type BotTokenKind, postSignedActivity } from "../support/teams-tokens.ts";

const { clientId, tenantId } = TEAMS_STAND_IN_IDENTITY;
const BOT = `28:${clientId}`;

/** The fixture org's people, by their e-mail's local part. */
export const NAMES = [
  "carlos",
  "olga",
  "luis",
  "nacho",
  "marcos",
  "jorge",
  "raul",
  "sergio",
  "ana",
] as const;
export type Who = (typeof NAMES)[number];

/** Everyone's Entra object id. */
export const entraIds: Record<Who, string> = Object.fromEntries(
  NAMES.map((name, index) => [
    name,
    `dddddddd-0000-4000-8000-${String(index + 1).padStart(12, "0")}`,
  ]),
) as Record<Who, string>;

/** The team and the channels of the digest and the report. */
export const TEAM = "5e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
export const DIGEST_CHANNEL = "19:fidelizacion0001@thread.tacv2";
export const REPORT_CHANNEL = "19:direccion0001@thread.tacv2";

/** An invoke's answer: the HTTP status and its JSON body. */
export interface InvokeAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A running `bomba serve` on Teams with its stand-in and database. */
export interface TeamsBot {
  standIn: TeamsStandIn;
  /** The messaging endpoint, `http://127.0.0.1:PORT/api/messages`. */
  url: string;
  dbFile: string;
  orgFile: string;
  serve: Running;
  /** The 1:1 conversation the connector holds with `who` (created on first use). */
  chatOf(who: Who): Promise<string>;
  /** A message `text` from `who` in their 1:1 chat; the HTTP status. */
  say(who: Who, text: string): Promise<number>;
  /**
   * An invoke `name` with `value` from `who` (activity id `id`, else a fresh one), with a token
   * of `kind` (a valid one unless told), and `from` replaced by `from` when given.
   */
  invoke(
    who: Who,
    name: string,
    value: unknown,
    id?: string,
    options?: { kind?: BotTokenKind; from?: Record<string, unknown> },
  ): Promise<InvokeAnswer>;
  /** `bomba tick --at AT` on the bot's database, delivering through the stand-in. */
  tick(at: string): Promise<ChildRun>;
  /** Any other `bomba` command over the same database, org file and stand-in; `extra` overrides. */
  run(args: string[], extra?: Record<string, string>): Promise<ChildRun>;
  /** Stops `serve` and starts it again on the same database with the bot's clock at `clock`. */
  restart(clock: string): Promise<void>;
  /** The bomb's state, holder and version as stored, or null. */
  bomb(id: number): { state: string; holder: string | null; version: number } | null;
  /** Kinds of the bomb's timeline events, oldest first. */
  timeline(id: number): string[];
  bombCount(): number;
  /** Outbox rows not delivered yet. */
  pendingOutbox(): number;
  /** Waits until `serve` delivered everything due. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** What a test reads of the connector's activities. */
export interface HeldCard {
  held: ConnectorActivity;
  card: Record<string, unknown>;
}

/** The activities the connector holds in the 1:1 chat with `who`, oldest first. */
export function heldIn(standIn: TeamsStandIn, who: Who): ConnectorActivity[] {
  const chats = new Set(
    [...standIn.conversations.values()]
      .filter((c) => c.kind === "personal" && c.userId === entraIds[who])
      .map((c) => c.id),
  );
  return standIn.activities.filter((held) => chats.has(held.conversationId) && !held.deleted);
}

/** An activity's card (its first attachment's content). */
export function cardOf(held: ConnectorActivity): Record<string, unknown> {
  const attachments = (held.activity.attachments ?? []) as { content?: Record<string, unknown> }[];
  return attachments[0]?.content ?? {};
}

/** The interaction ids of the buttons a card shows (a dialog's `action`, an execute's `verb`). */
export function buttonsOf(card: Record<string, unknown>): string[] {
  const actions = (card.actions ?? []) as { verb?: string; data?: { action?: string } }[];
  return actions.map((a) => a.data?.action ?? a.verb ?? "?");
}

/** What a person reads of an activity: its summary and its card's text. */
export function textOf(held: ConnectorActivity): string {
  return `${String(held.activity.summary ?? "")}\n${cardText(cardOf(held))}`;
}

/** The first activity in `who`'s chat saying `words`, once it arrived. */
export function waitForCard(
  standIn: TeamsStandIn,
  who: Who,
  words: string,
  timeoutMs = 20_000,
): Promise<ConnectorActivity> {
  return waitFor(
    () => heldIn(standIn, who).find((held) => textOf(held).includes(words)),
    `a card to ${who} saying "${words}"`,
    timeoutMs,
  ).catch((error: Error) => {
    const seen = heldIn(standIn, who).map((held) => String(held.activity.summary));
    throw new Error(`${error.message}; ${who}'s chat holds: ${JSON.stringify(seen)}`);
  });
}

/**
 * Every way what the connector received breaks Teams' rules: each posted or replaced activity's
 * card valid Adaptive Card 1.5 with a fallback text, the request under 40 KB.
 */
export function connectorProblems(standIn: TeamsStandIn): string[] {
  const problems: string[] = [];
  standIn
    .callsTo("connector")
    .filter((call) => /\/activities/.test(call.route) && call.method !== "DELETE")
    .forEach((call, i) => {
      const where = `#${i} ${call.method} ${call.route}`;
      if (call.bytes > TEAMS_MESSAGE_LIMIT) problems.push(`${where}: ${call.bytes} bytes`);
      const body = call.body as { attachments?: { content?: unknown }[] } | undefined;
      const card = body?.attachments?.[0]?.content;
      if (card === undefined) problems.push(`${where}: no card`);
      else for (const p of cardProblems(card)) problems.push(`${where}: ${p}`);
    });
  return problems;
}

/** Options of `startTeamsBot`. */
export interface TeamsBotOptions {
  locale?: "es" | "en";
  /** `BOMBA_CLOCK`; `REFERENCE_CLOCK` by default. */
  clock?: string;
}

/**
 * Starts the stand-in and `bomba serve` on Teams on a fresh database whose org (the fixture's,
 * with Teams channels) was imported with everyone's Entra id, as `org import` leaves it; waits
 * for `/healthz` and for the start-up pass's jobs to be delivered.
 */
export async function startTeamsBot(options: TeamsBotOptions = {}): Promise<TeamsBot> {
  const users: TeamsUser[] = NAMES.map((name) => ({
    id: entraIds[name],
    displayName: name,
    mail: `${name}@example.com`,
  }));
  const standIn = await startTeamsStandIn({
    users,
    channels: { [TEAM]: [DIGEST_CHANNEL, REPORT_CHANNEL] },
  });
  const dir = tempDir();
  const orgFile = join(dir.path, "org.yaml");
  const text = orgYaml({
    locale: options.locale ?? "es",
    digest: { channel: `${TEAM}/${DIGEST_CHANNEL}`, at: "09:00" },
    report: { channel: `${TEAM}/${REPORT_CHANNEL}` },
  });
  writeFileSync(orgFile, text);
  const dbFile = join(dir.path, "bomba.db");
  const parsed = parseOrg(text);
  if (!parsed.ok) throw new Error("the fixture org does not load");
  let clock = options.clock ?? REFERENCE_CLOCK;
  {
    const store = await openStore(dbFile);
    const addresses = new Map(NAMES.map((name) => [`${name}@example.com`, entraIds[name]]));
    await changeOrg(
      store,
      parsed.org,
      addresses,
      Date.parse(clock) - 3_600_000,
      "import",
      TEAMS_PLATFORM,
    );
    await store.close();
  }
  const env = {
    ...teamsServeEnv(standIn),
    BOMBA_DB: dbFile,
    BOMBA_ORG: orgFile,
    LOG_LEVEL: "warn",
  };

  const read = <T>(sql: string, params: unknown[] = []): T[] => {
    const db = openDatabase(dbFile);
    try {
      return db.$client.prepare(sql).all(...params) as T[];
    } finally {
      closeDatabase(db);
    }
  };
  const count = (sql: string, params: unknown[] = []): number =>
    read<{ n: number }>(sql, params)[0]?.n ?? 0;
  const pendingOutbox = (): number =>
    count("SELECT count(*) AS n FROM outbox WHERE status = 'pending'");

  let serve: Running;
  let url = "";
  const org = buildOrg(text);
  const start = async (): Promise<void> => {
    const port = await freePort();
    serve = runBomba(["serve"], { ...env, BOMBA_CLOCK: clock, PORT: String(port) }, dir.path);
    const base = `http://127.0.0.1:${port}`;
    url = `${base}/api/messages`;
    const running = serve;
    let exited = false;
    const gone = () => {
      exited = true;
    };
    running.done.then(gone, gone);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (exited) throw new Error(`bomba serve exited before it was healthy:\n${running.output()}`);
      const ok = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`serve never got healthy:\n${running.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // `/healthz` answers before the start-up pass is over: its jobs are waited for, delivered.
    const owed = jobSlots(org, calendarFor(org), Date.parse(clock)).filter((slot) => !slot.late);
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
  };
  const cleanUp = async () => {
    await stopChild(serve);
    await standIn.close();
    dir.remove();
  };
  try {
    await start();
  } catch (error) {
    await standIn.close();
    dir.remove();
    throw error;
  }

  let sequence = 0;
  const chatOf = async (who: Who): Promise<string> => {
    const held = [...standIn.conversations.values()].find(
      (c) => c.kind === "personal" && c.userId === entraIds[who],
    );
    if (held !== undefined) return held.id;
    // As Teams does when the person opens the bot's chat: the same id the bot would get (asking
    // again is harmless, so a failed attempt is retried).
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(`${standIn.serviceUrl}v3/conversations`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${standIn.accessToken()}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({
            bot: { id: BOT },
            members: [{ id: entraIds[who] }],
            tenantId,
            isGroup: false,
          }),
          signal: AbortSignal.timeout(5_000),
        });
        const created = (await response.json()) as { id?: string };
        if (response.status === 201 && typeof created.id === "string") return created.id;
        throw new Error(`the connector answered ${response.status}`);
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  };
  const activity = async (who: Who, over: Record<string, unknown>) => {
    sequence += 1;
    const from = { id: `29:${who}`, aadObjectId: entraIds[who], name: who };
    const locale = options.locale === "en" ? "en-US" : "es-ES";
    return personalActivity(
      standIn,
      from,
      await chatOf(who),
      { id: `story-${sequence}`, ...over },
      locale,
    );
  };

  return {
    standIn,
    get url() {
      return url;
    },
    dbFile,
    orgFile,
    get serve() {
      return serve;
    },
    chatOf,
    async say(who, words) {
      const answer = await postSignedActivity(
        url,
        standIn.botKey,
        clientId,
        await activity(who, { text: words }),
      );
      return answer.status;
    },
    async invoke(who, name, value, id, options = {}) {
      const posted: Record<string, unknown> = await activity(who, {
        type: "invoke",
        name,
        value,
        ...(options.from === undefined ? {} : { from: options.from }),
      });
      if (id !== undefined) posted.id = id;
      const answer = await postSignedActivity(url, standIn.botKey, clientId, posted, options.kind);
      return { status: answer.status, body: (answer.body ?? {}) as Record<string, unknown> };
    },
    async tick(at) {
      return runBomba(["tick", "--at", at], { ...env, BOMBA_CLOCK: clock }, dir.path).done;
    },
    async run(args, extra = {}) {
      return runBomba(args, { ...env, BOMBA_CLOCK: clock, ...extra }, dir.path).done;
    },
    async restart(next) {
      await stopChild(serve);
      clock = next;
      await start();
    },
    bomb(id) {
      return (
        read<{ state: string; holder: string | null; version: number }>(
          "SELECT state, holder, version FROM bombs WHERE id = ?",
          [id],
        )[0] ?? null
      );
    },
    timeline(id) {
      return read<{ kind: string }>("SELECT kind FROM bomb_events WHERE bomb_id = ? ORDER BY id", [
        id,
      ]).map((row) => row.kind);
    },
    bombCount() {
      return count("SELECT count(*) AS n FROM bombs");
    },
    pendingOutbox,
    async settled() {
      await waitFor(() => pendingOutbox() === 0, "an empty outbox", 20_000);
    },
    stop: cleanUp,
  };
}

/** The card of a `task: {type: "continue"}` answer. */
export function dialogCardOf(body: Record<string, unknown>): Record<string, unknown> | null {
  const task = body.task as
    | { type?: string; value?: { card?: { content?: Record<string, unknown> } } }
    | undefined;
  return task?.type === "continue" ? (task.value?.card?.content ?? null) : null;
}

/** The line of a `task: {type: "message"}` answer. */
export function dialogLineOf(body: Record<string, unknown>): string | null {
  const task = body.task as { type?: string; value?: unknown } | undefined;
  return task?.type === "message" && typeof task.value === "string" ? task.value : null;
}

/** The choices' values of the input `id` of a dialog card. */
export function choiceValues(card: Record<string, unknown>, id: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === "object" && node !== null) {
      const record = node as Record<string, unknown>;
      if (record.id === id && Array.isArray(record.choices)) {
        for (const choice of record.choices as { value: string }[]) found.push(choice.value);
      }
      for (const child of Object.values(record)) walk(child);
    }
  };
  walk(card);
  return found;
}
