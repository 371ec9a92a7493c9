/** `bomba tick [--at ISO] [--dry-run]`: one scheduler pass as of a given instant. */
import { DateTime } from "luxon";
import { resolveOrgIds } from "../app/boot.ts";
import { deliverDue } from "../app/deliver.ts";
import { runScheduledJobs } from "../app/jobs.ts";
import { changeOrg } from "../app/org-change.ts";
import { loadDirectory } from "../app/org-sync.ts";
import { runPass } from "../app/scheduler.ts";
import type { Services } from "../app/services.ts";
import { clockOf } from "../config/env.ts";
import { catalog } from "../i18n/catalog.ts";
import { calendarFor } from "../org/org-calendar.ts";
import { channelSender, withChannelKinds } from "../slack/channel-sender.ts";
import { lookupByEmail } from "../slack/lookup.ts";
import { messageRenderer } from "../slack/render.ts";
import { slackSender } from "../slack/slack-sender.ts";
import { createWebClient } from "../slack/web-client.ts";
import { rehearse } from "../store/bomb-store.ts";
import { closeDatabase, openDatabase } from "../store/database.ts";
import { loadEnvAndOrg, parseInstant, parseOptions } from "./args.ts";
import { describeEvent } from "./describe.ts";
import type { CliIo } from "./io.ts";
import { nameOf } from "./people.ts";

/**
 * Runs one pass, then delivers what is due (when a bot token is set); with `--dry-run` prints
 * what it would do and writes nothing.
 */
export async function runTick(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { at: { type: "string" }, "dry-run": { type: "boolean" } }, io);
  if (parsed === null) return 2;
  const loaded = loadEnvAndOrg(io);
  if (typeof loaded === "number") return loaded;
  const { env, org } = loaded;
  const now = clockOf(env)();
  const at =
    parsed.values.at === undefined ? now : parseInstant(parsed.values.at, org.calendar.timezone);
  if (at === null) {
    io.err(`--at: not an ISO date-time: ${parsed.values.at}`);
    return 2;
  }
  const dryRun = parsed.values["dry-run"] === true;
  const db = openDatabase(env.BOMBA_DB);
  try {
    const token = env.SLACK_BOT_TOKEN;
    let resolved: Awaited<ReturnType<typeof resolveOrgIds>>;
    try {
      const client = token === undefined ? null : createWebClient(token, env.SLACK_API_URL);
      resolved = await resolveOrgIds(db, org, client === null ? null : lookupByEmail(client));
    } catch (error) {
      io.err(`Slack: could not look people up: ${error instanceof Error ? error.message : error}`);
      return 1;
    }
    // Without a token nobody was looked up, and nothing is delivered either.
    if (token !== undefined) {
      for (const u of resolved.unresolved)
        io.err(`Slack has no user with e-mail ${u.email}: messages to them will fail`);
    }
    const svc = { db, org, calendar: calendarFor(org) };
    // The file's org comes into force the way `org import` and `serve` bring it, as of the
    // pass's instant; a dry run does it too, inside a transaction it then rolls back.
    const work = () => ({
      change: changeOrg(db, org, resolved.ids, at, "tick"),
      result: runPass(svc, at, { dryRun }),
    });
    const { change, result } = dryRun ? rehearse(db, work) : work();
    const words = catalog(org.locale);
    const zone = org.calendar.timezone;
    if (change.changed) {
      const verb = dryRun ? "would come" : "came";
      io.out(
        `org revision ${change.revision} ${verb} into force: ${change.moved} bombs reassigned`,
      );
    }
    for (const t of [...change.transitions, ...result.transitions]) {
      for (const e of t.events) io.out(`#${t.bomb.id}  ${describeEvent(org, e)}`);
      const told = [...new Set(t.messages.map((m) => nameOf(org, m.to)))].join(", ");
      io.out(`      ${words.words.told}: ${told || words.words.nobody}`);
    }
    const when = DateTime.fromMillis(at, { zone }).toISO({ suppressMilliseconds: true });
    const verb = dryRun ? "would advance" : "advanced";
    io.out(
      `tick ${when}: ${verb} ${result.bombs} bombs, ${result.events} events, ${result.messages} messages`,
    );
    for (const u of result.stuck) io.err(`#${u.id}: cannot be advanced, skipped: ${u.error}`);
    if (dryRun) return 0;
    for (const job of runScheduledJobs(svc, at).posted) {
      io.out(`${job.job} ${job.period}${job.late ? " (late)" : ""}: ${job.rows} messages queued`);
    }
    if (token === undefined) {
      io.out("SLACK_BOT_TOKEN not set: messages stay queued for `bomba serve`");
      return 0;
    }
    const delivered = await deliverAll(svc, token, env.SLACK_API_URL, at);
    io.out(
      `delivered ${delivered.sent}, retrying ${delivered.retried}, failed ${delivered.failed}`,
    );
    return 0;
  } finally {
    closeDatabase(db);
  }
}

/** Delivers everything due as of `at`, round after round, until nothing more goes out. */
async function deliverAll(svc: Services, token: string, apiUrl: string | undefined, at: number) {
  const directory = loadDirectory(svc.db);
  const client = createWebClient(token, apiUrl);
  const sender = withChannelKinds(
    slackSender(
      client,
      () => directory,
      messageRenderer(
        svc,
        () => directory,
        () => at,
      ),
    ),
    channelSender(client, { svc, directory: () => directory, now: () => at }),
  );
  const total = { sent: 0, retried: 0, failed: 0 };
  // Bounded: a row that keeps failing is retried by `serve`, not by a one-shot command.
  for (let round = 0; round < 50; round++) {
    const report = await deliverDue(svc, sender, () => at);
    total.sent += report.sent;
    total.retried += report.retried;
    total.failed += report.failed;
    if (report.sent + report.failed === 0 || report.pausedUntil !== null) break;
  }
  return total;
}
