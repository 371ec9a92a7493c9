/**
 * The Slack stand-in in its own process, so that answering the bot's Web API calls never steals
 * the load generator's event loop (a busy client would inflate the latencies it measures).
 *
 *   node --import tsx bench/stand-in.ts '{"carlos@example.com":"U0CARLOS",…}'
 *
 * Prints one JSON line `{"url": …}` once listening; then answers each line `stats` on stdin with
 * `{"calls": {method: count}}`; ends on SIGTERM or when stdin closes.
 */
import { createInterface } from "node:readline";
import { startSlackStandIn } from "../test/support/slack-stand-in.ts";

const users = JSON.parse(process.argv[2] ?? "{}") as Record<string, string>;
const standIn = await startSlackStandIn({ users });
process.stdout.write(`${JSON.stringify({ url: standIn.url })}\n`);

const stop = async () => {
  await standIn.close();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line.trim() !== "stats") return;
  const calls: Record<string, number> = {};
  for (const call of standIn.calls) calls[call.method] = (calls[call.method] ?? 0) + 1;
  // Keeps memory flat over thousands of calls: the bench only wants the counts.
  standIn.reset();
  process.stdout.write(`${JSON.stringify({ calls })}\n`);
});
lines.on("close", () => void stop());
