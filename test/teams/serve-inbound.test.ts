/**
 * The real `bomba serve` on Teams, over HTTP on loopback, against the stand-ins (Bot Connector,
 * token endpoint, OpenID metadata and keys, Graph): every request must carry a Bot Connector
 * token made for the bot and for the activity's connector, and a bad one changes nothing; a good
 * one is answered in the person's 1:1 chat, in the org's language.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { teamsCatalog } from "../../src/i18n/teams-catalog.ts";
import { connector } from "../../src/teams/connector.ts";
import { tokenProvider } from "../../src/teams/tokens.ts";
import { type Running, stopChild, tempDir, waitFor } from "../e2e/harness.ts";
import { orgYaml } from "../fixtures/org.ts";
import { cardProblems, cardText } from "../support/adaptive-cards.ts";
import { personalActivity, startTeamsServe } from "../support/teams-serve.ts";
import {
  startTeamsStandIn,
  TEAMS_STAND_IN_IDENTITY,
  type TeamsStandIn,
} from "../support/teams-stand-in.ts";
import {
  BAD_BOT_TOKEN_KINDS,
  botToken,
  postActivity,
  postSignedActivity,
} from "../support/teams-tokens.ts";

const { clientId, clientSecret, tenantId } = TEAMS_STAND_IN_IDENTITY;
const BOT = `28:${clientId}`;
const ANA = {
  id: "aaaaaaaa-0000-4000-8000-000000000001",
  displayName: "Ana",
  mail: "ana@example.com",
};
const LUIS = {
  id: "aaaaaaaa-0000-4000-8000-000000000002",
  displayName: "Luis",
  mail: "luis@example.com",
};
const OLGA = {
  id: "aaaaaaaa-0000-4000-8000-000000000005",
  displayName: "Olga",
  mail: "olga@example.com",
};
const TEAM = "8d0e6c1a-4a0b-4f7e-9a55-1d2b3c4d5e6f";
const CHANNEL = "19:a1b2c3d4e5f6@thread.tacv2";

interface TeamsBot {
  url: string;
  serve: Running;
  stop(): Promise<void>;
}

/** Starts `bomba serve` on Teams with an org file of `locale`, every URL at the stand-in. */
async function startTeamsBot(standIn: TeamsStandIn, locale: "es" | "en"): Promise<TeamsBot> {
  const dir = tempDir();
  const org = join(dir.path, "org.yaml");
  writeFileSync(org, orgYaml({ locale }));
  const serve = await startTeamsServe(standIn, dir.path);
  return {
    url: `${serve.url}/api/messages`,
    serve,
    async stop() {
      await stopChild(serve);
      dir.remove();
    },
  };
}

let standIn: TeamsStandIn;
let bot: TeamsBot;
/** Ana's 1:1 chat with the bot, as the connector knows it. */
let anaChat: string;

async function chatWith(userId: string): Promise<string> {
  const tokens = tokenProvider({ clientId, clientSecret, tenantId, loginUrl: standIn.loginUrl });
  return connector({
    clientId,
    tenantId,
    serviceUrl: standIn.serviceUrl,
    tokens,
  }).createConversation(userId);
}

function message(text: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const from = { id: "29:ana", aadObjectId: ANA.id, name: ANA.displayName };
  return personalActivity(standIn, from, anaChat, { id: `m-${text}`, text, ...over });
}

/** The cards the connector holds in a conversation, oldest first. */
function cardsIn(conversationId: string): Record<string, unknown>[] {
  return standIn.activities
    .filter((held) => held.conversationId === conversationId)
    .map((held) => {
      const attachments = held.activity.attachments as { content: Record<string, unknown> }[];
      return attachments[0]?.content ?? {};
    });
}

beforeAll(async () => {
  standIn = await startTeamsStandIn({
    users: [ANA, LUIS, OLGA],
    channels: { [TEAM]: [CHANNEL] },
  });
  bot = await startTeamsBot(standIn, "es");
}, 60_000);
afterAll(async () => {
  await bot?.stop();
  await standIn?.close();
});
beforeEach(async () => {
  standIn.reset();
  anaChat = await chatWith(ANA.id);
  // Only what the bot does is recorded.
  standIn.calls.splice(0);
});

describe("the Bot Connector token on POST /api/messages", () => {
  it("a good token is answered: the help card in Ana's chat, in Spanish", async () => {
    const answer = await postSignedActivity(bot.url, standIn.botKey, clientId, message("ayuda"));
    expect(answer.status).toBe(200);
    const [card] = await waitFor(() => {
      const cards = cardsIn(anaChat);
      return cards.length > 0 ? cards : null;
    }, "the help card");
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain(teamsCatalog("es").help.title);
  });

  it.each(BAD_BOT_TOKEN_KINDS)("a token %s gets 401 and changes nothing", async (kind) => {
    const answer = await postSignedActivity(
      bot.url,
      standIn.botKey,
      clientId,
      message("ayuda"),
      kind,
    );
    expect(answer.status).toBe(401);
    expect(standIn.callsTo("connector")).toEqual([]);
    expect(standIn.activities).toEqual([]);
  });

  it("no token at all gets 401", async () => {
    const answer = await postActivity(bot.url, message("ayuda"), undefined);
    expect(answer.status).toBe(401);
    expect(standIn.callsTo("connector")).toEqual([]);
  });

  it("a token for another connector than the activity names gets 401", async () => {
    const token = botToken(standIn.botKey, {
      clientId,
      serviceUrl: "https://smba.trafficmanager.net/emea/",
    });
    const answer = await postActivity(bot.url, message("ayuda"), token);
    expect(answer.status).toBe(401);
    expect(standIn.callsTo("connector")).toEqual([]);
  });

  it("an activity without serviceUrl gets 401 even with a token signed for some connector", async () => {
    const { serviceUrl: _none, ...activity } = message("ayuda");
    const token = botToken(standIn.botKey, { clientId, serviceUrl: standIn.serviceUrl });
    const answer = await postActivity(bot.url, activity, token);
    expect(answer.status).toBe(401);
    expect(standIn.callsTo("connector")).toEqual([]);
  });

  it("a body that is not an activity is refused without reaching the bot", async () => {
    const token = botToken(standIn.botKey, { clientId, serviceUrl: standIn.serviceUrl });
    const response = await fetch(bot.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: "[1, 2",
    });
    expect(response.status).toBe(400);
    expect(standIn.callsTo("connector")).toEqual([]);
  });
});

describe("answers", () => {
  it("help with an @mention in a channel is answered in the person's 1:1 chat, never the channel", async () => {
    const luisChat = await chatWith(LUIS.id);
    standIn.calls.splice(0);
    const answer = await postSignedActivity(
      bot.url,
      standIn.botKey,
      clientId,
      message("<at>Correo Bomba</at> help", {
        from: { id: "29:luis", aadObjectId: LUIS.id, name: LUIS.displayName },
        conversation: { id: `${CHANNEL};messageid=1`, conversationType: "channel", tenantId },
        entities: [
          {
            type: "mention",
            text: "<at>Correo Bomba</at>",
            mentioned: { id: BOT, name: "Correo Bomba" },
          },
        ],
        channelData: { tenant: { id: tenantId }, team: { id: TEAM }, channel: { id: CHANNEL } },
      }),
    );
    expect(answer.status).toBe(200);
    await waitFor(() => cardsIn(luisChat).length === 1, "the help in Luis's chat");
    expect(standIn.activities.map((held) => held.conversationId)).toEqual([luisChat]);
  });

  it("a word the bot does not route yet is answered with the help", async () => {
    await postSignedActivity(bot.url, standIn.botKey, clientId, message("qué tal"));
    const [card] = await waitFor(() => {
      const cards = cardsIn(anaChat);
      return cards.length > 0 ? cards : null;
    }, "the help card");
    expect(cardText(card)).toContain(teamsCatalog("es").help.title);
  });

  /** The two activities Teams posts when a person installs the app, from `user`. */
  const installation = (user: { id: string; displayName: string }, chat: string) => {
    const from = { id: `29:${user.displayName}`, aadObjectId: user.id, name: user.displayName };
    const conversation = { id: chat, conversationType: "personal", tenantId };
    return {
      installed: {
        ...message(""),
        type: "installationUpdate",
        action: "add",
        from,
        conversation,
        text: undefined,
      },
      added: {
        ...message(""),
        type: "conversationUpdate",
        membersAdded: [{ id: BOT }],
        from,
        conversation,
        text: undefined,
      },
    };
  };

  it("the first contact after installation is greeted once, though Teams tells it twice", async () => {
    const olgaChat = await chatWith(OLGA.id);
    standIn.calls.splice(0);
    const { installed, added } = installation(OLGA, olgaChat);
    const first = await postSignedActivity(bot.url, standIn.botKey, clientId, installed);
    expect(first.status).toBe(200);
    const [card] = await waitFor(() => {
      const cards = cardsIn(olgaChat);
      return cards.length > 0 ? cards : null;
    }, "the greeting");
    expect(cardText(card)).toContain(teamsCatalog("es").help.title);
    const second = await postSignedActivity(bot.url, standIn.botKey, clientId, added);
    expect(second.status).toBe(200);
    expect(cardsIn(olgaChat)).toHaveLength(1);
  });

  it("a conversationUpdate that adds the bot greets on its own too", async () => {
    const luisChat = await chatWith(LUIS.id);
    standIn.calls.splice(0);
    const { added } = installation(LUIS, luisChat);
    const answer = await postSignedActivity(bot.url, standIn.botKey, clientId, added);
    expect(answer.status).toBe(200);
    expect(
      cardsIn(luisChat).map((card) => cardText(card).includes(teamsCatalog("es").help.title)),
    ).toEqual([true]);
  });

  it("someone else joining a conversation is no installation: nothing is said", async () => {
    const answer = await postSignedActivity(bot.url, standIn.botKey, clientId, {
      ...message(""),
      type: "conversationUpdate",
      membersAdded: [{ id: "29:someone" }],
      text: undefined,
    });
    expect(answer.status).toBe(200);
    expect(standIn.activities).toEqual([]);
  });
});

describe("whatever Teams (or anyone with a good token) sends", () => {
  it.each([
    ["a text that is no string", { text: 42 }],
    ["no sender, no conversation", { from: undefined, conversation: undefined }],
    ["a conversation without id", { conversation: { conversationType: "personal" } }],
    ["members added that are no list", { type: "conversationUpdate", membersAdded: "28:x" }],
    ["an installation from nobody", { type: "installationUpdate", action: "add", from: undefined }],
    ["an invoke the bot does not route yet", { type: "invoke", name: "task/fetch", value: {} }],
    ["an unknown type", { type: "bombastic" }],
    ["a type that is no string", { type: 5 }],
    ["entities that are no list", { entities: "x" }],
    ["mentions of nobody", { entities: [{ type: "mention" }], text: "<at>x</at> ayuda" }],
    ["a sender that is a string", { from: "ana" }],
    ["channel data that is a number", { channelData: 7 }],
    ["a card action with no value", { type: "invoke", name: "adaptiveCard/action" }],
  ])(
    "%s: answered without a server error, and the bot answers the next one",
    async (_name, over) => {
      const odd = await postSignedActivity(
        bot.url,
        standIn.botKey,
        clientId,
        message("ayuda", over),
      );
      expect(odd.status).toBeLessThan(500);
      const next = await postSignedActivity(bot.url, standIn.botKey, clientId, message("ayuda"));
      expect(next.status).toBe(200);
      await waitFor(() => cardsIn(anaChat).length > 0, "the help after it");
    },
  );
});

describe("in English", () => {
  it("help answers the English help card", async () => {
    const english = await startTeamsBot(standIn, "en");
    try {
      const answer = await postSignedActivity(
        english.url,
        standIn.botKey,
        clientId,
        message("help"),
      );
      expect(answer.status).toBe(200);
      const [card] = await waitFor(() => {
        const cards = cardsIn(anaChat);
        return cards.length > 0 ? cards : null;
      }, "the help card");
      expect(cardText(card)).toContain(teamsCatalog("en").help.title);
    } finally {
      await english.stop();
    }
  }, 60_000);
});
