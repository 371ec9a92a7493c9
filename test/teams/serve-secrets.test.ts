/**
 * `bomba serve` on Teams at LOG_LEVEL=debug prints neither the client secret nor any token: not
 * the access tokens it gets from Entra, not the Bot Connector tokens it is sent; and a refused
 * token is a warning, not an error of the bot's.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { connector } from "../../src/teams/connector.ts";
import { tokenProvider } from "../../src/teams/tokens.ts";
import { freePort, runBomba, stopChild, tempDir, waitFor } from "../e2e/harness.ts";
import { orgYaml } from "../fixtures/org.ts";
import {
  startTeamsStandIn,
  TEAMS_STAND_IN_IDENTITY,
  teamsServeEnv,
} from "../support/teams-stand-in.ts";
import { botToken, postActivity } from "../support/teams-tokens.ts";

const { clientId, clientSecret, tenantId } = TEAMS_STAND_IN_IDENTITY;
const ANA = {
  id: "aaaaaaaa-0000-4000-8000-000000000001",
  displayName: "Ana",
  mail: "ana@example.com",
};

it("serve on Teams at debug: the secret and every token found 0 times in its output", async () => {
  const standIn = await startTeamsStandIn({ users: [ANA] });
  const dir = tempDir();
  writeFileSync(join(dir.path, "org.yaml"), orgYaml());
  const port = await freePort();
  const serve = runBomba(
    ["serve"],
    {
      ...teamsServeEnv(standIn),
      BOMBA_DB: join(dir.path, "bomba.db"),
      BOMBA_ORG: join(dir.path, "org.yaml"),
      PORT: String(port),
      LOG_LEVEL: "debug",
    },
    dir.path,
  );
  try {
    await waitFor(() => serve.output().includes("listening on"), "serve to listen", 30_000);
    const tokens = tokenProvider({ clientId, clientSecret, tenantId, loginUrl: standIn.loginUrl });
    const chat = await connector({
      clientId,
      tenantId,
      serviceUrl: standIn.serviceUrl,
      tokens,
    }).createConversation(ANA.id);
    const activity = {
      type: "message",
      id: "m1",
      text: "ayuda",
      channelId: "msteams",
      serviceUrl: standIn.serviceUrl,
      from: { id: "29:ana", aadObjectId: ANA.id },
      recipient: { id: `28:${clientId}` },
      conversation: { id: chat, conversationType: "personal", tenantId },
      channelData: { tenant: { id: tenantId } },
    };
    const url = `http://127.0.0.1:${port}/api/messages`;
    const inbound = [
      botToken(standIn.botKey, { clientId, serviceUrl: standIn.serviceUrl }),
      botToken(standIn.botKey, { clientId, serviceUrl: standIn.serviceUrl }, "forged"),
    ];
    expect((await postActivity(url, activity, inbound[0])).status).toBe(200);
    expect((await postActivity(url, activity, inbound[1])).status).toBe(401);
    const run = await stopChild(serve);
    const output = run.stdout + run.stderr;
    const secrets = [clientSecret, ...standIn.issuedTokens.keys(), ...inbound];
    // Each token's signature is its own part: not even that may show.
    const found = secrets.filter(
      (secret) => output.includes(secret) || output.includes(secret.split(".")[2] ?? secret),
    );
    console.log(
      `RELIABILITY teams-secrets: serve on Teams at LOG_LEVEL=debug, a good and a forged request: client secret and ${secrets.length - 1} tokens found ${found.length} times in ${Math.round(output.length / 1024)} KB of output`,
    );
    expect(found).toEqual([]);
    // A stranger's request is refused with a warning, not logged as the bot's error.
    expect(output).toMatch(/WARN bomba:teams:jwt-validator: JWT verification failed/);
    expect(output).not.toMatch(/ ERROR /);
  } finally {
    await stopChild(serve);
    await standIn.close();
    dir.remove();
  }
}, 90_000);
