/**
 * The outbound plumbing against the stand-ins: the token provider's cache, the Bot Connector
 * calls and Graph's, and every failure Microsoft plays classified once into a `ChatError`.
 */
import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChatError } from "../../src/chat/port.ts";
import { connector, type OutgoingActivity } from "../../src/teams/connector.ts";
import { classifyFailure, retryAfterMs } from "../../src/teams/errors.ts";
import { graph } from "../../src/teams/graph.ts";
import { BOT_SCOPE, GRAPH_SCOPE, tokenProvider } from "../../src/teams/tokens.ts";
import {
  FAULTS,
  startTeamsStandIn,
  TEAMS_STAND_IN_IDENTITY,
  type TeamsFault,
  type TeamsStandIn,
} from "../support/teams-stand-in.ts";

const { clientId, clientSecret, tenantId, catalogAppId, externalAppId } = TEAMS_STAND_IN_IDENTITY;
const ANA = {
  id: "aaaaaaaa-0000-4000-8000-000000000001",
  displayName: "Ana",
  mail: "ana@example.com",
};
const LUIS = {
  id: "aaaaaaaa-0000-4000-8000-000000000002",
  displayName: "Luis",
  mail: "luis@example.com",
  userPrincipalName: "lperez@example.onmicrosoft.com",
};
const NURIA = {
  id: "aaaaaaaa-0000-4000-8000-000000000003",
  displayName: "Nuria",
  mail: "nuria@example.com",
  installed: false,
};
const GUEST = {
  id: "aaaaaaaa-0000-4000-8000-000000000004",
  displayName: "Guest",
  mail: "guest@example.com",
  installed: false,
  canInstall: false,
};
const TEAM = "19:team-direccion";
const CHANNEL = "19:general@thread.tacv2";

let clock = Date.parse("2026-12-01T09:00:00Z");
let standIn: TeamsStandIn;

beforeAll(async () => {
  standIn = await startTeamsStandIn({
    users: [ANA, LUIS, NURIA, GUEST],
    channels: { [TEAM]: [CHANNEL] },
    now: () => clock,
  });
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.reset();
  clock += 3_600_000;
});

function plumbing(timeoutMs = 2000) {
  const tokens = tokenProvider(
    { clientId, clientSecret, tenantId, loginUrl: standIn.loginUrl },
    () => clock,
  );
  return {
    tokens,
    bot: connector({ clientId, tenantId, serviceUrl: standIn.serviceUrl, tokens, timeoutMs }),
    graph: graph({ graphUrl: standIn.graphUrl, tokens, timeoutMs }),
  };
}

const message = (text: string): OutgoingActivity => ({ type: "message", text });

async function failureOf(run: () => Promise<unknown>): Promise<ChatError> {
  const caught = await run().then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(caught instanceof ChatError))
    throw new Error(`expected a ChatError, got ${String(caught)}`);
  return caught;
}

describe("the token provider", () => {
  it("asks once per scope and reuses the token until five minutes before it expires", async () => {
    const { tokens } = plumbing();
    const first = await tokens.get(BOT_SCOPE);
    const again = await Promise.all([tokens.get(BOT_SCOPE), tokens.get(BOT_SCOPE)]);
    await tokens.get(GRAPH_SCOPE);
    expect(again).toEqual([first, first]);
    expect(
      standIn.callsTo("login").map((call) => (call.body as URLSearchParams).get("scope")),
    ).toEqual([BOT_SCOPE, GRAPH_SCOPE]);

    clock += 3599_000 - 301_000;
    expect(await tokens.get(BOT_SCOPE)).toBe(first);
    clock += 2_000;
    expect(await tokens.get(BOT_SCOPE)).not.toBe(first);
    expect(standIn.callsTo("login")).toHaveLength(3);
  });

  it("a refused secret is transient (every message alike), a throttled endpoint asks to wait", async () => {
    const wrong = tokenProvider(
      { clientId, clientSecret: "not-the-secret", tenantId, loginUrl: standIn.loginUrl },
      () => clock,
    );
    expect(await failureOf(() => wrong.get(BOT_SCOPE))).toMatchObject({
      kind: "transient",
      code: "invalid_client",
      unknown: false,
    });
    standIn.fail("login", FAULTS.throttled(7));
    expect(await failureOf(() => plumbing().tokens.get(BOT_SCOPE))).toMatchObject({
      kind: "retry_after",
      retryAfterMs: 7000,
    });
  });
});

describe("the Bot Connector's failures, classified", () => {
  const table: [string, TeamsFault, Partial<ChatError>][] = [
    [
      "429 Throttled",
      FAULTS.throttled(3),
      { kind: "retry_after", code: "Throttled", retryAfterMs: 3000 },
    ],
    [
      "412",
      FAULTS.preconditionFailed(),
      { kind: "transient", code: "PreconditionFailed", unknown: false },
    ],
    ["502", FAULTS.badGateway(), { kind: "transient", code: "ServiceError", unknown: true }],
    ["504", FAULTS.gatewayTimeout(), { kind: "transient", code: "GatewayTimeout", unknown: true }],
    [
      "403 not in the roster",
      FAULTS.notInRoster(),
      { kind: "not_installed", code: "BotNotInConversationRoster" },
    ],
    [
      "no answer in time",
      FAULTS.hang(),
      { kind: "transient", code: "ECONNABORTED", unknown: true },
    ],
    ["the answer lost", FAULTS.lost(), { kind: "transient", unknown: true }],
    ["the connection dropped", FAULTS.drop(), { kind: "transient", unknown: true }],
    [
      "another 4xx",
      { kind: "status", status: 400, code: "BadArgument" },
      { kind: "permanent", code: "BadArgument", unknown: false },
    ],
  ];

  it.each(table)("a post that meets %s", async (_name, fault, expected) => {
    const { bot } = plumbing(300);
    const conversation = await bot.createConversation(ANA.id);
    standIn.fail("connector", fault, { match: /^POST .*\/activities$/ });
    expect(await failureOf(() => bot.send(conversation, message("hola")))).toMatchObject(expected);
  });

  it("a post over 40 KB is MessageSizeTooBig (the port splits it)", async () => {
    const { bot } = plumbing();
    const conversation = await bot.createConversation(ANA.id);
    expect(
      await failureOf(() => bot.send(conversation, message("x".repeat(41 * 1024)))),
    ).toMatchObject({
      kind: "permanent",
      code: "MessageSizeTooBig",
    });
  });

  it("an eighth post in a second is throttled by Teams' own limit, with its Retry-After", async () => {
    const { bot } = plumbing();
    const conversation = await bot.createConversation(ANA.id);
    for (let i = 0; i < 7; i++) await bot.send(conversation, message(`${i}`));
    expect(await failureOf(() => bot.send(conversation, message("8")))).toMatchObject({
      kind: "retry_after",
      code: "Throttled",
      retryAfterMs: 1000,
    });
  });

  it("creates, sends, replaces and deletes; a gone activity is ActivityNotFoundInConversation", async () => {
    const { bot } = plumbing();
    const conversation = await bot.createConversation(ANA.id);
    expect(await bot.createConversation(ANA.id)).toBe(conversation);
    const id = await bot.send(conversation, message("uno"));
    await bot.update(conversation, id, message("dos"));
    await bot.remove(conversation, id);
    expect(standIn.activities).toEqual([
      expect.objectContaining({
        id,
        updates: 1,
        deleted: true,
        activity: expect.objectContaining({ text: "dos" }),
      }),
    ]);
    expect(await failureOf(() => bot.update(conversation, id, message("tres")))).toMatchObject({
      kind: "permanent",
      code: "ActivityNotFoundInConversation",
    });
    expect(await failureOf(() => bot.send("a:1unknown", message("x")))).toMatchObject({
      kind: "permanent",
      code: "ConversationNotFound",
    });
  });

  it("a person without the app: creating the 1:1 is not_installed", async () => {
    expect(await failureOf(() => plumbing().bot.createConversation(NURIA.id))).toMatchObject({
      kind: "not_installed",
    });
  });

  it("a connector nobody listens at: transient, and nothing can have been sent", async () => {
    const port = await closedPort();
    const tokens = plumbing().tokens;
    const bot = connector({ clientId, tenantId, serviceUrl: `http://127.0.0.1:${port}/`, tokens });
    expect(await failureOf(() => bot.send("a:1x", message("x")))).toMatchObject({
      kind: "transient",
      code: "ECONNREFUSED",
      unknown: false,
    });
  });

  it("a refused token is forgotten: the next call asks for a new one", async () => {
    const { bot } = plumbing();
    const conversation = await bot.createConversation(ANA.id);
    standIn.fail("connector", { kind: "status", status: 401, code: "Unauthorized" });
    expect(await failureOf(() => bot.send(conversation, message("x")))).toMatchObject({
      kind: "transient",
    });
    await bot.send(conversation, message("y"));
    expect(standIn.callsTo("login")).toHaveLength(2);
  });
});

describe("Graph", () => {
  it("finds a person by sign-in name, by mail alias through $filter, and nobody as null", async () => {
    const { graph } = plumbing();
    expect(await graph.userIdByEmail("ANA@example.com")).toBe(ANA.id);
    expect(await graph.userIdByEmail(LUIS.mail)).toBe(LUIS.id);
    expect(await graph.userIdByEmail("o'brien@example.com")).toBeNull();
    const filters = standIn
      .callsTo("graph", "GET", /^\/users$/)
      .map((call) => call.query.get("$filter"));
    expect(filters).toEqual(["mail eq 'luis@example.com'", "mail eq 'o''brien@example.com'"]);
  });

  it("installs the app for those who lack it, says when it was there, and refuses by policy", async () => {
    const { graph } = plumbing();
    expect(await graph.installedAppId(ANA.id, externalAppId)).toBe(catalogAppId);
    expect(await graph.installedAppId(NURIA.id, externalAppId)).toBeNull();
    expect(await graph.installApp(NURIA.id, catalogAppId)).toBe(true);
    expect(await graph.installApp(NURIA.id, catalogAppId)).toBe(false);
    expect(await failureOf(() => graph.installApp(GUEST.id, catalogAppId))).toMatchObject({
      kind: "permanent",
      code: "Forbidden",
    });
  });

  it("uploads into a channel's files folder and gives its link; an unknown channel is permanent", async () => {
    const { graph } = plumbing();
    const file = await graph.uploadToChannel(
      TEAM,
      CHANNEL,
      "informe 2026-Q4.csv",
      Buffer.from("a;b\n"),
      "text/csv",
    );
    expect(file.webUrl).toMatch(/informe%202026-Q4\.csv$/);
    expect(standIn.files.map((held) => [held.name, held.content.toString()])).toEqual([
      ["informe 2026-Q4.csv", "a;b\n"],
    ]);
    expect(
      await failureOf(() =>
        graph.uploadToChannel(TEAM, "19:nope", "x.csv", Buffer.from(""), "text/csv"),
      ),
    ).toMatchObject({
      kind: "permanent",
      code: "Request_ResourceNotFound",
    });
  });

  it.each([
    [
      "throttled",
      FAULTS.throttled(4),
      { kind: "retry_after", code: "TooManyRequests", retryAfterMs: 4000 },
    ],
    ["504", FAULTS.gatewayTimeout(), { kind: "transient", unknown: false }],
    ["no answer", FAULTS.hang(), { kind: "transient", unknown: false }],
  ] as const)("a lookup that meets %s", async (_name, fault, expected) => {
    const { graph } = plumbing(300);
    standIn.fail("graph", fault);
    expect(await failureOf(() => graph.userIdByEmail(ANA.mail))).toMatchObject(expected);
  });

  it("an install that meets 502 or a lost answer may have been applied", async () => {
    const { graph } = plumbing(300);
    standIn.fail("graph", FAULTS.badGateway());
    expect(await failureOf(() => graph.installApp(NURIA.id, catalogAppId))).toMatchObject({
      unknown: true,
    });
    standIn.fail("graph", FAULTS.lost());
    expect(await failureOf(() => graph.installApp(NURIA.id, catalogAppId))).toMatchObject({
      unknown: true,
    });
  });
});

describe("classifying", () => {
  it("reads Retry-After as seconds or a date, never less than a second", () => {
    const now = Date.parse("2026-12-01T09:00:00Z");
    expect(retryAfterMs("2", now)).toBe(2000);
    expect(retryAfterMs("0", now)).toBe(1000);
    expect(retryAfterMs("Tue, 01 Dec 2026 09:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs(undefined, now)).toBe(1000);
  });

  it("anything else thrown is transient with an unknown outcome", () => {
    expect(classifyFailure(new TypeError("x is undefined"), false)).toMatchObject({
      kind: "transient",
      code: "unexpected",
      unknown: true,
    });
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
