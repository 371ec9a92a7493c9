import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PUBLIC, withOverrides } from "@microsoft/teams.api";
import { App } from "@microsoft/teams.apps";
import type { ILogger } from "@microsoft/teams.common";
import { TeamsHttpAdapter } from "../../src/teams/http-adapter.ts";
import { BOT_FRAMEWORK_SCOPE, type TeamsStandIn } from "./teams-stand-in.ts";

/** A logger that keeps the SDK's lines for assertions instead of printing them. */
export function recordingLogger(lines: string[] = [], name = "teams"): ILogger {
  const write =
    (level: string) =>
    (...message: unknown[]): void => {
      lines.push(`${level} ${name}: ${message.map(String).join(" ")}`);
    };
  const logger: ILogger = {
    error: write("error"),
    warn: write("warn"),
    info: write("info"),
    debug: write("debug"),
    trace: write("trace"),
    log: (level, ...message) => write(level)(...message),
    child: (child) => recordingLogger(lines, `${name}/${child}`),
  };
  return logger;
}

/**
 * A client-credentials token provider against the stand-in's token endpoint (the
 * `TEAMS_LOGIN_URL` seam), caching each token until five minutes before it expires: the SDK
 * asks for a token on every request.
 */
export function clientCredentialsTokens(
  loginUrl: string,
  credentials: { clientId: string; clientSecret: string; tenantId: string },
): (scope: string | string[], tenantId?: string) => Promise<string> {
  const cache = new Map<string, { token: string; expiresAt: number }>();
  return async (scope, tenantId) => {
    const wanted = Array.isArray(scope) ? scope.join(" ") : scope;
    const tenant = tenantId ?? credentials.tenantId;
    const key = `${tenant} ${wanted}`;
    const cached = cache.get(key);
    if (cached !== undefined && cached.expiresAt > Date.now() + 300_000) return cached.token;
    const response = await fetch(`${loginUrl}/${tenant}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        scope: wanted,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = (await response.json()) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
    };
    if (!response.ok || answer.access_token === undefined) {
      throw new Error(`token endpoint answered ${response.status} ${answer.error ?? ""}`.trim());
    }
    cache.set(key, {
      token: answer.access_token,
      expiresAt: Date.now() + (answer.expires_in ?? 0) * 1000,
    });
    return answer.access_token;
  };
}

/** A test-only Teams app: the real SDK behind our adapter, pointed at the stand-in. */
export interface TeamsTestApp {
  app: App;
  /** The messaging endpoint, `http://127.0.0.1:<port>/api/messages`. */
  url: string;
  /** Activity types the app's handlers ran for, in order. */
  handled: string[];
  /** The SDK's log lines. */
  log: string[];
  close(): Promise<void>;
}

/**
 * Starts the SDK's `App` on our adapter with inbound validation against the stand-in's OpenID
 * metadata and outbound tokens from its token endpoint; it answers a message by echoing it.
 */
export async function startTeamsTestApp(
  standIn: TeamsStandIn,
  credentials: { clientId: string; clientSecret: string; tenantId: string },
): Promise<TeamsTestApp> {
  // The adapter `bomba serve` mounts the SDK on: these tests exercise its checks too.
  const adapter = new TeamsHttpAdapter(async () => true);
  const log: string[] = [];
  const handled: string[] = [];
  const app = new App({
    clientId: credentials.clientId,
    tenantId: credentials.tenantId,
    // Options left undefined are read from CLIENT_ID, SERVICE_URL… of the environment: give all.
    serviceUrl: standIn.serviceUrl,
    token: clientCredentialsTokens(standIn.loginUrl, credentials),
    cloud: withOverrides(PUBLIC, { openIdMetadataUrl: standIn.openIdMetadataUrl }),
    httpServerAdapter: adapter,
    dangerouslyAllowUnauthenticatedRequests: false,
    logger: recordingLogger(log),
    client: { timeout: 5000 },
    activity: { mentions: { stripText: true } },
  });
  app.on("message", async ({ activity, send }) => {
    handled.push(`message ${activity.text}`);
    await send(`echo: ${activity.text}`);
  });
  app.on("dialog.open", async ({ activity }) => {
    handled.push(`dialog.open ${JSON.stringify(activity.value.data)}`);
    return {
      task: {
        type: "continue",
        value: {
          title: "Form",
          card: {
            contentType: "application/vnd.microsoft.card.adaptive",
            content: { type: "AdaptiveCard", version: "1.5", body: [] },
          },
        },
      },
    };
  });
  await app.initialize();
  const server: Server = createServer((request, response) => {
    adapter.handle(request, response).catch((error: unknown) => {
      log.push(`error adapter: ${String(error)}`);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return {
    app,
    url: `http://127.0.0.1:${port}/api/messages`,
    handled,
    log,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The scope the SDK asks the token provider for when it calls the Bot Connector. */
export const CONNECTOR_SCOPE = BOT_FRAMEWORK_SCOPE;
