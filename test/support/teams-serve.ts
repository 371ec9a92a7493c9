/**
 * The real `bomba serve` on Teams as the end-to-end suites run it: started as a child process at
 * the stand-in's seams with the bot's clock at a given instant, and the store seeded straight
 * through the use cases while it is stopped.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DateTime } from "luxon";
import { bootOrg } from "../../src/app/boot.ts";
import type { Services } from "../../src/app/services.ts";
import { closeDatabase, openDatabase } from "../../src/store/sqlite/database.ts";
import { SqliteStore } from "../../src/store/sqlite/store.ts";
import { TEAMS_PLATFORM } from "../../src/teams/port.ts";
import { freePort, type Running, runBomba } from "../e2e/harness.ts";
import { buildOrg } from "../fixtures/org-chart.ts";
import {
  TEAMS_STAND_IN_IDENTITY,
  type TeamsStandIn,
  type TeamsUser,
  teamsServeEnv,
} from "./teams-stand-in.ts";

/** A Madrid wall time as epoch ms. */
export const madrid = (wall: string): number =>
  DateTime.fromISO(wall, { zone: "Europe/Madrid" }).toMillis();

const iso = (instant: number): string =>
  DateTime.fromMillis(instant, { zone: "Europe/Madrid" }).toISO({ suppressMilliseconds: true }) ??
  "";

/**
 * Seeds the store of `dir` (its `bomba.db` and `org.yaml`) through the use cases, with the
 * people's Teams ids taken from `users` by e-mail. Serve must not be running.
 */
export async function seedTeamsStore(
  dir: string,
  users: TeamsUser[],
  fn: (svc: Services) => Promise<void>,
): Promise<void> {
  const db = openDatabase(join(dir, "bomba.db"));
  try {
    const org = buildOrg(readFileSync(join(dir, "org.yaml"), "utf8"));
    const booted = await bootOrg(
      new SqliteStore(db),
      org,
      async (mail) => users.find((u) => u.mail === mail)?.id ?? null,
      0,
      { via: "serve", platform: TEAMS_PLATFORM },
    );
    if (!booted.stored) throw new Error("fixture org not stored");
    await fn(booted.svc);
  } finally {
    closeDatabase(db);
  }
}

/** A `bomba serve` on Teams running, and its base URL (`http://127.0.0.1:<PORT>`). */
export type TeamsServe = Running & { url: string };

/**
 * Starts `bomba serve` on Teams at the stand-in, in `dir` (its `bomba.db` and `org.yaml`), the
 * bot's clock at `clock` (epoch ms, read in Madrid, or an ISO instant; none: real time), `env`
 * added last; waits for /healthz, failing at once if serve exits.
 */
export async function startTeamsServe(
  standIn: TeamsStandIn,
  dir: string,
  clock?: number | string,
  env: Record<string, string> = {},
): Promise<TeamsServe> {
  const port = await freePort();
  const running = runBomba(
    ["serve"],
    {
      ...teamsServeEnv(standIn),
      BOMBA_DB: join(dir, "bomba.db"),
      BOMBA_ORG: join(dir, "org.yaml"),
      ...(clock === undefined
        ? {}
        : { BOMBA_CLOCK: typeof clock === "string" ? clock : iso(clock) }),
      PORT: String(port),
      LOG_LEVEL: "warn",
      ...env,
    },
    dir,
  );
  const base = `http://127.0.0.1:${port}`;
  let exited = false;
  const gone = () => {
    exited = true;
  };
  running.done.then(gone, gone);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`serve exited:\n${running.output()}`);
    const ok = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return { ...running, url: base };
    if (Date.now() > deadline) throw new Error(`serve never got healthy:\n${running.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Who sends an activity: their Teams id, Entra object id and display name. */
export interface ActivitySender {
  id: string;
  aadObjectId: string;
  name: string;
}

/**
 * A message-shaped activity from `from` in their 1:1 chat `chat` with the stand-in's bot, as
 * Teams sends one to `POST /api/messages`; `over` adds or replaces fields (the id, the text, an
 * invoke's type and value).
 */
export function personalActivity(
  standIn: TeamsStandIn,
  from: ActivitySender,
  chat: string | undefined,
  over: Record<string, unknown>,
  locale = "es-ES",
): Record<string, unknown> {
  const { clientId, tenantId } = TEAMS_STAND_IN_IDENTITY;
  return {
    type: "message",
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl: standIn.serviceUrl,
    from,
    recipient: { id: `28:${clientId}`, name: "Correo Bomba" },
    conversation: { id: chat, conversationType: "personal", tenantId },
    channelData: { tenant: { id: tenantId } },
    locale,
    ...over,
  };
}
