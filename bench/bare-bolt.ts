/**
 * The baseline: a Bolt app of the same version, receiver, app and client options as `bomba serve`,
 * whose every listener only acks. What it costs is what Bolt itself costs on this machine.
 *
 * With BARE_IO_DB (the bench's database) and BARE_IO_ROOT (the checkout, for better-sqlite3), it
 * is instead the straightforward Bolt app doing the same I/O as the bot: `/bomba list` reads the
 * caller's first 49 open bombs and their count and acks with them as Block Kit; a click reads
 * its bomb and opens a modal of the accept form's inputs with `client.views.open`. No org,
 * calendar, roles, validation or words of a locale: a reference for what the bot's own work
 * costs on top of the same reads and calls, not issue 14's baseline.
 *
 *   PORT=… SLACK_SIGNING_SECRET=… SLACK_BOT_TOKEN=… SLACK_API_URL=… node --import tsx bench/bare-bolt.ts
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { App, type BlockAction, type ButtonAction, LogLevel } from "@slack/bolt";
import type BetterSqlite3 from "better-sqlite3";
import { actions, views } from "../src/chat/ids.ts";
import { slashCommand } from "../src/slack/ids.ts";
import { webClientOptions } from "../src/slack/web-client.ts";
import { openStatesCondition } from "../src/store/schema.ts";

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
const io = process.env.BARE_IO_DB ? sameIo(process.env.BARE_IO_DB, env("BARE_IO_ROOT")) : null;
// The same listeners as the bot registers, so Bolt's matching does the same work.
app.command(slashCommand, async ({ ack, command }) => {
  if (io === null) await ack();
  else await ack({ response_type: "ephemeral", ...io.list(command.user_id) });
});
for (const id of Object.values(actions)) {
  app.action<BlockAction<ButtonAction>>(id, async ({ ack, body, action, client }) => {
    await ack();
    if (io === null) return;
    const view = io.modal(Number(action.value));
    if (view !== null) await client.views.open({ trigger_id: body.trigger_id, view });
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

/** The list and the modal of the I/O baseline, over the bench's database. */
function sameIo(file: string, root: string) {
  const Database = createRequire(join(root, "package.json"))(
    "better-sqlite3",
  ) as typeof BetterSqlite3;
  const db = new Database(file, { readonly: true });
  const personAt = db
    .prepare("SELECT person FROM addresses WHERE platform = 'slack' AND address = ?")
    .pluck();
  const held = db
    .prepare(
      `SELECT data FROM bombs WHERE ${openStatesCondition} AND holder = ?
       ORDER BY next_due_at IS NULL, next_due_at, id LIMIT 49`,
    )
    .pluck();
  const heldCount = db
    .prepare(`SELECT count(*) FROM bombs WHERE ${openStatesCondition} AND holder = ?`)
    .pluck();
  const one = db.prepare("SELECT data FROM bombs WHERE id = ?").pluck();
  interface Row {
    id: number;
    customer: string;
    state: string;
    departmentId: string | null;
    assignment?: { holder: string; answerDueAt: number };
  }
  const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text });
  const plain = (text: string) => ({ type: "plain_text" as const, text });
  return {
    list(userId: string) {
      const person = personAt.get(userId) as string | undefined;
      const rows = person === undefined ? [] : (held.all(person) as string[]);
      const total = person === undefined ? 0 : (heldCount.get(person) as number);
      const bombs = rows.map((data) => JSON.parse(data) as Row);
      const text = `${total} open bombs`;
      return {
        text,
        blocks: [
          { type: "section" as const, text: mrkdwn(`*${text}*`) },
          ...bombs.map((b) => ({
            type: "section" as const,
            text: mrkdwn(
              `*#${b.id} · ${b.customer}* · ${b.departmentId ?? "-"} · _${b.state}_\n` +
                `Holder: <@${userId}> · Answer due: ${new Date(b.assignment?.answerDueAt ?? 0).toISOString()}`,
            ),
          })),
        ],
      };
    },
    modal(id: number) {
      const data = one.get(id) as string | undefined;
      if (data === undefined) return null;
      const bomb = JSON.parse(data) as Row;
      const input = (blockId: string, label: string, element: Record<string, unknown>) => ({
        type: "input" as const,
        block_id: blockId,
        label: plain(label),
        element: { action_id: blockId, ...element },
      });
      return {
        type: "modal" as const,
        callback_id: views.accept,
        private_metadata: String(bomb.id),
        title: plain("Accept bomb"),
        submit: plain("Accept"),
        close: plain("Cancel"),
        blocks: [
          { type: "section" as const, text: mrkdwn(`*#${bomb.id} · ${bomb.customer}*`) },
          input("severity", "Severity", {
            type: "radio_buttons",
            options: ["minor", "major"].map((v) => ({ text: plain(v), value: v })),
          }),
          input("due", "Committed date", { type: "datepicker" }),
          input("visit_by", "Who visits", { type: "users_select" }),
          input("visit_on", "Visit on", { type: "datepicker" }),
          input("plan", "Plan", { type: "plain_text_input", multiline: true }),
        ],
      };
    },
  };
}
