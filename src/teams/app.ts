/**
 * The Teams edge of `bomba serve`: the SDK's `App` on our HTTP server (`POST /api/messages`,
 * `GET /healthz` on PORT). The SDK checks the Bot Connector JWT of every request (RS256 against
 * the keys published beside `TEAMS_OPENID_METADATA_URL`, issuer `https://api.botframework.com`,
 * audience = the client id, `serviceurl` claim = the activity's; 401 otherwise) before any route
 * runs; our adapter refuses an activity without `serviceUrl`, which the SDK would let through.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { PUBLIC, withOverrides } from "@microsoft/teams.api";
import { App } from "@microsoft/teams.apps";
import type { ILogger } from "@microsoft/teams.common";
import type { Directory } from "../app/directory.ts";
import type { Services } from "../app/services.ts";
import type { TeamsSettings } from "../config/env.ts";
import type { Locale, PersonId } from "../core/org.ts";
import type { Log } from "../log.ts";
import type { AdaptiveCard } from "./cards/adaptive.ts";
import type { Connector } from "./connector.ts";
import type { HomeCards } from "./home-cards.ts";
import { type AssetHandler, type HealthCheck, TeamsHttpAdapter } from "./http-adapter.ts";
import { type InboundActivity, inboundRoutes } from "./inbound.ts";
import { publicPage } from "./pages.ts";
import type { TokenProvider } from "./tokens.ts";

/** What the Teams app needs from `serve`. */
export interface TeamsAppDeps {
  tokens: TokenProvider;
  connector: Connector;
  locale: () => Locale;
  /** Picks up an org another process put in force (`bomba org import`). */
  refresh: () => Promise<unknown>;
  now: () => number;
  healthy: HealthCheck;
  /** Files served by GET besides the endpoint (the report's chart); none when absent. */
  assets?: AssetHandler;
  log: Log;
  /** The services over the org in force. */
  svc: Services;
  /** Who is who in Teams, as of the last reload. */
  directory: () => Directory;
  /** Asks the outbox to deliver now, after a change; nothing until delivery runs on Teams. */
  kick?: () => void;
  /** The "what I hold" cards kept up to date; none kept when absent. */
  homes?: HomeCards;
}

/** A listening Teams app. */
export interface RunningTeamsApp {
  /** A person's "what I hold" card as of now. */
  homeCard(person: PersonId): Promise<AdaptiveCard>;
  stop(): Promise<void>;
}

/** The SDK's words for a request whose token it refused: anyone can send one, so no error. */
const refusedToken = /^JWT (verification|validation) failed/;

/**
 * The SDK's logger over ours: its trace and info lines are our debug ones, and a refused token
 * (a stranger's request, answered 401) a warning rather than an error.
 */
function sdkLogger(log: Log): ILogger {
  const logger: ILogger = {
    error: (...message) =>
      typeof message[0] === "string" && refusedToken.test(message[0])
        ? log.warn(...message)
        : log.error(...message),
    warn: (...message) => log.warn(...message),
    info: (...message) => log.debug(...message),
    debug: (...message) => log.debug(...message),
    trace: (...message) => log.debug(...message),
    log: (level, ...message) =>
      level === "error" ? logger.error(...message) : log.debug(...message),
    child: (name) => sdkLogger(log.child(name)),
  };
  return logger;
}

/** Builds the app, mounts it on our server and listens on `port`. */
export async function startTeamsApp(
  settings: TeamsSettings,
  port: number,
  deps: TeamsAppDeps,
): Promise<RunningTeamsApp> {
  // The manifest's website, privacy and terms links, in the org's language; the report's chart.
  const adapter = new TeamsHttpAdapter(
    deps.healthy,
    (path) => publicPage(path, deps.locale(), deps.svc.org.company),
    deps.assets,
  );
  const app = new App({
    // Every option is given: those left undefined are read from CLIENT_ID, SERVICE_URL… of the
    // environment. No clientSecret: the SDK takes its tokens from ours (MSAL refuses the
    // stand-ins' http authority, and one cache serves the connector and Graph).
    clientId: settings.clientId,
    tenantId: settings.tenantId,
    serviceUrl: settings.serviceUrl,
    token: (scope) => deps.tokens.get(Array.isArray(scope) ? scope.join(" ") : scope),
    cloud: withOverrides(PUBLIC, {
      openIdMetadataUrl: settings.openIdMetadataUrl,
      loginEndpoint: settings.loginUrl,
    }),
    httpServerAdapter: adapter,
    dangerouslyAllowUnauthenticatedRequests: false,
    logger: sdkLogger(deps.log.child("teams")),
    client: { timeout: 15_000 },
    // We strip the @mention ourselves (`parseCommand`): the SDK's stripping throws (500) on
    // entities of another shape than it expects.
    activity: { mentions: { stripText: false } },
  });
  const routes = inboundRoutes({
    locale: deps.locale,
    connector: deps.connector,
    now: deps.now,
    warn: (message, error) =>
      error === undefined ? deps.log.warn(message) : deps.log.warn(message, error),
    svc: deps.svc,
    directory: deps.directory,
    kick: () => deps.kick?.(),
    ...(deps.homes === undefined ? {} : { homes: deps.homes }),
  });
  // Every request sees the org in force, even one another process put in force meanwhile.
  const refreshed = async () => {
    try {
      await deps.refresh();
    } catch (error) {
      deps.log.error("org reload failed; keeping the current org:", error);
    }
  };
  app.on("message", async ({ activity }) => {
    await refreshed();
    await routes.message(activity as InboundActivity);
  });
  app.on("install.add", async ({ activity }) => {
    await refreshed();
    await routes.installed(activity as InboundActivity);
  });
  app.on("conversationUpdate", async ({ activity }) => {
    await refreshed();
    await routes.conversationUpdate(activity as InboundActivity);
  });
  // Invokes: what the handler returns is the body of Teams' answer (HTTP 200).
  app.on("dialog.open", async ({ activity }) => {
    await refreshed();
    return routes.dialogOpen(activity as InboundActivity) as never;
  });
  app.on("dialog.submit", async ({ activity }) => {
    await refreshed();
    return routes.dialogSubmit(activity as InboundActivity) as never;
  });
  app.on("card.action", async ({ activity }) => {
    await refreshed();
    return routes.cardAction(activity as InboundActivity) as never;
  });
  app.on("message.ext.open", async ({ activity }) => {
    await refreshed();
    return routes.messageExtensionOpen(activity as InboundActivity) as never;
  });
  // The report form opened from the compose box submits as `composeExtension/submitAction`.
  app.on("message.ext.submit", async ({ activity }) => {
    await refreshed();
    return routes.dialogSubmit(activity as InboundActivity) as never;
  });
  await app.initialize();

  const server: Server = createServer((request, response) => {
    adapter.handle(request, response).catch((error: unknown) => {
      deps.log.error("Teams request failed:", error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.listen(port);
  await once(server, "listening");
  return {
    homeCard: (person) => routes.homeCard(person),
    async stop() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
