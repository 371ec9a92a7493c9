/**
 * The Teams baseline: the Teams SDK's `App` (the version `bomba serve` runs) on the same HTTP
 * adapter and with the same options, checking the same Bot Connector JWT against the same OpenID
 * metadata, whose every invoke handler answers at once with a fixed body of the same shape as
 * the bot's: a dialog for `task/fetch`, a one-line message for `Action.Execute`. What it costs is
 * what the SDK itself costs on this machine. The bench bundles it to JavaScript with esbuild and
 * runs that, as it runs `bomba serve` from dist/.
 *
 *   PORT=… TEAMS_CLIENT_ID=… TEAMS_CLIENT_SECRET=… TEAMS_TENANT_ID=… TEAMS_OPENID_METADATA_URL=…
 *   TEAMS_LOGIN_URL=… TEAMS_SERVICE_URL=… node bare-teams.mjs
 */
import { once } from "node:events";
import { createServer } from "node:http";
import { PUBLIC, withOverrides } from "@microsoft/teams.api";
import { App } from "@microsoft/teams.apps";
import { TeamsHttpAdapter } from "../src/teams/http-adapter.ts";
import { tokenProvider } from "../src/teams/tokens.ts";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name}: required`);
  return value;
};

const settings = {
  clientId: env("TEAMS_CLIENT_ID"),
  clientSecret: env("TEAMS_CLIENT_SECRET"),
  tenantId: env("TEAMS_TENANT_ID"),
  loginUrl: env("TEAMS_LOGIN_URL").replace(/\/+$/, ""),
};
const tokens = tokenProvider(settings);
const adapter = new TeamsHttpAdapter(async () => true);
const quiet = {
  error: (...message: unknown[]) => console.error(...message),
  warn: () => {},
  info: () => {},
  debug: () => {},
  trace: () => {},
  log: () => {},
  child: () => quiet,
};
const app = new App({
  clientId: settings.clientId,
  tenantId: settings.tenantId,
  serviceUrl: env("TEAMS_SERVICE_URL"),
  token: (scope) => tokens.get(Array.isArray(scope) ? scope.join(" ") : scope),
  cloud: withOverrides(PUBLIC, {
    openIdMetadataUrl: env("TEAMS_OPENID_METADATA_URL"),
    loginEndpoint: settings.loginUrl,
  }),
  httpServerAdapter: adapter,
  dangerouslyAllowUnauthenticatedRequests: false,
  logger: quiet,
  client: { timeout: 15_000 },
  activity: { mentions: { stripText: false } },
});
app.on("dialog.open", async () => ({
  task: {
    type: "continue",
    value: {
      title: "Aceptar",
      card: {
        contentType: "application/vnd.microsoft.card.adaptive",
        content: {
          type: "AdaptiveCard",
          version: "1.5",
          body: [{ type: "Input.Text", id: "note", label: "Nota" }],
          actions: [{ type: "Action.Submit", title: "Aceptar" }],
        },
      },
    },
  },
}));
app.on("card.action", async () => ({
  statusCode: 200,
  type: "application/vnd.microsoft.activity.message",
  value: "Hecho.",
}));
await app.initialize();
const server = createServer((request, response) => {
  adapter.handle(request, response).catch(() => {
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
});
server.listen(Number(env("PORT")), "127.0.0.1");
await once(server, "listening");
process.once("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
