/**
 * The Teams ChatPort against the stand-ins: what each method sends the Bot Connector and Graph,
 * the cards it renders (valid Adaptive Card 1.5, under 40 KB, split when long), channels as the
 * org file names them, an update of a card Teams no longer holds, and what `find` can tell.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChatError, type ChatPort } from "../../src/chat/port.ts";
import type { Bomb } from "../../src/core/bomb.ts";
import type { PersonId } from "../../src/core/org.ts";
import { quarterOfYear } from "../../src/core/quarter.ts";
import { digestOf } from "../../src/report/digest.ts";
import { quarterlyReport } from "../../src/report/quarterly-report.ts";
import type { CardContext } from "../../src/teams/cards/context.ts";
import { type Connector, connector } from "../../src/teams/connector.ts";
import { graph } from "../../src/teams/graph.ts";
import { teamsChannelOf, teamsPort } from "../../src/teams/port.ts";
import { tokenProvider } from "../../src/teams/tokens.ts";
import {
  acceptedBomb,
  at,
  calendar,
  org,
  orgEn,
  overdueBomb,
  P,
  pendingBomb,
} from "../slack/slack-fixtures.ts";
import { cardProblems, cardText, TEAMS_MESSAGE_LIMIT } from "../support/adaptive-cards.ts";
import {
  FAULTS,
  startTeamsStandIn,
  TEAMS_STAND_IN_IDENTITY,
  type TeamsStandIn,
} from "../support/teams-stand-in.ts";

const { clientId, clientSecret, tenantId } = TEAMS_STAND_IN_IDENTITY;
const ANA = { id: "aaaaaaaa-0000-4000-8000-000000000001", displayName: "Ana", mail: P.ana };
const NURIA = {
  id: "aaaaaaaa-0000-4000-8000-000000000003",
  displayName: "Nuria",
  mail: "nuria@example.com",
  installed: false,
};
const TEAM = "8d0e6c1a-4a0b-4f7e-9a55-1d2b3c4d5e6f";
const CHANNEL = "19:a1b2c3d4e5f6@thread.tacv2";
const LINK = `https://teams.microsoft.com/l/channel/${encodeURIComponent(CHANNEL)}/Fidelizaci%C3%B3n?groupId=${TEAM}&tenantId=${tenantId}`;

const now = at("2026-11-24T09:00");
let standIn: TeamsStandIn;
let port: ChatPort;
let cardOrg = org;

function teamsIdOf(person: PersonId): string | null {
  return person === P.ana ? ANA.id : null;
}

beforeAll(async () => {
  standIn = await startTeamsStandIn({
    users: [ANA, NURIA],
    channels: { [TEAM]: [CHANNEL] },
    now: () => now,
  });
  port = makePort();
});

/** A port over the stand-in; `wrap` may stand between it and the real connector. */
function makePort(wrap: (real: Connector) => Connector = (real) => real): ChatPort {
  const tokens = tokenProvider(
    { clientId, clientSecret, tenantId, loginUrl: standIn.loginUrl },
    () => now,
  );
  return teamsPort({
    connector: wrap(connector({ clientId, tenantId, serviceUrl: standIn.serviceUrl, tokens })),
    graph: graph({ graphUrl: standIn.graphUrl, tokens }),
    cards: (): CardContext => ({ org: cardOrg, calendar, now, teamsUserOf: teamsIdOf }),
  });
}
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.reset();
  cardOrg = org;
});

const tag = { rowId: 1, key: "k" };

function bombContent(bomb: Bomb, kind = "assigned") {
  return { type: "bomb" as const, kind, params: {}, bomb, recipient: P.ana };
}

/** The Adaptive Card of a held activity. */
function cardOf(activity: Record<string, unknown>): Record<string, unknown> {
  const attachments = activity.attachments as {
    contentType: string;
    content: Record<string, unknown>;
  }[];
  expect(attachments).toHaveLength(1);
  expect(attachments[0]?.contentType).toBe("application/vnd.microsoft.card.adaptive");
  return attachments[0]?.content ?? {};
}

async function failureOf(run: () => Promise<unknown>): Promise<ChatError> {
  const caught = await run().then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(caught instanceof ChatError))
    throw new Error(`expected a ChatError, got ${String(caught)}`);
  return caught;
}

/** `count` open bombs with long customer names, across the departments. */
function manyBombs(count: number): Bomb[] {
  const departments = [...org.departments.values()];
  const pending = pendingBomb();
  const overdue = overdueBomb();
  if (pending.state !== "pending" || overdue.state !== "accepted") throw new Error("fixtures");
  return Array.from({ length: count }, (_, k) => {
    const i = k + 1;
    const department = departments[i % departments.length];
    const base = i % 5 === 0 ? overdue : pending;
    const departmentId = department?.id ?? "logistica";
    const assignment = { ...base.assignment, departmentId, holder: department?.link ?? "" };
    const customer = `Distribuciones del Norte Peninsular ${i} & <Hijos>, S.A. – delegación Zaragoza`;
    return { ...base, id: i, customer, departmentId, assignment } as Bomb;
  });
}

describe("people and conversations", () => {
  it("looks a person up by e-mail and opens their 1:1 once; without the app it is not_installed", async () => {
    expect(await port.lookupByEmail(P.ana)).toBe(ANA.id);
    expect(await port.lookupByEmail("nadie@example.com")).toBeNull();
    const conversation = await port.openConversation(ANA.id);
    expect(standIn.conversations.get(conversation)).toMatchObject({
      kind: "personal",
      userId: ANA.id,
    });
    expect(await failureOf(() => port.openConversation(NURIA.id))).toMatchObject({
      kind: "not_installed",
    });
  });
});

describe("send", () => {
  it("a bomb message is one valid card in the 1:1, its fallback text the notification's summary", async () => {
    const conversation = await port.openConversation(ANA.id);
    const refs = await port.send({ conversation }, bombContent(pendingBomb()), tag);
    expect(refs).toEqual([{ conversation, ref: expect.any(String), part: 1 }]);
    const held = standIn.activities[0];
    expect(held?.id).toBe(refs[0]?.ref);
    const card = cardOf(held?.activity ?? {});
    expect(cardProblems(card)).toEqual([]);
    expect(held?.activity.summary).toBe(card.fallbackText);
    expect(cardText(card)).toContain(pendingBomb().customer);
  });

  it("a notice about no bomb is a valid card too", async () => {
    const conversation = await port.openConversation(ANA.id);
    await port.send(
      { conversation },
      { type: "notice", kind: "delivery_failed", params: { error: "x" }, recipient: P.ana },
      tag,
    );
    expect(cardProblems(cardOf(standIn.activities[0]?.activity ?? {}))).toEqual([]);
  });

  it("a long digest goes to the channel of the org's link as several cards, each under 40 KB, every bomb once", async () => {
    const bombs = manyBombs(240);
    const refs = await port.send(
      { channel: LINK },
      { type: "digest", digest: digestOf(bombs, org, calendar, now), late: false },
      tag,
    );
    expect(refs.length).toBeGreaterThan(1);
    expect(refs.map((ref) => ref.part)).toEqual(refs.map((_, i) => i + 1));
    expect(new Set(refs.map((ref) => ref.conversation))).toEqual(new Set([`${TEAM}/${CHANNEL}`]));
    expect(standIn.activities.map((held) => held.conversationId)).toEqual(refs.map(() => CHANNEL));
    const ids: number[] = [];
    for (const [i, held] of standIn.activities.entries()) {
      const card = cardOf(held.activity);
      expect(cardProblems(card)).toEqual([]);
      expect(Buffer.byteLength(JSON.stringify(held.activity))).toBeLessThan(TEAMS_MESSAGE_LIMIT);
      expect(cardText(card)).toContain(`(${i + 1}/${refs.length})`);
      ids.push(...[...cardText(card).matchAll(/#(\d+) · /g)].map((m) => Number(m[1])));
    }
    expect(ids.sort((a, b) => a - b)).toEqual(bombs.map((bomb) => bomb.id));
  });

  it("an empty digest and a report in English, by team id/channel id, are valid cards", async () => {
    cardOrg = orgEn;
    const quarter = quarterOfYear(2026, 4, orgEn.calendar.timezone);
    const report = quarterlyReport(
      quarter,
      [acceptedBomb(), ...manyBombs(60)],
      [],
      orgEn,
      calendar,
    );
    await port.send(
      { channel: `${TEAM}/${CHANNEL}` },
      { type: "digest", digest: digestOf([], orgEn, calendar, now), late: true },
      tag,
    );
    await port.send(
      { channel: `${TEAM}/${CHANNEL}` },
      { type: "report", report, late: false },
      tag,
    );
    const cards = standIn.activities.map((held) => cardOf(held.activity));
    for (const card of cards) expect(cardProblems(card)).toEqual([]);
    expect(cardText(cards[0])).toMatch(/Daily bomb digest .* \(late\)/);
    expect(cardText(cards[1])).toContain("Quarterly bomb report · 2026-Q4");
  });

  it("a channel Teams cannot name (a Slack #name) is permanent, and nothing is sent", async () => {
    for (const channel of ["#fidelizacion", "https://example.com/l/channel/x", "team-only"]) {
      expect(
        await failureOf(() =>
          port.send(
            { channel },
            { type: "digest", digest: digestOf([], org, calendar, now), late: false },
            tag,
          ),
        ),
      ).toMatchObject({ kind: "permanent", code: "channel_not_teams" });
    }
    expect(standIn.callsTo("connector")).toEqual([]);
  });

  it("find cannot read Teams back: always empty", async () => {
    const conversation = await port.openConversation(ANA.id);
    await port.send({ conversation }, bombContent(pendingBomb()), tag);
    expect(await port.find({ conversation }, tag)).toEqual([]);
  });
});

describe("a card Teams refuses as too big (413)", () => {
  const tooBig = { kind: "status", status: 413, code: "MessageSizeTooBig" } as const;
  const digest = () => ({
    type: "digest" as const,
    digest: digestOf(manyBombs(240), org, calendar, now),
    late: false,
  });

  /** The bomb ids the held cards name, in order. */
  const idsHeld = () =>
    standIn.activities.flatMap((held) =>
      [...cardText(cardOf(held.activity)).matchAll(/#(\d+) · /g)].map((m) => Number(m[1])),
    );

  it("the first card refused: the digest is split finer and sent from the start, every bomb once", async () => {
    const usual = await makePort().send({ channel: LINK }, digest(), tag);
    standIn.reset();
    standIn.fail("connector", tooBig, { match: /^POST .*\/activities$/ });
    const finer = await makePort().send({ channel: LINK }, digest(), tag);
    expect(finer.length).toBeGreaterThan(usual.length);
    expect(idsHeld().sort((a, b) => a - b)).toEqual(manyBombs(240).map((bomb) => bomb.id));
    for (const held of standIn.activities) {
      expect(Buffer.byteLength(JSON.stringify(held.activity))).toBeLessThan(20 * 1024);
      expect(cardProblems(cardOf(held.activity))).toEqual([]);
    }
  });

  it("a later card refused: transient (some parts are out), and the next attempt splits finer", async () => {
    let posts = 0;
    const port = makePort((real) => ({
      ...real,
      send: async (conversation, activity) => {
        posts += 1;
        if (posts === 2) throw new ChatError("permanent", "MessageSizeTooBig");
        return real.send(conversation, activity);
      },
    }));
    expect(await failureOf(() => port.send({ channel: LINK }, digest(), tag))).toMatchObject({
      kind: "transient",
      code: "MessageSizeTooBig",
    });
    const before = standIn.activities.length;
    const again = await port.send({ channel: LINK }, digest(), tag);
    expect(before).toBe(1);
    expect(again.length).toBeGreaterThan(2);
    for (const held of standIn.activities.slice(before)) {
      expect(Buffer.byteLength(JSON.stringify(held.activity))).toBeLessThan(20 * 1024);
    }
  });

  it("refused however small it is made: permanent, after trying at 38, 19, 9.5 and 8 KB", async () => {
    const port = makePort();
    const conversation = await port.openConversation(ANA.id);
    standIn.fail("connector", tooBig, { match: /^POST .*\/activities$/, times: 10 });
    expect(
      await failureOf(() => port.send({ conversation }, bombContent(pendingBomb()), tag)),
    ).toMatchObject({
      kind: "permanent",
      code: "MessageSizeTooBig",
    });
    expect(standIn.callsTo("connector", "POST", /\/activities$/)).toHaveLength(4);
  });

  it("an update refused as too big goes again, shorter, in place", async () => {
    const port = makePort();
    const conversation = await port.openConversation(ANA.id);
    // 3,000 characters of three bytes each: over 9.5 KB whole, so the smaller limit cuts it.
    const long = { ...pendingBomb(), complaint: "€".repeat(3000) } as Bomb;
    const [ref] = await port.send({ conversation }, bombContent(long), tag);
    if (ref === undefined) throw new Error("not sent");
    const first = Buffer.byteLength(JSON.stringify(standIn.activities[0]?.activity));
    standIn.fail("connector", tooBig, { match: /^PUT /, times: 2 });
    expect(await port.update(ref, bombContent(long))).toBeNull();
    expect(standIn.activities).toHaveLength(1);
    expect(standIn.activities[0]?.updates).toBe(1);
    expect(Buffer.byteLength(JSON.stringify(standIn.activities[0]?.activity))).toBeLessThan(first);
    expect(standIn.callsTo("connector", "PUT")).toHaveLength(3);
  });
});

describe("update and retire", () => {
  it("replaces the card in place", async () => {
    const conversation = await port.openConversation(ANA.id);
    const [ref] = await port.send({ conversation }, bombContent(pendingBomb()), tag);
    if (ref === undefined) throw new Error("not sent");
    expect(await port.update(ref, bombContent(acceptedBomb(), "accepted"))).toBeNull();
    expect(standIn.activities).toHaveLength(1);
    expect(standIn.activities[0]?.updates).toBe(1);
    expect(cardProblems(cardOf(standIn.activities[0]?.activity ?? {}))).toEqual([]);
  });

  it("a card Teams no longer holds (ActivityNotFoundInConversation) is sent anew and returned", async () => {
    const conversation = await port.openConversation(ANA.id);
    const [ref] = await port.send({ conversation }, bombContent(pendingBomb()), tag);
    if (ref === undefined) throw new Error("not sent");
    standIn.fail("connector", FAULTS.activityNotFound(), { match: /^PUT / });
    const again = await port.update(ref, bombContent(acceptedBomb(), "accepted"));
    expect(again).toEqual([{ conversation, ref: expect.any(String), part: 1 }]);
    expect(again?.[0]?.ref).not.toBe(ref.ref);
    expect(standIn.activities.map((held) => held.id)).toEqual([ref.ref, again?.[0]?.ref]);
  });

  it("other failures of an update are classified, not swallowed", async () => {
    const conversation = await port.openConversation(ANA.id);
    const [ref] = await port.send({ conversation }, bombContent(pendingBomb()), tag);
    if (ref === undefined) throw new Error("not sent");
    standIn.fail("connector", FAULTS.throttled(2), { match: /^PUT / });
    expect(await failureOf(() => port.update(ref, bombContent(acceptedBomb())))).toMatchObject({
      kind: "retry_after",
      retryAfterMs: 2000,
    });
  });

  it("retire deletes the card; a card already gone is no error", async () => {
    const conversation = await port.openConversation(ANA.id);
    const [ref] = await port.send({ conversation }, bombContent(pendingBomb()), tag);
    if (ref === undefined) throw new Error("not sent");
    await port.retire(ref);
    await port.retire(ref);
    expect(standIn.activities.map((held) => held.deleted)).toEqual([true]);
  });
});

describe("upload", () => {
  const files = [
    {
      filename: "informe-2026-Q4.csv",
      title: "Informe 2026-Q4 (CSV)",
      content: Buffer.from("\uFEFFa;b\n"),
    },
    {
      filename: "informe-2026-Q4-logistica.png",
      title: "Logística",
      content: Buffer.from([0x89, 0x50]),
    },
  ];

  it("puts the files in the channel's files folder and links them in a reply under the message", async () => {
    const [ref] = await port.send(
      { channel: LINK },
      { type: "digest", digest: digestOf([], org, calendar, now), late: false },
      tag,
    );
    if (ref === undefined) throw new Error("not sent");
    await port.upload(ref, files, tag);
    expect(standIn.files.map((file) => [file.name, file.contentType])).toEqual([
      ["informe-2026-Q4.csv", "text/csv; charset=utf-8"],
      ["informe-2026-Q4-logistica.png", "image/png"],
    ]);
    const reply = standIn.activities[1];
    expect(reply?.conversationId).toBe(`${CHANNEL};messageid=${ref.ref}`);
    const card = cardOf(reply?.activity ?? {});
    expect(cardProblems(card)).toEqual([]);
    for (const file of standIn.files) expect(JSON.stringify(card)).toContain(file.webUrl);

    // A second attempt replaces the files rather than adding copies.
    await port.upload(ref, files, tag);
    expect(standIn.files.map((file) => file.replaced)).toEqual([1, 1]);
  });

  it("into a 1:1 chat it links the copy already in the shared channel's files folder", async () => {
    const [channelRef] = await port.send(
      { channel: LINK },
      { type: "digest", digest: digestOf([], org, calendar, now), late: false },
      tag,
    );
    if (channelRef === undefined) throw new Error("not sent");
    await port.upload(channelRef, files, tag);
    const conversation = await port.openConversation(ANA.id);
    const [ref] = await port.send({ conversation }, bombContent(pendingBomb()), tag);
    if (ref === undefined) throw new Error("not sent");
    const puts = standIn.callsTo("graph", "PUT").length;
    await port.upload(ref, files, tag, false, { channel: LINK });
    // Found by name, not put again: the same two files, never replaced.
    expect(standIn.callsTo("graph", "PUT")).toHaveLength(puts);
    expect(standIn.files.map((file) => file.replaced)).toEqual([0, 0]);
    const card = cardOf(standIn.activities.at(-1)?.activity ?? {});
    expect(standIn.activities.at(-1)?.conversationId).toBe(conversation);
    expect(cardProblems(card)).toEqual([]);
    for (const file of standIn.files) expect(JSON.stringify(card)).toContain(file.webUrl);
  });

  it("into a 1:1 chat before the channel's own upload, it puts the files in the channel once", async () => {
    const conversation = await port.openConversation(ANA.id);
    const [ref] = await port.send({ conversation }, bombContent(pendingBomb()), tag);
    if (ref === undefined) throw new Error("not sent");
    await port.upload(ref, files, tag, false, { channel: `${TEAM}/${CHANNEL}` });
    expect(standIn.files.map((file) => [file.name, file.replaced])).toEqual([
      ["informe-2026-Q4.csv", 0],
      ["informe-2026-Q4-logistica.png", 0],
    ]);
    const card = cardOf(standIn.activities.at(-1)?.activity ?? {});
    for (const file of standIn.files) expect(JSON.stringify(card)).toContain(file.webUrl);
  });

  it("into a 1:1 chat with no channel to share, one copy in the org's site with an org-wide link", async () => {
    const conversation = await port.openConversation(ANA.id);
    const [ref] = await port.send({ conversation }, bombContent(pendingBomb()), tag);
    if (ref === undefined) throw new Error("not sent");
    await port.upload(ref, files, tag);
    await port.upload(ref, files, tag, false, { channel: "#direccion" });
    // Both people's uploads land on the same two files; each keeps one organization view link.
    expect(standIn.files.map((file) => [file.parentId, file.name, file.replaced])).toEqual([
      ["Correo Bomba", "informe-2026-Q4.csv", 1],
      ["Correo Bomba", "informe-2026-Q4-logistica.png", 1],
    ]);
    for (const file of standIn.files) {
      expect(file.links.map((link) => [link.type, link.scope])).toEqual([["view", "organization"]]);
    }
    const cards = standIn.activities.filter((held) => held.conversationId === conversation);
    const last = cardOf(cards.at(-1)?.activity ?? {});
    expect(cardProblems(last)).toEqual([]);
    for (const file of standIn.files) {
      expect(JSON.stringify(last)).toContain(file.links[0]?.webUrl ?? "no link");
    }
  });

  it("a refusal of the org's site (no Files.ReadWrite.All granted) is Graph's own error", async () => {
    const conversation = await port.openConversation(ANA.id);
    const [ref] = await port.send({ conversation }, bombContent(pendingBomb()), tag);
    if (ref === undefined) throw new Error("not sent");
    standIn.fail("graph", FAULTS.accessDenied(), { match: /^PUT \/sites\/root\// });
    expect(await failureOf(() => port.upload(ref, files, tag))).toMatchObject({
      kind: "permanent",
      code: "accessDenied",
    });
  });
});

describe("teamsChannelOf", () => {
  it.each([
    [LINK, { teamId: TEAM, channelId: CHANNEL }],
    [`  ${TEAM}/${CHANNEL} `, { teamId: TEAM, channelId: CHANNEL }],
    ["#fidelizacion", null],
    [`https://teams.microsoft.com/l/channel/${encodeURIComponent(CHANNEL)}/General`, null],
    [
      `http://teams.microsoft.com/l/channel/${encodeURIComponent(CHANNEL)}/General?groupId=${TEAM}`,
      null,
    ],
    [`https://teams.microsoft.com/l/chat/${encodeURIComponent(CHANNEL)}/x?groupId=${TEAM}`, null],
    [`https://teams.microsoft.com/l/channel/%E0%A4%A/x?groupId=${TEAM}`, null],
    [`${TEAM}/general`, null],
  ])("%s", (name, expected) => {
    expect(teamsChannelOf(name)).toEqual(expected);
  });
});
