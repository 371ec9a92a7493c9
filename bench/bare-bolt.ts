/**
 * The baseline: a Bolt app of the same version, receiver, app and client options as `bomba serve`,
 * whose every listener only acks. What it costs is what Bolt itself costs on this machine.
 *
 *   PORT=… SLACK_SIGNING_SECRET=… SLACK_BOT_TOKEN=… SLACK_API_URL=… node --import tsx bench/bare-bolt.ts
 */
import { App, LogLevel } from "@slack/bolt";
import { actions, views } from "../src/chat/ids.ts";
import { slashCommand } from "../src/slack/ids.ts";
import { webClientOptions } from "../src/slack/web-client.ts";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name}: required`);
  return value;
};

const app = new App({
  token: env("SLACK_BOT_TOKEN"),
  signingSecret: env("SLACK_SIGNING_SECRET"),
  deferInitialization: true,
  logLevel: LogLevel.WARN,
  // As `bomba serve` (src/slack/app.ts): without Bolt's conversation store, which the bot does
  // not use and whose default throws an Error per request. A baseline doing work serve skips
  // would flatter the ratios.
  convoStore: false,
  clientOptions: webClientOptions(env("SLACK_API_URL")),
  customRoutes: [
    {
      path: "/healthz",
      method: ["GET"],
      handler: (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: true }));
      },
    },
  ],
});
// The same listeners as the bot registers, so Bolt's matching does the same work.
app.command(slashCommand, async ({ ack }) => {
  await ack();
});
for (const id of Object.values(actions)) {
  app.action(id, async ({ ack }) => {
    await ack();
  });
}
for (const id of Object.values(views)) {
  app.view(id, async ({ ack }) => {
    await ack();
  });
}
app.event("app_home_opened", async () => {});

await app.init();
await app.start(Number(env("PORT")));
process.once("SIGTERM", () => {
  void app.stop().then(() => process.exit(0));
});
