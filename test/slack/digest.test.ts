import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bomb } from "../../src/core/bomb.ts";
import { digestOf } from "../../src/report/digest.ts";
import type { SlackMessage } from "../../src/slack/blocks/bomb-message.ts";
import { buildDigest } from "../../src/slack/blocks/digest.ts";
import {
  type SlackStandIn,
  standInWebClient,
  startSlackStandIn,
} from "../support/slack-stand-in.ts";
import {
  allText,
  at,
  calendar,
  ctxAt,
  limitViolations,
  org,
  orgEn,
  overdueBomb,
  overForwardedBomb,
  pendingBomb,
  REFERENCE,
  tick,
} from "./slack-fixtures.ts";

const departments = [...org.departments.values()];

/** `count` open bombs across every department; every fifth one's commitment is overdue. */
function manyBombs(count: number, customer: (i: number) => string): Bomb[] {
  const pending = pendingBomb();
  const overdue = overdueBomb();
  if (pending.state !== "pending" || overdue.state !== "accepted") throw new Error("fixtures");
  return Array.from({ length: count }, (_, k) => {
    const i = k + 1;
    const department = departments[i % departments.length];
    const departmentId = department?.id ?? "logistica";
    const base = i % 5 === 0 ? overdue : pending;
    const assignment = { ...base.assignment, departmentId, holder: department?.link ?? "" };
    return { ...base, id: i, customer: customer(i), departmentId, assignment } as Bomb;
  });
}

const now = at("2026-11-24T09:00");

const longName = (i: number) =>
  `Distribuciones y Transportes del Norte Peninsular ${i} & <Hijos>, S.A. – delegación Zaragoza`;

function digestOfMany(count: number, customer = longName) {
  return digestOf(manyBombs(count, customer), org, calendar, now);
}

function idsIn(messages: readonly SlackMessage[]): number[] {
  const text = messages.map((m) => allText(m)).join("\n");
  return [...text.matchAll(/\*#(\d+) · /g)].map((m) => Number(m[1]));
}

let standIn: SlackStandIn;
beforeAll(async () => {
  standIn = await startSlackStandIn();
});
afterAll(async () => {
  await standIn.close();
});

describe("buildDigest", () => {
  it("splits 600 bombs over several messages, each within Slack's limits", () => {
    const digest = digestOfMany(600);
    const messages = buildDigest(digest, ctxAt(now));
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(limitViolations(message)).toEqual([]);
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      expect(message.text.length).toBeGreaterThan(0);
      expect(message.text.length).toBeLessThanOrEqual(3000);
    }
    const ids = idsIn(messages);
    expect(ids).toHaveLength(600);
    expect(new Set(ids).size).toBe(600);
  });

  it("numbers the parts, summarises on the first and signs off on the last", () => {
    const messages = buildDigest(digestOfMany(600), ctxAt(now));
    const headers = messages.map((m) => allText(m.blocks[0]));
    headers.forEach((h, i) => {
      expect(h).toBe(`💣 Resumen diario de bombas · mar, 24 nov (${i + 1}/${messages.length})`);
    });
    expect(allText(messages[0])).toContain("600 bombas por resolver · 0 vencidas");
    expect(allText(messages.at(-1))).toContain("/bomba ver &lt;n&gt;");
    expect(allText(messages[1])).not.toContain("bombas por resolver");
  });

  it("repeats a department's heading on the message its bombs continue in", () => {
    const messages = buildDigest(digestOfMany(600), ctxAt(now));
    for (const message of messages.slice(1)) {
      const first = message.blocks[1];
      expect(allText(first)).toMatch(/^\*[^*]+\* — \d+ bombas/);
    }
  });

  it("fits even bombs with customer names of 3,000 characters", () => {
    const digest = digestOfMany(120, (i) => `${"Ñ&<".repeat(1000)}${i}`);
    const messages = buildDigest(digest, ctxAt(now));
    for (const message of messages) expect(limitViolations(message)).toEqual([]);
    expect(idsIn(messages)).toHaveLength(120);
  });

  it("is accepted by Slack message after message (the stand-in checks its limits)", async () => {
    const client = standInWebClient(standIn.url);
    const messages = buildDigest(digestOfMany(600), ctxAt(now));
    for (const message of messages) {
      const posted = await client.chat.postMessage({ channel: "#fidelizacion", ...message });
      expect(posted.ok).toBe(true);
    }
    expect(standIn.messages.filter((m) => m.channel === "CFIDELIZACION")).toHaveLength(
      messages.length,
    );
  });

  it("lists each department's bombs overdue first, with holder, deadline and forwards", () => {
    const later = at("2026-12-03T11:00");
    const bombs = [
      { ...tick(pendingBomb(), later), id: 1 },
      { ...tick(overdueBomb(), later), id: 2 },
      { ...overForwardedBomb(), id: 3 },
    ];
    const [message] = buildDigest(digestOf(bombs, org, calendar, later), ctxAt(later));
    const text = allText(message);
    expect(text).toContain("3 bombas por resolver · 2 vencidas");
    const logistics = text.slice(text.indexOf("*Logística*"));
    // The most overdue first (#3 was left unanswered since Thursday 26), then #2, then the one
    // still in time (🟠: one working day left); names, never mentions.
    expect(logistics).toMatch(/^\*Logística\* — 3 bombas, 2 vencidas\n🔴 \*#3 · /);
    expect(logistics.indexOf("#2 ·")).toBeLessThan(logistics.indexOf("🟠 *#1 ·"));
    expect(logistics).toContain(
      "Nacho Pérez → Luis Gil · solución: mié, 2 dic, 18:00 (vencida hace 1 día laborable)",
    );
    expect(logistics).toContain("Nacho Pérez → Luis Gil → Olga Martín · responder: ");
    expect(logistics).toContain("4 reenvíos");
    expect(text).not.toContain("<@");
  });

  it("escapes what customers' names could do to mrkdwn", () => {
    const text = allText(buildDigest(digestOfMany(3), ctxAt(now))[0]);
    expect(text).toContain("&amp; &lt;Hijos&gt;");
  });

  it("marks a late digest in its header, in either language", () => {
    const digest = digestOfMany(3);
    expect(allText(buildDigest(digest, ctxAt(now), { late: true })[0]?.blocks[0])).toBe(
      "💣 Resumen diario de bombas · mar, 24 nov (tarde)",
    );
    const english = buildDigest(digest, ctxAt(now, { org: orgEn }), { late: true })[0];
    expect(allText(english?.blocks[0])).toMatch(/^💣 Daily bomb digest · .* \(late\)$/);
    expect(english?.text).toContain("(late)");
  });

  it("says so when there is nothing to resolve", () => {
    const messages = buildDigest(digestOf([], org, calendar, REFERENCE), ctxAt(REFERENCE));
    expect(messages).toHaveLength(1);
    expect(allText(messages[0])).toContain("Ninguna bomba por resolver. 🎉");
    expect(limitViolations(messages[0])).toEqual([]);
  });
});
