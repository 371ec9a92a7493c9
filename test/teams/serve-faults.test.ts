/**
 * The Bot Connector's faults met by the real `bomba serve` on Teams, over HTTP on loopback: a
 * 412, a 502 and a 504 on a card's post are retried and the card arrives once; a 429 with
 * Retry-After holds delivery for as long as it says; more than 60 posts and edits for one chat
 * within 30 seconds pause the outbox (Teams is never asked past its limit), with no alert and
 * nothing lost.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Running, stopChild, tempDir, waitFor } from "../e2e/harness.ts";
import { orgYaml } from "../fixtures/org.ts";
import { openBombIn } from "../reliability/bot-process.ts";
import { cardProblems, cardText } from "../support/adaptive-cards.ts";
import { madrid, seedTeamsStore, startTeamsServe } from "../support/teams-serve.ts";
import {
  FAULTS,
  personalConversationId,
  startTeamsStandIn,
  type TeamsCall,
  type TeamsStandIn,
  type TeamsUser,
} from "../support/teams-stand-in.ts";

const TEAM = "8d0e6c1a-4a0b-4f7e-9a55-1d2b3c4d5e6f";
const CHANNEL = "19:digest0002@thread.tacv2";
const NAMES = ["carlos", "olga", "luis", "nacho", "marcos", "jorge", "raul", "sergio", "ana"];
/**
 * The fixture org's people in the tenant, under ids of their own for each case: each case runs
 * on a store of its own, so that one case's posts are not in another's per-chat limits.
 */
const people = (tag: string): TeamsUser[] =>
  NAMES.map((name, index) => ({
    id: `cccccccc-${tag}-4000-8000-${String(index + 1).padStart(12, "0")}`,
    displayName: name,
    mail: `${name}@example.com`,
  }));
const CASES = { faults: people("0001"), limit: people("0002") };
let USERS: TeamsUser[] = CASES.faults;
const idOf = (name: string): string =>
  USERS.find((u) => u.mail === `${name}@example.com`)?.id ?? "";
const chatOf = (name: string): string => personalConversationId(idOf(name));

const MONDAY = madrid("2027-01-18T10:00");
const TUESDAY = madrid("2027-01-19T10:00");

let standIn: TeamsStandIn;
let dir: { path: string; remove(): void };
let serve: Running | null = null;

/** `^METHOD /v3/conversations/<id>/activities…$` for faults aimed at one conversation. */
function postsTo(conversation: string): RegExp {
  const escaped = conversation.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^POST /v3/conversations/${escaped}/activities$`);
}

/** The connector's posts and edits to one conversation, in order. */
function callsTo(conversation: string): TeamsCall[] {
  return standIn
    .callsTo("connector", undefined, /\/activities(\/[^/]+)?$/)
    .filter((call) => call.route.startsWith(`/v3/conversations/${conversation}/`))
    .filter((call) => call.method === "POST" || call.method === "PUT");
}

/** The cards held in a conversation whose text names `customer`. */
function cardsNaming(conversation: string, customer: string): Record<string, unknown>[] {
  return standIn.activities
    .filter((held) => held.conversationId === conversation && !held.deleted)
    .map((held) => {
      const attachments = (held.activity.attachments ?? []) as {
        content: Record<string, unknown>;
      }[];
      return attachments[0]?.content ?? {};
    })
    .filter((card) => cardText(card).includes(customer));
}

/** The outbox as it stands: rows by status, and the alerts queued for the loyalty managers. */
function outbox(): { pending: number; failed: number; alerts: number; sent: number } {
  const db = new Database(join(dir.path, "bomba.db"), { readonly: true, fileMustExist: true });
  try {
    const count = (where: string): number =>
      (db.prepare(`select count(*) as n from outbox where ${where}`).get() as { n: number }).n;
    return {
      pending: count("status = 'pending'"),
      failed: count("status = 'failed'"),
      alerts: count("kind = 'delivery_failed'"),
      sent: count("status = 'sent'"),
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  standIn = await startTeamsStandIn({
    users: [...CASES.faults, ...CASES.limit],
    channels: { [TEAM]: [CHANNEL] },
  });
}, 60_000);

/** A fresh store and org file for a case whose people are `users`. */
function freshStore(users: TeamsUser[]): void {
  dir?.remove();
  dir = tempDir();
  USERS = users;
  writeFileSync(
    join(dir.path, "org.yaml"),
    orgYaml({ digest: { channel: `${TEAM}/${CHANNEL}`, at: "09:00" }, report: undefined }),
  );
}

afterEach(async () => {
  if (serve !== null) await stopChild(serve);
  serve = null;
});

afterAll(async () => {
  await standIn?.close();
  dir?.remove();
});

describe("serve on Teams meets the connector's faults", () => {
  it("412, 502 and 504 on a card's post are retried and the card arrives once; a 429's Retry-After holds delivery", async () => {
    freshStore(CASES.faults);
    await seedTeamsStore(dir.path, USERS, async (svc) => {
      await openBombIn(svc, MONDAY, "comercial", "Papelera Norte");
      await openBombIn(svc, MONDAY, "logistica", "Frutas Hernández");
      // No department: the loyalty manager triages it.
      await openBombIn(svc, MONDAY, null, "Aceites del Sur");
    });
    // Each fault on the first post to its chat; the digest's post to the channel gets the 429.
    standIn.fail("connector", FAULTS.preconditionFailed(), { match: postsTo(chatOf("sergio")) });
    standIn.fail("connector", FAULTS.badGateway(), { match: postsTo(chatOf("nacho")) });
    standIn.fail("connector", FAULTS.gatewayTimeout(), { match: postsTo(chatOf("ana")) });
    standIn.fail("connector", FAULTS.throttled(3), { match: postsTo(CHANNEL) });
    serve = await startTeamsServe(standIn, dir.path, MONDAY + 5 * 60_000);

    const expected: [string, string, number][] = [
      ["sergio", "Papelera Norte", 412],
      ["nacho", "Frutas Hernández", 502],
      ["ana", "Aceites del Sur", 504],
    ];
    for (const [name, customer] of expected) {
      await waitFor(
        () => cardsNaming(chatOf(name), customer).length > 0,
        `${customer}'s card in ${name}'s chat`,
        40_000,
      );
    }
    await waitFor(() => outbox().pending === 0, "every outbox row settled", 40_000);
    for (const [name, customer, status] of expected) {
      const cards = cardsNaming(chatOf(name), customer);
      // Once: the failed attempt left nothing, the retry posted it, nothing posted it again.
      expect(cards, `${name}'s ${customer} cards`).toHaveLength(1);
      expect(cardProblems(cards[0])).toEqual([]);
      const statuses = callsTo(chatOf(name))
        .filter((call) => call.method === "POST")
        .map((call) => call.status);
      expect(statuses[0], `${name}'s first post`).toBe(status);
      expect(statuses.slice(1).every((s) => s === 201)).toBe(true);
    }
    // The 429 said 3 seconds: the channel's next post came no sooner, and only one was refused.
    const channel = callsTo(CHANNEL).filter((call) => call.method === "POST");
    expect(channel[0]?.status).toBe(429);
    expect(channel.filter((call) => call.status === 429)).toHaveLength(1);
    const retried = channel[1];
    expect(retried?.status).toBe(201);
    expect((retried?.at ?? 0) - (channel[0]?.at ?? 0)).toBeGreaterThanOrEqual(3000);
    // Retried, never given up: no row failed, no loyalty manager alerted.
    const rows = outbox();
    expect(rows).toMatchObject({ pending: 0, failed: 0, alerts: 0 });
    console.log(
      `RELIABILITY teams-faults: 412, 502, 504 each retried once, 3 cards delivered once; 429 Retry-After 3 s waited ${(((retried?.at ?? 0) - (channel[0]?.at ?? 0)) / 1000).toFixed(1)} s; ${rows.sent} rows sent, 0 failed, 0 alerts`,
    );
  }, 90_000);

  it("past 60 posts and edits in 30 seconds to one chat, the outbox pauses: no 429, no alert, nothing lost", async () => {
    const burst = 40;
    freshStore(CASES.limit);
    await seedTeamsStore(dir.path, USERS, async (svc) => {
      for (let i = 0; i < burst; i++) {
        await openBombIn(svc, TUESDAY, "comercial", `Cliente ${i + 1}`);
      }
    });
    serve = await startTeamsServe(standIn, dir.path, TUESDAY + 60_000);
    await waitFor(
      () => cardsNaming(chatOf("sergio"), "Cliente").length >= burst,
      "every card of the burst in Sergio's chat",
      80_000,
    );
    await waitFor(() => outbox().pending === 0, "every outbox row settled", 20_000);
    const taken = callsTo(chatOf("sergio"))
      .filter((call) => call.status === 200 || call.status === 201)
      .map((call) => call.at);
    const refused = callsTo(chatOf("sergio")).filter((call) => call.status === 429);
    // More than Teams takes in 30 s went to that chat, so the outbox must have paused.
    expect(taken.length).toBeGreaterThan(60);
    const most30 = Math.max(
      ...taken.map((t) => taken.filter((u) => u >= t && u < t + 30_000).length),
    );
    expect(most30).toBeLessThanOrEqual(60);
    const pause = Math.max(...taken.slice(1).map((t, i) => t - (taken[i] ?? t)));
    expect(pause).toBeGreaterThan(5_000);
    // Paused by the pacer before Teams had to refuse anything.
    expect(refused).toEqual([]);
    // Every bomb's card there once.
    const texts = cardsNaming(chatOf("sergio"), "Cliente").map(cardText);
    expect(texts).toHaveLength(burst);
    for (let i = 0; i < burst; i++) {
      const named = new RegExp(`Cliente ${i + 1}(?!\\d)`);
      expect(
        texts.filter((text) => named.test(text)),
        `Cliente ${i + 1}`,
      ).toHaveLength(1);
    }
    expect(outbox()).toMatchObject({ pending: 0, failed: 0, alerts: 0 });
    console.log(
      `RELIABILITY teams-60-in-30: ${burst} cards to one chat, ${taken.length} posts and edits, at most ${most30} in 30 s, outbox paused ${(pause / 1000).toFixed(1)} s, 0 refused, 0 lost, 0 alerts`,
    );
  }, 120_000);
});
