/** `bomba tick [--at ISO] [--dry-run]`: one scheduler pass as of a given instant. */
import { DateTime } from "luxon";
import { resolveOrgIds } from "../app/boot.ts";
import { deliverDue } from "../app/deliver.ts";
import { jobContentLoader } from "../app/job-content.ts";
import { runScheduledJobs } from "../app/jobs.ts";
import { changeOrg } from "../app/org-change.ts";
import { loadDirectory } from "../app/org-sync.ts";
import { runPass } from "../app/scheduler.ts";
import type { Services } from "../app/services.ts";
import { clockOf } from "../config/env.ts";
import { catalog } from "../i18n/catalog.ts";
import { cliCatalog } from "../i18n/cli-catalog.ts";
import { formatIsoDate } from "../i18n/fill.ts";
import { calendarFor } from "../org/org-calendar.ts";
import { inspectDatabasePath } from "../store/database-path.ts";
import { isPostgresUrl } from "../store/database-url.ts";
import { openStore } from "../store/open-store.ts";
import { instantOption, loadEnvAndOrg } from "./args.ts";
import { optionFlag, optionText } from "./command-line.ts";
import { describeEvent } from "./describe.ts";
import type { CliIo } from "./io.ts";
import { nameOf } from "./people.ts";
import { readArguments } from "./usage.ts";

/**
 * Runs one pass, then delivers what is due (when a bot token is set); with `--dry-run` prints
 * what it would do and writes nothing.
 */
export async function runTick(args: string[], io: CliIo): Promise<number> {
  const parsed = readArguments("tick", args, io);
  if (typeof parsed === "number") return parsed;
  const loaded = loadEnvAndOrg(io);
  if (typeof loaded === "number") return loaded;
  const { env, org } = loaded;
  const said = cliCatalog(org.locale);
  const now = clockOf(env)();
  const atText = optionText(parsed, "at");
  const at = atText === undefined ? now : instantOption("--at", atText, org, io);
  if (at === null) return 2;
  const dryRun = optionFlag(parsed, "dry-run");
  if (dryRun && isPostgresUrl(env.BOMBA_DB)) {
    io.err(said.database.dryRunNeedsSqlite());
    return 2;
  }
  if (dryRun && inspectDatabasePath(env.BOMBA_DB, true)?.code === "missing") {
    // Nothing can be due in a database that does not exist, and a dry run creates none.
    io.out(said.database.noneYet({ path: env.BOMBA_DB }));
    return 0;
  }
  // A dry run plays the org change and the pass on a copy in memory, then throws it away.
  const store = await openStore(env.BOMBA_DB, { readOnly: dryRun, scratch: dryRun });
  try {
    const token = env.SLACK_BOT_TOKEN;
    let resolved: Awaited<ReturnType<typeof resolveOrgIds>>;
    try {
      resolved = await resolveOrgIds(store, org, await slackLookup(token, env.SLACK_API_URL));
    } catch (error) {
      io.err(
        said.tick.lookupFailed({ reason: error instanceof Error ? error.message : String(error) }),
      );
      return 1;
    }
    // Without a token nobody was looked up, and nothing is delivered either.
    if (token !== undefined) {
      for (const u of resolved.unresolved) io.err(said.tick.noSlackUser({ email: u.email }));
    }
    const svc = { store, org, calendar: calendarFor(org) };
    // The file's org comes into force the way `org import` and `serve` bring it, as of the
    // pass's instant; a dry run does it too, on the copy in memory it then throws away.
    const change = await changeOrg(store, org, resolved.ids, at, "tick");
    const result = await runPass(svc, at, { dryRun });
    const words = catalog(org.locale);
    const zone = org.calendar.timezone;
    if (change.changed) {
      io.out(
        (dryRun ? said.tick.orgWouldChange : said.tick.orgChanged)({
          revision: change.revision,
          moved: change.moved,
        }),
      );
    }
    for (const t of [...change.transitions, ...result.transitions]) {
      for (const e of t.events) io.out(`#${t.bomb.id}  ${describeEvent(org, e, now)}`);
      const told = [...new Set(t.messages.map((m) => nameOf(org, m.to)))].join(", ");
      io.out(`      ${words.words.told}: ${told || words.words.nobody}`);
    }
    const when = DateTime.fromMillis(at, { zone }).toISO({ suppressMilliseconds: true }) ?? "";
    const totals = {
      at: when,
      bombs: result.bombs,
      events: result.events,
      messages: result.messages,
    };
    io.out(dryRun ? said.tick.dryRun(totals) : said.tick.done(totals));
    for (const u of result.stuck) io.err(said.tick.stuck(u));
    if (dryRun) return 0;
    for (const job of (await runScheduledJobs(svc, at)).posted) {
      io.out(
        said.tick.queued({
          job: job.job,
          period: job.job === "digest" ? formatIsoDate({ org, now }, job.period) : job.period,
          rows: job.rows,
          late: job.late,
        }),
      );
    }
    if (token === undefined) {
      io.out(said.tick.noToken);
      return 0;
    }
    io.out(said.tick.delivered(await deliverAll(svc, token, env.SLACK_API_URL, at)));
    return 0;
  } finally {
    await store.close();
  }
}

/** Looks people up in Slack when there is a token; the Slack modules load only then. */
async function slackLookup(token: string | undefined, apiUrl: string | undefined) {
  if (token === undefined) return null;
  const [{ lookupByEmail }, web] = await Promise.all([
    import("../slack/lookup.ts"),
    import("../slack/web-client.ts"),
  ]);
  return lookupByEmail(web.createWebClient(token, apiUrl));
}

/**
 * Delivers everything due as of `at`, round after round, until nothing more goes out. The Slack
 * modules are imported here, not at the top: a dry run or a tick without a token never needs them.
 */
async function deliverAll(svc: Services, token: string, apiUrl: string | undefined, at: number) {
  const [{ landedInOver, slackPort }, { renderContext }, web] = await Promise.all([
    import("../slack/port.ts"),
    import("../slack/render.ts"),
    import("../slack/web-client.ts"),
  ]);
  const directory = await loadDirectory(svc.store);
  // Delivery never lets the client retry a post on its own (see `deliveryRetries`).
  const client = web.createWebClient(token, apiUrl, web.deliveryRetries);
  const chat = slackPort(client, {
    context: renderContext(
      svc,
      () => directory,
      () => at,
    ),
    landedIn: landedInOver(
      () => svc.org,
      (key) => svc.store.channelLandedFor(key),
    ),
  });
  // One loader for every round: the report read for the channel serves the directors' DMs too.
  const sender = {
    chat,
    directory: () => directory,
    jobs: jobContentLoader(
      () => svc,
      () => at,
    ),
  };
  const total = { sent: 0, retried: 0, failed: 0, dropped: 0 };
  // Bounded: a row that keeps failing is retried by `serve`, not by a one-shot command.
  for (let round = 0; round < 50; round++) {
    const report = await deliverDue(svc, sender, () => at);
    total.sent += report.sent;
    total.retried += report.retried;
    total.failed += report.failed;
    total.dropped += report.dropped;
    if (report.sent + report.failed + report.dropped === 0 || report.pausedUntil !== null) break;
  }
  return total;
}
