import { describe, expect, it } from "vitest";
import { clockOf, parseEnv, platformOf } from "../../src/config/env.ts";

describe("BOMBA_CLOCK", () => {
  it.each(["0100-01-01T00:00:00Z", "2026-12-03T10:00:00+01:00", "9899-12-31T23:59:59+01:00"])(
    "%s starts the clock there",
    (clock) => {
      const env = parseEnv({ BOMBA_CLOCK: clock });
      expect(env.ok).toBe(true);
      if (env.ok) expect(clockOf(env.env, () => 0)()).toBe(Date.parse(clock));
    },
  );

  // The calendar counts a century inside the org file's 0000–9999 (CLOCK_YEARS).
  it.each(["0099-12-31T23:59:59Z", "9900-01-01T00:00:00+01:00", "9999-12-31T10:00:00Z"])(
    "%s is refused, naming the variable",
    (clock) => {
      const env = parseEnv({ BOMBA_CLOCK: clock });
      expect(env).toMatchObject({ ok: false, variable: "BOMBA_CLOCK" });
    },
  );
});

const CLIENT = "00000000-0000-4000-8000-00000000b0b0";
const TENANT = "11111111-1111-4111-8111-111111111111";
const SECRET = "stand-in-secret~0123456789";

describe("the Teams variables", () => {
  it.each([
    ["TEAMS_CLIENT_ID", "my-bot"],
    ["TEAMS_TENANT_ID", "contoso.onmicrosoft.com"],
    ["TEAMS_CLIENT_SECRET", "short"],
    ["TEAMS_OPENID_METADATA_URL", "https://login.botframework.com/v1/.well-known/keys"],
    ["TEAMS_OPENID_METADATA_URL", "ftp://example.com/openidconfiguration"],
    ["TEAMS_LOGIN_URL", "login.microsoftonline.com"],
    ["TEAMS_SERVICE_URL", "not a url"],
    ["GRAPH_API_URL", "graph"],
  ])("a malformed %s (%s) is refused, naming it", (variable, value) => {
    expect(parseEnv({ [variable]: value })).toMatchObject({ ok: false, variable });
  });

  it("defaults every service URL to Microsoft's and trims the trailing slashes it joins paths to", () => {
    const env = parseEnv({
      TEAMS_CLIENT_ID: CLIENT.toUpperCase(),
      TEAMS_CLIENT_SECRET: SECRET,
      TEAMS_TENANT_ID: TENANT,
    });
    if (!env.ok) throw new Error(env.error);
    expect(platformOf(env.env)).toEqual({
      platform: "teams",
      teams: {
        clientId: CLIENT,
        clientSecret: SECRET,
        tenantId: TENANT,
        openIdMetadataUrl: "https://login.botframework.com/v1/.well-known/openidconfiguration",
        loginUrl: "https://login.microsoftonline.com",
        serviceUrl: "https://smba.trafficmanager.net/teams/",
        graphUrl: "https://graph.microsoft.com/v1.0",
      },
    });
  });

  it("takes the stand-ins' URLs", () => {
    const env = parseEnv({
      TEAMS_CLIENT_ID: CLIENT,
      TEAMS_CLIENT_SECRET: SECRET,
      TEAMS_TENANT_ID: TENANT,
      TEAMS_OPENID_METADATA_URL:
        "http://127.0.0.1:9/botframework/v1/.well-known/openidconfiguration",
      TEAMS_LOGIN_URL: "http://127.0.0.1:9/login/",
      TEAMS_SERVICE_URL: "http://127.0.0.1:9/connector/",
      GRAPH_API_URL: "http://127.0.0.1:9/graph/v1.0/",
    });
    if (!env.ok) throw new Error(env.error);
    expect(platformOf(env.env)).toMatchObject({
      teams: {
        openIdMetadataUrl: "http://127.0.0.1:9/botframework/v1/.well-known/openidconfiguration",
        loginUrl: "http://127.0.0.1:9/login",
        serviceUrl: "http://127.0.0.1:9/connector/",
        graphUrl: "http://127.0.0.1:9/graph/v1.0",
      },
    });
  });
});

describe("which platform serve runs", () => {
  const teams = { TEAMS_CLIENT_ID: CLIENT, TEAMS_CLIENT_SECRET: SECRET, TEAMS_TENANT_ID: TENANT };
  const platform = (source: Record<string, string>) => {
    const env = parseEnv(source);
    if (!env.ok) throw new Error(env.error);
    return platformOf(env.env);
  };

  it.each([
    ["Slack's token", { SLACK_BOT_TOKEN: "xoxb-1" }, { platform: "slack" }],
    ["Teams' three credentials", teams, { platform: "teams" }],
    // `bomba teams package` reads TEAMS_CLIENT_ID alone: it does not make a Teams deployment.
    [
      "Slack's token and a Teams client id for the package",
      { SLACK_BOT_TOKEN: "xoxb-1", TEAMS_CLIENT_ID: CLIENT },
      { platform: "slack" },
    ],
    ["both", { SLACK_BOT_TOKEN: "xoxb-1", ...teams }, { problem: "both" }],
    ["neither", {}, { problem: "neither" }],
    ["a client id alone", { TEAMS_CLIENT_ID: CLIENT }, { problem: "neither" }],
    [
      "Teams without a secret",
      { TEAMS_CLIENT_ID: CLIENT, TEAMS_TENANT_ID: TENANT },
      { problem: "missing", variable: "TEAMS_CLIENT_SECRET" },
    ],
    [
      "Teams without a tenant",
      { TEAMS_CLIENT_ID: CLIENT, TEAMS_CLIENT_SECRET: SECRET },
      { problem: "missing", variable: "TEAMS_TENANT_ID" },
    ],
    [
      "Teams without a client id",
      { TEAMS_CLIENT_SECRET: SECRET, TEAMS_TENANT_ID: TENANT },
      { problem: "missing", variable: "TEAMS_CLIENT_ID" },
    ],
  ])("%s", (_name, source, expected) => {
    expect(platform(source)).toMatchObject(expected);
  });
});
