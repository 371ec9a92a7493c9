import { createPublicKey } from "node:crypto";
import { App } from "@microsoft/teams.apps";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BOT_FRAMEWORK_SCOPE,
  CONNECTOR_MESSAGE_LIMIT_BYTES,
  FAULTS,
  GRAPH_SCOPE,
  ORG_DRIVE_ID,
  startTeamsStandIn,
  TEAMS_STAND_IN_IDENTITY,
  type TeamsStandIn,
} from "./teams-stand-in.ts";
import {
  clientCredentialsTokens,
  recordingLogger,
  startTeamsTestApp,
  type TeamsTestApp,
} from "./teams-test-app.ts";
import { BAD_BOT_TOKEN_KINDS, botToken, postActivity, postSignedActivity } from "./teams-tokens.ts";

const { clientId, clientSecret, tenantId, catalogAppId, externalAppId } = TEAMS_STAND_IN_IDENTITY;
const CREDENTIALS = { clientId, clientSecret, tenantId };
const ANA = {
  id: "aaaaaaaa-0000-4000-8000-000000000001",
  displayName: "Ana Ruiz",
  mail: "ana@example.com",
};
// Her mail is an alias: GET /users/{mail} misses her, `$filter=mail eq` finds her.
const LUIS = {
  id: "aaaaaaaa-0000-4000-8000-000000000002",
  displayName: "Luis Pérez",
  mail: "luis@example.com",
  userPrincipalName: "lperez@example.onmicrosoft.com",
};
const NEW_HIRE = {
  id: "aaaaaaaa-0000-4000-8000-000000000003",
  displayName: "Nuria Gil",
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
    users: [ANA, LUIS, NEW_HIRE, GUEST],
    channels: { [TEAM]: [CHANNEL] },
    now: () => clock,
  });
});

afterAll(async () => {
  await standIn.close();
});

beforeEach(() => {
  standIn.reset();
  clock = Date.parse("2026-12-01T09:00:00Z");
});

/** A request to one of the stand-in's services, with a token for `scope` unless told `token`. */
async function call(
  url: string,
  init: {
    method?: string;
    body?: unknown;
    scope?: string;
    token?: string | null;
    type?: string;
  } = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? standIn.accessToken(init.scope) : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | Buffer | undefined;
  if (init.body !== undefined) {
    headers["content-type"] = init.type ?? "application/json";
    body =
      typeof init.body === "string" || Buffer.isBuffer(init.body)
        ? init.body
        : JSON.stringify(init.body);
  }
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

const connector = (path: string): string => `${standIn.serviceUrl}v3/${path}`;
const graph = (path: string): string => `${standIn.graphUrl}/${path}`;

async function conversationWith(userId: string): Promise<string> {
  const created = await call(connector("conversations"), {
    method: "POST",
    body: {
      isGroup: false,
      bot: { id: `28:${clientId}` },
      members: [{ id: userId }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    },
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const message = (text: string): Record<string, unknown> => ({ type: "message", text });

describe("OpenID metadata and keys", () => {
  it("publishes the metadata document and, beside it at /keys, the test's public key", async () => {
    const metadata = await call(standIn.openIdMetadataUrl, { token: null });
    const keysUrl = standIn.openIdMetadataUrl.replace(/\/openidconfiguration$/, "/keys");
    const keys = await call(keysUrl, { token: null });

    expect(metadata.body).toMatchObject({
      issuer: "https://api.botframework.com",
      jwks_uri: keysUrl,
    });
    const [jwk] = keys.body.keys as Record<string, unknown>[];
    expect(jwk).toMatchObject({ kid: standIn.botKey.kid, kty: "RSA", alg: "RS256", use: "sig" });
    const published = createPublicKey({ key: jwk as never, format: "jwk" });
    expect(published.export({ format: "pem", type: "spki" })).toBe(
      standIn.botKey.publicKey.export({ format: "pem", type: "spki" }),
    );
  });
});

describe("token endpoint", () => {
  const tokenUrl = (tenant: string = tenantId): string =>
    `${standIn.loginUrl}/${tenant}/oauth2/v2.0/token`;
  const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
  const good = {
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: clientSecret,
  };

  it("issues a JWT-shaped access token for the connector and for Graph, with its lifetime", async () => {
    for (const scope of [BOT_FRAMEWORK_SCOPE, GRAPH_SCOPE]) {
      const answer = await call(tokenUrl(), {
        method: "POST",
        token: null,
        type: "application/x-www-form-urlencoded",
        body: form({ ...good, scope }),
      });

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ token_type: "Bearer", expires_in: 3599 });
      const [, payload] = String(answer.body.access_token).split(".");
      expect(JSON.parse(Buffer.from(payload ?? "", "base64url").toString())).toMatchObject({
        aud: scope.replace("/.default", ""),
        appid: clientId,
        tid: tenantId,
      });
    }
  });

  it("refuses a wrong secret, an unknown client, another tenant and another grant like Entra", async () => {
    const post = (fields: Record<string, string>, tenant?: string) =>
      call(tokenUrl(tenant), {
        method: "POST",
        token: null,
        type: "application/x-www-form-urlencoded",
        body: form({ scope: BOT_FRAMEWORK_SCOPE, ...fields }),
      });

    const issuedBefore = standIn.issuedTokens.size;
    const refusals = [
      await post({ ...good, client_secret: "wrong" }),
      await post({ ...good, client_id: "someone-else" }),
      await post(good, "other-tenant"),
      await post({ ...good, grant_type: "password" }),
      await post({ ...good, scope: "https://evil.example/.default" }),
    ];

    expect(refusals.map((answer) => [answer.status, answer.body.error])).toEqual([
      [401, "invalid_client"],
      [400, "unauthorized_client"],
      [400, "invalid_request"],
      [400, "unsupported_grant_type"],
      [400, "invalid_scope"],
    ]);
    expect(String(refusals[0]?.body.error_description)).toMatch(/^AADSTS7000215/);
    expect(standIn.issuedTokens.size).toBe(issuedBefore);
  });

  it("serves our caching client-credentials provider: one token endpoint call per scope", async () => {
    const tokens = clientCredentialsTokens(standIn.loginUrl, CREDENTIALS);

    const first = await tokens(BOT_FRAMEWORK_SCOPE);
    const again = await tokens(BOT_FRAMEWORK_SCOPE);
    const graphToken = await tokens(GRAPH_SCOPE);

    expect(again).toBe(first);
    expect(graphToken).not.toBe(first);
    expect(standIn.callsTo("login")).toHaveLength(2);
    await expect(
      clientCredentialsTokens(standIn.loginUrl, { ...CREDENTIALS, clientSecret: "x" })(GRAPH_SCOPE),
    ).rejects.toThrow(/401 invalid_client/);
  });
});

describe("Bot Connector", () => {
  it("creates one 1:1 conversation per user and keeps its id", async () => {
    const first = await conversationWith(ANA.id);
    const again = await conversationWith(ANA.id);
    const other = await conversationWith(LUIS.id);

    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(standIn.conversations.get(first)).toMatchObject({ kind: "personal", userId: ANA.id });
  });

  it("answers 403 BotNotInConversationRoster for a user without the app, and 404 for a stranger", async () => {
    const create = (member: string) =>
      call(connector("conversations"), {
        method: "POST",
        body: {
          isGroup: false,
          bot: { id: `28:${clientId}` },
          members: [{ id: member }],
          tenantId,
        },
      });

    const notInstalled = await create(NEW_HIRE.id);
    const stranger = await create("ffffffff-0000-4000-8000-00000000ffff");

    expect([notInstalled.status, notInstalled.body]).toEqual([
      403,
      { error: { code: "BotNotInConversationRoster", message: expect.any(String) } },
    ]);
    expect(stranger.status).toBe(404);
  });

  it("posts, replaces and deletes activities, and says when one is gone", async () => {
    const conversation = await conversationWith(ANA.id);
    const posted = await call(connector(`conversations/${conversation}/activities`), {
      method: "POST",
      body: message("hola"),
    });
    const id = posted.body.id as string;
    const put = await call(connector(`conversations/${conversation}/activities/${id}`), {
      method: "PUT",
      body: message("hola otra vez"),
    });
    const missing = await call(connector(`conversations/${conversation}/activities/nope`), {
      method: "PUT",
      body: message("x"),
    });
    const deleted = await call(connector(`conversations/${conversation}/activities/${id}`), {
      method: "DELETE",
    });
    const afterDelete = await call(connector(`conversations/${conversation}/activities/${id}`), {
      method: "PUT",
      body: message("x"),
    });

    expect([posted.status, put.status, deleted.status]).toEqual([201, 200, 200]);
    expect(put.body).toEqual({ id });
    expect(standIn.activities[0]).toMatchObject({
      id,
      conversationId: conversation,
      activity: { text: "hola otra vez" },
      updates: 1,
      deleted: true,
    });
    for (const gone of [missing, afterDelete]) {
      expect([gone.status, (gone.body.error as Record<string, unknown>).code]).toEqual([
        404,
        "ActivityNotFoundInConversation",
      ]);
    }
  });

  it("posts to a channel it knows, and to a thread of it", async () => {
    const top = await call(connector(`conversations/${CHANNEL}/activities`), {
      method: "POST",
      body: message("digest"),
    });
    const thread = await call(
      connector(`conversations/${encodeURIComponent(`${CHANNEL};messageid=1`)}/activities`),
      { method: "POST", body: message("reply") },
    );
    const unknown = await call(connector("conversations/19:other@thread.tacv2/activities"), {
      method: "POST",
      body: message("x"),
    });

    expect([top.status, thread.status, unknown.status]).toEqual([201, 201, 404]);
  });

  it("refuses a message over 40 KB with 413 MessageSizeTooBig", async () => {
    const conversation = await conversationWith(ANA.id);
    const text = "x".repeat(CONNECTOR_MESSAGE_LIMIT_BYTES);

    const answer = await call(connector(`conversations/${conversation}/activities`), {
      method: "POST",
      body: message(text),
    });

    expect([answer.status, (answer.body.error as Record<string, unknown>).code]).toEqual([
      413,
      "MessageSizeTooBig",
    ]);
    expect(standIn.activities).toHaveLength(0);
  });

  it("throttles a conversation past 7 messages a second and 60 in 30 seconds, with Retry-After", async () => {
    const conversation = await conversationWith(ANA.id);
    const post = () =>
      call(connector(`conversations/${conversation}/activities`), {
        method: "POST",
        body: message("m"),
      });

    const burst = [];
    for (let i = 0; i < 8; i += 1) burst.push((await post()).status);
    expect(burst).toEqual([201, 201, 201, 201, 201, 201, 201, 429]);
    const otherConversation = await conversationWith(LUIS.id);
    const elsewhere = await call(connector(`conversations/${otherConversation}/activities`), {
      method: "POST",
      body: message("m"),
    });
    expect(elsewhere.status).toBe(201);

    // Six a second stays under the first limit; the 61st within 30 s breaks the second.
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof post>> | undefined;
    for (let second = 1; second <= 12 && refused === undefined; second += 1) {
      clock += 1000;
      for (let i = 0; i < 6; i += 1) {
        const answer = await post();
        statuses.push(answer.status);
        if (answer.status === 429) {
          refused = answer;
          break;
        }
      }
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(60 - 7);
    expect(refused?.body).toEqual({ error: { code: "Throttled", message: expect.any(String) } });
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    clock += 30_000;
    expect((await post()).status).toBe(201);
  });

  it("checks the bearer token: none, a Graph token or an expired one gets 401", async () => {
    const conversation = await conversationWith(ANA.id);
    const url = connector(`conversations/${conversation}/activities`);
    const expiring = standIn.accessToken();

    const none = await call(url, { method: "POST", body: message("x"), token: null });
    const graphToken = await call(url, { method: "POST", body: message("x"), scope: GRAPH_SCOPE });
    const forged = await call(url, { method: "POST", body: message("x"), token: "a.b.c" });
    clock += 3600_000;
    const expired = await call(url, { method: "POST", body: message("x"), token: expiring });

    expect([none.status, graphToken.status, forged.status, expired.status]).toEqual([
      401, 401, 401, 401,
    ]);
    expect(standIn.activities).toHaveLength(0);
  });

  it("plays queued faults in order, then answers normally, and records each", async () => {
    const conversation = await conversationWith(ANA.id);
    const url = connector(`conversations/${conversation}/activities`);
    standIn.fail("connector", FAULTS.throttled(3), { match: /^POST .*\/activities$/ });
    standIn.fail("connector", FAULTS.preconditionFailed());
    standIn.fail("connector", FAULTS.badGateway());
    standIn.fail("connector", FAULTS.gatewayTimeout());
    standIn.fail("connector", FAULTS.notInRoster());

    const answers = [];
    for (let i = 0; i < 6; i += 1)
      answers.push(await call(url, { method: "POST", body: message("x") }));

    expect(answers.map((answer) => answer.status)).toEqual([429, 412, 502, 504, 403, 201]);
    expect(answers[0]?.headers.get("retry-after")).toBe("3");
    expect(
      answers.map((answer) => (answer.body.error as Record<string, unknown> | undefined)?.code),
    ).toEqual([
      "Throttled",
      "PreconditionFailed",
      "ServiceError",
      "GatewayTimeout",
      "BotNotInConversationRoster",
      undefined,
    ]);
    expect(standIn.activities).toHaveLength(1);
    expect(
      standIn.callsTo("connector", "POST", /activities$/).map((recorded) => recorded.fault?.kind),
    ).toEqual(["throttled", "status", "status", "status", "status", undefined]);
  });

  it("drops the connection, or acts and then drops it (the caller cannot know it was sent)", async () => {
    const conversation = await conversationWith(ANA.id);
    const url = connector(`conversations/${conversation}/activities`);
    standIn.fail("connector", FAULTS.drop());
    standIn.fail("connector", FAULTS.lost());

    await expect(call(url, { method: "POST", body: message("dropped") })).rejects.toThrow();
    await expect(call(url, { method: "POST", body: message("lost") })).rejects.toThrow();

    expect(standIn.activities.map((held) => held.activity.text)).toEqual(["lost"]);
  });

  it("is what the SDK's client talks to: create, send, update, and errors with their codes", async () => {
    const app = new App({
      clientId,
      tenantId,
      serviceUrl: standIn.serviceUrl,
      token: clientCredentialsTokens(standIn.loginUrl, CREDENTIALS),
      logger: recordingLogger(),
      client: { timeout: 2000 },
    });

    const created = await app.api.conversations.create({
      isGroup: false,
      bot: { id: `28:${clientId}` },
      members: [{ id: ANA.id, name: ANA.displayName, role: "user" }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    });
    const sent = await app.send(created.id, { type: "message", text: "hola" });
    await app.send(created.id, { type: "message", text: "editado", id: sent.id });
    standIn.fail("connector", FAULTS.throttled(2));
    const error = (await app
      .send(created.id, { type: "message", text: "x" })
      .catch((caught: unknown) => caught)) as {
      response?: {
        status: number;
        headers: Record<string, string>;
        data: { error: { code: string } };
      };
    };

    expect(standIn.activities.map((held) => [held.activity.text, held.updates])).toEqual([
      ["editado", 1],
    ]);
    expect(error.response?.status).toBe(429);
    expect(error.response?.headers["retry-after"]).toBe("2");
    expect(error.response?.data.error.code).toBe("Throttled");
  });
});

describe("Microsoft Graph", () => {
  it("finds a user by UPN or id, 404s an unknown one, and finds an alias only by $filter", async () => {
    const byUpn = await call(graph(`users/${ANA.mail}`), { scope: GRAPH_SCOPE });
    const byId = await call(graph(`users/${ANA.id}`), { scope: GRAPH_SCOPE });
    const alias = await call(graph(`users/${LUIS.mail}`), { scope: GRAPH_SCOPE });
    const filtered = await call(
      graph(`users?$filter=${encodeURIComponent(`mail eq '${LUIS.mail}'`)}`),
      { scope: GRAPH_SCOPE },
    );
    const nobody = await call(
      graph(`users?$filter=${encodeURIComponent("mail eq 'nobody@example.com'")}`),
      { scope: GRAPH_SCOPE },
    );

    expect(byUpn.body).toMatchObject({ id: ANA.id, mail: ANA.mail, displayName: ANA.displayName });
    expect(byId.body).toMatchObject({ id: ANA.id });
    expect([alias.status, (alias.body.error as Record<string, unknown>).code]).toEqual([
      404,
      "Request_ResourceNotFound",
    ]);
    expect(filtered.body.value).toEqual([expect.objectContaining({ id: LUIS.id })]);
    expect(nobody.body.value).toEqual([]);
  });

  it("lists the app installed for a user by externalId and installs it for those who lack it", async () => {
    const installed = (userId: string) =>
      call(
        graph(
          `users/${userId}/teamwork/installedApps?$expand=teamsApp&$filter=${encodeURIComponent(
            `teamsApp/externalId eq '${externalAppId}'`,
          )}`,
        ),
        { scope: GRAPH_SCOPE },
      );
    const install = (userId: string) =>
      call(graph(`users/${userId}/teamwork/installedApps`), {
        method: "POST",
        scope: GRAPH_SCOPE,
        body: {
          "teamsApp@odata.bind": `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${catalogAppId}`,
        },
      });

    expect((await installed(ANA.id)).body.value).toEqual([
      expect.objectContaining({ teamsApp: expect.objectContaining({ externalId: externalAppId }) }),
    ]);
    expect((await installed(NEW_HIRE.id)).body.value).toEqual([]);
    const first = await install(NEW_HIRE.id);
    const twice = await install(NEW_HIRE.id);
    const guest = await install(GUEST.id);

    expect([first.status, twice.status, guest.status]).toEqual([201, 409, 403]);
    expect((await installed(NEW_HIRE.id)).body.value).toHaveLength(1);
    // Installed, the connector now opens a 1:1 with her.
    expect(await conversationWith(NEW_HIRE.id)).toMatch(/^a:1/);
  });

  it("uploads a file into a channel's files folder and replaces it on a second upload", async () => {
    const folder = await call(
      graph(
        `teams/${encodeURIComponent(TEAM)}/channels/${encodeURIComponent(CHANNEL)}/filesFolder`,
      ),
      { scope: GRAPH_SCOPE },
    );
    const driveId = (folder.body.parentReference as Record<string, string>).driveId ?? "";
    const put = (content: string) =>
      call(
        graph(`drives/${driveId}/items/${folder.body.id as string}:/bombas-2026-Q4.csv:/content`),
        {
          method: "PUT",
          scope: GRAPH_SCOPE,
          type: "text/csv",
          body: Buffer.from(content),
        },
      );

    const first = await put("id,estado\n1,cerrada\n");
    const second = await put("id,estado\n1,cerrada\n2,abierta\n");
    const unknownChannel = await call(
      graph(`teams/${encodeURIComponent(TEAM)}/channels/19%3Anope/filesFolder`),
      { scope: GRAPH_SCOPE },
    );

    expect([folder.status, first.status, second.status, unknownChannel.status]).toEqual([
      200, 201, 200, 404,
    ]);
    expect(first.body).toMatchObject({
      name: "bombas-2026-Q4.csv",
      webUrl: expect.stringMatching(/^https:/),
    });
    expect(standIn.files).toEqual([
      expect.objectContaining({
        name: "bombas-2026-Q4.csv",
        contentType: "text/csv",
        replaced: 1,
        content: Buffer.from("id,estado\n1,cerrada\n2,abierta\n"),
      }),
    ]);
  });

  it("finds a file by its path in a folder, and 404s itemNotFound one that is not there", async () => {
    const folder = await call(
      graph(
        `teams/${encodeURIComponent(TEAM)}/channels/${encodeURIComponent(CHANNEL)}/filesFolder`,
      ),
      { scope: GRAPH_SCOPE },
    );
    const driveId = (folder.body.parentReference as Record<string, string>).driveId ?? "";
    const item = (name: string) =>
      graph(`drives/${driveId}/items/${folder.body.id as string}:/${encodeURIComponent(name)}`);
    const missing = await call(item("informe 2026-Q4.csv"), { scope: GRAPH_SCOPE });
    await call(`${item("informe 2026-Q4.csv")}:/content`, {
      method: "PUT",
      scope: GRAPH_SCOPE,
      type: "text/csv",
      body: Buffer.from("a;b\n"),
    });
    const found = await call(item("informe 2026-Q4.csv"), { scope: GRAPH_SCOPE });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: "itemNotFound" } } });
    expect(found).toMatchObject({
      status: 200,
      body: { name: "informe 2026-Q4.csv", webUrl: standIn.files[0]?.webUrl },
    });
  });

  it("puts a file in the root site's library by path, and gives one org-wide link for it", async () => {
    const put = await call(graph("sites/root/drive/root:/Correo%20Bomba/informe.csv:/content"), {
      method: "PUT",
      scope: GRAPH_SCOPE,
      type: "text/csv",
      body: Buffer.from("a;b\n"),
    });
    expect(put.status).toBe(201);
    const { driveId } = put.body.parentReference as Record<string, string>;
    const link = (body: unknown, id = put.body.id as string) =>
      call(graph(`drives/${driveId}/items/${id}/createLink`), {
        method: "POST",
        scope: GRAPH_SCOPE,
        body,
      });
    const first = await link({ type: "view", scope: "organization" });
    const again = await link({ type: "view", scope: "organization" });
    const bad = await link({ type: "look", scope: "organization" });
    const gone = await link({ type: "view", scope: "organization" }, "01NOPE");
    expect([first.status, again.status, bad.status, gone.status]).toEqual([201, 200, 400, 404]);
    expect(first.body).toMatchObject({
      roles: ["read"],
      link: { type: "view", scope: "organization", webUrl: expect.stringMatching(/^https:/) },
    });
    expect((again.body.link as Record<string, unknown>).webUrl).toBe(
      (first.body.link as Record<string, unknown>).webUrl,
    );
    expect(standIn.files).toEqual([
      expect.objectContaining({
        driveId: ORG_DRIVE_ID,
        parentId: "Correo Bomba",
        name: "informe.csv",
      }),
    ]);
  });

  it("throttles with 429 Retry-After and checks the token's audience", async () => {
    standIn.fail("graph", FAULTS.throttled(7));

    const throttled = await call(graph(`users/${ANA.mail}`), { scope: GRAPH_SCOPE });
    const connectorToken = await call(graph(`users/${ANA.mail}`), { scope: BOT_FRAMEWORK_SCOPE });
    const none = await call(graph(`users/${ANA.mail}`), { token: null });

    expect([throttled.status, throttled.headers.get("retry-after")]).toEqual([429, "7"]);
    expect([connectorToken.status, none.status]).toEqual([401, 401]);
  });
});

describe("the real SDK's inbound validation against the stand-in's keys", () => {
  let bot: TeamsTestApp;
  let conversationId: string;

  beforeAll(async () => {
    bot = await startTeamsTestApp(standIn, CREDENTIALS);
  });

  afterAll(async () => {
    await bot.close();
  });

  beforeEach(async () => {
    bot.handled.length = 0;
    conversationId = await conversationWith(ANA.id);
  });

  const activity = (text: string): Record<string, unknown> => ({
    type: "message",
    id: "1",
    text,
    channelId: "msteams",
    serviceUrl: standIn.serviceUrl,
    from: { id: "29:ana", aadObjectId: ANA.id, name: ANA.displayName },
    recipient: { id: `28:${clientId}`, name: "Correo Bomba" },
    conversation: { id: conversationId, conversationType: "personal", tenantId },
    channelData: { tenant: { id: tenantId } },
    locale: "es-ES",
  });

  it("accepts a valid token, runs the handler, and the handler's reply reaches the connector", async () => {
    const answer = await postSignedActivity(bot.url, standIn.botKey, clientId, activity("ayuda"));

    expect(answer.status).toBe(200);
    expect(bot.handled).toEqual(["message ayuda"]);
    expect(standIn.activities.map((held) => held.activity.text)).toEqual(["echo: ayuda"]);
  });

  it("accepts the connector's service URL in another case and without its trailing slash", async () => {
    const token = botToken(standIn.botKey, {
      clientId,
      serviceUrl: standIn.serviceUrl.toUpperCase().replace(/\/$/, ""),
    });

    const answer = await postActivity(bot.url, activity("lista"), token);
    expect(answer.status, bot.log.filter((line) => line.startsWith("error")).join("\n")).toBe(200);
  });

  it.each(BAD_BOT_TOKEN_KINDS)("refuses a %s token with 401 and runs nothing", async (kind) => {
    const answer = await postSignedActivity(
      bot.url,
      standIn.botKey,
      clientId,
      activity("lista"),
      kind,
    );

    expect(answer.status).toBe(401);
    expect(bot.handled).toEqual([]);
    expect(standIn.activities).toHaveLength(0);
  });

  it("refuses a request without a token, or with garbage, with 401", async () => {
    const none = await postActivity(bot.url, activity("lista"), undefined);
    const garbage = await postActivity(bot.url, activity("lista"), "not.a.jwt");

    expect([none.status, garbage.status]).toEqual([401, 401]);
    expect(bot.handled).toEqual([]);
  });

  it("answers a task/fetch invoke with the dialog the handler returns", async () => {
    const answer = await postSignedActivity(bot.url, standIn.botKey, clientId, {
      ...activity(""),
      type: "invoke",
      name: "task/fetch",
      value: { data: { msteams: { type: "task/fetch" }, action: "bomba_accept", bombId: 7 } },
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ task: { type: "continue", value: { title: "Form" } } });
    expect(bot.handled).toEqual([expect.stringContaining('"bombId":7')]);
  });

  it("refuses an activity without a serviceUrl, which the SDK would let through unchecked", async () => {
    const { serviceUrl: _omitted, ...withoutServiceUrl } = activity("lista");
    // Signed for another connector: with no serviceUrl to compare, the SDK skips that check.
    const token = botToken(standIn.botKey, { clientId, serviceUrl: "https://evil.example/" });

    const answer = await postActivity(bot.url, withoutServiceUrl, token);

    // Unauthorized, as `bomba serve` answers it: the token cannot be checked against a connector.
    expect(answer.status).toBe(401);
    expect(bot.handled).toEqual([]);
  });

  it("refuses a body that is not a JSON object before the SDK sees it", async () => {
    const token = botToken(standIn.botKey, { clientId, serviceUrl: standIn.serviceUrl });
    const response = await fetch(bot.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: "[1,",
    });

    expect(response.status).toBe(400);
    expect(bot.handled).toEqual([]);
  });
});
