/**
 * `bomba tick` on Teams: with the Teams variables set (and no Slack token), the real `tick`
 * process resolves people through Graph, keeps the org's Teams addresses, runs the pass and
 * delivers what it queued through the Teams ChatPort to the stand-in's Bot Connector, as
 * `serve` on Teams does. It once knew only Slack: it said "SLACK_BOT_TOKEN is not set" and left
 * every message in the queue for a `serve` whose clock had not reached them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootOrg } from "../../src/app/boot.ts";
import type { Services } from "../../src/app/services.ts";
import { closeDatabase, openDatabase } from "../../src/store/sqlite/database.ts";
import { SqliteStore } from "../../src/store/sqlite/store.ts";
import { TEAMS_PLATFORM } from "../../src/teams/port.ts";
import { runBomba, tempDir } from "../e2e/harness.ts";
import { orgYaml } from "../fixtures/org.ts";
import { buildOrg } from "../fixtures/org-chart.ts";
import { openBombIn } from "../reliability/bot-process.ts";
import { cardProblems, cardText } from "../support/adaptive-cards.ts";
import {
  startTeamsStandIn,
  type TeamsStandIn,
  type TeamsUser,
  teamsServeEnv,
} from "../support/teams-stand-in.ts";

const NAMES = ["carlos", "olga", "luis", "nacho", "marcos", "jorge", "raul", "sergio", "ana"];
const USERS: TeamsUser[] = NAMES.map((name, index) => ({
  id: `cccccccc-0000-4000-8000-${String(index + 1).padStart(12, "0")}`,
  displayName: name,
  mail: `${name}@example.com`,
}));
const idOf = (name: string): string =>
  USERS.find((u) => u.mail === `${name}@example.com`)?.id ?? "";
const at = (wall: string): number => DateTime.fromISO(wall, { zone: "Europe/Madrid" }).toMillis();
const MONDAY = at("2027-01-18T10:00");

let standIn: TeamsStandIn;
let dir: { path: string; remove(): void };

function env(): Record<string, string> {
  return {
    ...teamsServeEnv(standIn),
    BOMBA_DB: join(dir.path, "bomba.db"),
    BOMBA_ORG: join(dir.path, "org.yaml"),
    BOMBA_CLOCK: "2027-01-18T10:00:00+01:00",
    LOG_LEVEL: "warn",
  };
}

async function seed(fn: (svc: Services) => Promise<void>): Promise<void> {
  const db = openDatabase(join(dir.path, "bomba.db"));
  try {
    const org = buildOrg(readFileSync(join(dir.path, "org.yaml"), "utf8"));
    const booted = await bootOrg(
      new SqliteStore(db),
      org,
      async (mail) => USERS.find((u) => u.mail === mail)?.id ?? null,
      0,
      { via: "serve", platform: TEAMS_PLATFORM },
    );
    if (!booted.stored) throw new Error("fixture org not stored");
    await fn(booted.svc);
  } finally {
    closeDatabase(db);
  }
}

function chatOf(name: string): string | undefined {
  return [...standIn.conversations.values()].find(
    (c) => c.kind === "personal" && c.userId === idOf(name),
  )?.id;
}

function cardsIn(conversationId: string | undefined) {
  return standIn.activities
    .filter((held) => held.conversationId === conversationId && !held.deleted)
    .map((held) => ({
      card: ((held.activity.attachments ?? []) as { content: Record<string, unknown> }[])[0]
        ?.content,
      updates: held.updates,
    }));
}

beforeAll(async () => {
  standIn = await startTeamsStandIn({ users: USERS, channels: {} });
  dir = tempDir();
  writeFileSync(join(dir.path, "org.yaml"), orgYaml({ digest: undefined, report: undefined }));
  await seed(async (svc) => {
    await openBombIn(svc, MONDAY, "logistica", "Frutas Hernández");
  });
}, 60_000);

afterAll(async () => {
  await standIn?.close();
  dir?.remove();
});

describe("bomba tick on Teams", () => {
  it("delivers the opening through the Bot Connector: the link's 1:1 chat gets the card", async () => {
    const run = await runBomba(["tick", "--at", "2027-01-18T10:05"], env(), dir.path).done;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    // The Teams addresses the org was stored with are kept: no new revision.
    expect(run.stdout).not.toMatch(/revisión|revision/);
    expect(run.stdout).toContain("2 mensajes entregados, 0 por reintentar, 0 fallidos");
    const cards = cardsIn(chatOf("nacho"));
    expect(cards).toHaveLength(1);
    expect(cardProblems(cards[0]?.card)).toEqual([]);
    expect(cardText(cards[0]?.card)).toContain("Frutas Hernández");
  }, 30_000);

  it("three working days later it climbs: the superior's card, the earlier one edited in place", async () => {
    const run = await runBomba(["tick", "--at", "2027-01-21T10:05"], env(), dir.path).done;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: 1 bomba avanzada \(/);
    const luis = cardsIn(chatOf("luis"));
    expect(luis.length).toBeGreaterThanOrEqual(1);
    for (const { card } of luis) expect(cardProblems(card)).toEqual([]);
    expect(cardText(luis[0]?.card)).toContain("Frutas Hernández");
    const nacho = cardsIn(chatOf("nacho"));
    expect(nacho[0]?.updates).toBeGreaterThan(0);
    expect(cardProblems(nacho[0]?.card)).toEqual([]);
    // Nacho's chat was kept in the store by the first tick: not created again.
    const creations = standIn
      .callsTo("connector", "POST", /^\/v3\/conversations$/)
      .filter(
        (call) => (call.body as { members?: { id?: string }[] }).members?.[0]?.id === idOf("nacho"),
      );
    expect(creations).toHaveLength(1);
  }, 30_000);

  it("with a secret Entra refuses, nothing is delivered and everything waits; the secret is never printed", async () => {
    await seed(async (svc) => {
      await openBombIn(svc, at("2027-01-21T11:00"), "comercial", "Papelera Norte");
    });
    const wrong = "wrong-secret~never-print-me";
    const mark = standIn.calls.length;
    const refused = await runBomba(
      ["tick", "--at", "2027-01-21T11:05"],
      { ...env(), TEAMS_CLIENT_SECRET: wrong, LOG_LEVEL: "debug" },
      dir.path,
    ).done;
    expect(refused.code).toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).not.toContain(wrong);
    // The card waits (its refresh of earlier cards had none to edit); the connector saw nothing.
    expect(refused.stdout).toMatch(/, 1 por reintentar, 0 fallidos/);
    expect(standIn.calls.slice(mark).map((call) => `${call.service} ${call.status}`)).toEqual([
      "login 401",
    ]);
    expect(chatOf("sergio")).toBeUndefined();
    // Fixed, the next tick delivers what waited (past the back-off).
    const run = await runBomba(["tick", "--at", "2027-01-21T12:00"], env(), dir.path).done;
    expect(run.code).toBe(0);
    const sergio = cardsIn(chatOf("sergio"));
    expect(sergio).toHaveLength(1);
    expect(cardText(sergio[0]?.card)).toContain("Papelera Norte");
  }, 30_000);

  it("both platforms set, or Teams with a credential missing, is refused as serve refuses it; nothing sent", async () => {
    const mark = standIn.calls.length;
    const both = await runBomba(
      ["tick", "--at", "2027-01-21T12:30"],
      { ...env(), SLACK_BOT_TOKEN: "xoxb-not-used" },
      dir.path,
    ).done;
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("SLACK_BOT_TOKEN");
    expect(both.stderr).toContain("TEAMS_CLIENT_SECRET");
    const { TEAMS_CLIENT_ID: _id, ...withoutId } = env();
    const missing = await runBomba(["tick", "--at", "2027-01-21T12:30"], withoutId, dir.path).done;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("TEAMS_CLIENT_ID");
    expect(standIn.calls.length).toBe(mark);
  }, 30_000);
});
