/**
 * The kept "what I hold" cards against the stand-in's connector: a refresh puts a card only
 * when it changed, a later message in the chat supersedes it, a card Teams no longer holds is
 * let go, and refreshes asked for while one runs coalesce into one more.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adaptiveCard, cardAttachment, textBlock } from "../../src/teams/cards/adaptive.ts";
import { type Connector, connector } from "../../src/teams/connector.ts";
import { homeCards, homeTrackingConnector } from "../../src/teams/home-cards.ts";
import { tokenProvider } from "../../src/teams/tokens.ts";
import {
  startTeamsStandIn,
  TEAMS_STAND_IN_IDENTITY,
  type TeamsStandIn,
} from "../support/teams-stand-in.ts";

const { clientId, clientSecret, tenantId } = TEAMS_STAND_IN_IDENTITY;
const NACHO = { id: "eeeeeeee-0000-4000-8000-000000000001", displayName: "Nacho", mail: "n@x.es" };

let standIn: TeamsStandIn;
let client: Connector;
let chat = "";
let shows: Record<string, string>;
const warnings: unknown[] = [];

const cardSaying = (text: string) => adaptiveCard(text, [textBlock(text)]);
const activityOf = (text: string) => {
  const card = cardSaying(text);
  return { type: "message" as const, summary: text, attachments: [cardAttachment(card)] };
};
const textOf = (index: number): string =>
  JSON.stringify(standIn.activities[index]?.activity.attachments ?? []);

function kept() {
  const homes = homeCards(() => ({
    connector: client,
    render: async (person) => cardSaying(shows[person] ?? "?"),
    warn: (_message, error) => warnings.push(error),
  }));
  return { homes, tracked: homeTrackingConnector(client, homes) };
}

beforeAll(async () => {
  standIn = await startTeamsStandIn({ users: [NACHO] });
  const tokens = tokenProvider({ clientId, clientSecret, tenantId, loginUrl: standIn.loginUrl });
  client = connector({ clientId, tenantId, serviceUrl: standIn.serviceUrl, tokens });
});
afterAll(() => standIn.close());
beforeEach(async () => {
  standIn.reset();
  warnings.length = 0;
  shows = { nacho: "nothing held" };
  chat = await client.createConversation(NACHO.id);
});

describe("home cards", () => {
  it("puts the card again only when what it shows changed", async () => {
    const { homes, tracked } = kept();
    const ref = await tracked.send(chat, activityOf("nothing held"));
    homes.shown(chat, "nacho", ref, cardSaying("nothing held"));
    await homes.refresh();
    expect(standIn.activities[0]?.updates).toBe(0);
    shows.nacho = "bomb #1 held";
    await homes.refresh();
    await homes.refresh();
    expect(standIn.activities[0]?.updates).toBe(1);
    expect(textOf(0)).toContain("bomb #1 held");
    expect(warnings).toEqual([]);
  });

  it("a later message in the chat supersedes it; one in another chat does not", async () => {
    const { homes, tracked } = kept();
    const ref = await tracked.send(chat, activityOf("nothing held"));
    homes.shown(chat, "nacho", ref, cardSaying("nothing held"));
    await tracked.send("19:elsewhere@thread.tacv2", activityOf("elsewhere")).catch(() => "");
    expect(homes.size).toBe(1);
    await tracked.send(chat, activityOf("a bomb's card"));
    expect(homes.size).toBe(0);
    shows.nacho = "bomb #1 held";
    await homes.refresh();
    expect(standIn.activities[0]?.updates).toBe(0);
  });

  it("a card Teams no longer holds is let go, without a warning", async () => {
    const { homes, tracked } = kept();
    const ref = await tracked.send(chat, activityOf("nothing held"));
    homes.shown(chat, "nacho", ref, cardSaying("nothing held"));
    await client.remove(chat, ref);
    shows.nacho = "bomb #1 held";
    await homes.refresh();
    expect(homes.size).toBe(0);
    expect(warnings).toEqual([]);
  });

  it("refreshes asked for while one runs make one more run, not one each", async () => {
    const { homes, tracked } = kept();
    const ref = await tracked.send(chat, activityOf("nothing held"));
    homes.shown(chat, "nacho", ref, cardSaying("nothing held"));
    shows.nacho = "one";
    const running = homes.refresh();
    shows.nacho = "two";
    homes.changed();
    homes.changed();
    await running;
    // The first run put "one"; the two asked for meanwhile made one more run, which put "two".
    expect(standIn.callsTo("connector", "PUT")).toHaveLength(2);
    expect(textOf(0)).toContain("two");
  });
});
