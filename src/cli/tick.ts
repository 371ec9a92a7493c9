/** `bomba tick [--at ISO] [--dry-run]`: one scheduler pass as of a given instant. */
import { DateTime } from "luxon";
import { resolveOrgIds } from "../app/boot.ts";
import { type ChatDelivery, deliverDue } from "../app/deliver.ts";
import type { Directory } from "../app/directory.ts";
import { jobContentLoader } from "../app/job-content.ts";
import { runScheduledJobs } from "../app/jobs.ts";
import { changeOrg } from "../app/org-change.ts";
import { chatPlatform, type LookupByEmail, loadDirectory } from "../app/org-sync.ts";
import { runPass } from "../app/scheduler.ts";
import type { Services } from "../app/services.ts";
import type { ChatPort } from "../chat/port.ts";
import { clockOf, type Env, platformOf } from "../config/env.ts";
import { catalog } from "../i18n/catalog.ts";
import { cliCatalog } from "../i18n/cli-catalog.ts";
import { formatIsoDate } from "../i18n/fill.ts";
import { calendarFor } from "../org/org-calendar.ts";
import { inspectDatabasePath } from "../store/database-path.ts";
import { isPostgresUrl } from "../store/database-url.ts";
import { openStore } from "../store/open-store.ts";
import type { Store } from "../store/store.ts";
import { instantOption, loadEnvAndOrg } from "./args.ts";
import { optionFlag, optionText } from "./command-line.ts";
import { describeEvent } from "./describe.ts";
import type { CliIo } from "./io.ts";
import { envOrgPath, localeAtHand } from "./locale.ts";
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
  const chosen = await chatOfEnv(env, io);
  if (typeof chosen === "number") return chosen;
  const store = await openStore(env.BOMBA_DB, { readOnly: dryRun, scratch: dryRun });
  try {
    let resolved: Awaited<ReturnType<typeof resolveOrgIds>>;
    try {
      resolved = await resolveOrgIds(store, org, chosen.lookup, chosen.platform);
    } catch (error) {
      io.err(
        said.tick.lookupFailed({
          platform: chosen.name,
          reason: error instanceof Error ? error.message : String(error),
        }),
      );
      return 1;
    }
    // Without a platform nobody was looked up, and nothing is delivered either.
    if (chosen.lookup !== null) {
      for (const u of resolved.unresolved)
        io.err(said.tick.noUser({ platform: chosen.name, email: u.email }));
    }
    const svc = { store, org, calendar: calendarFor(org) };
    // The file's org comes into force the way `org import` and `serve` bring it, as of the
    // pass's instant, with everyone's address on the platform at hand; a dry run does it too,
    // on the copy in memory it then throws away.
    const change = await changeOrg(store, org, resolved.ids, at, "tick", chosen.platform);
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
    if (chosen.chat === null) {
      io.out(said.tick.noToken);
      return 0;
    }
    const directory = await loadDirectory(store, chosen.platform);
    const sender = {
      chat: await chosen.chat(svc, store, directory, at),
      directory: () => directory,
      // One loader for every round: the report read for the channel serves the directors' DMs too.
      jobs: jobContentLoader(
        () => svc,
        () => at,
      ),
    };
    io.out(said.tick.delivered(await deliverAll(svc, sender, at)));
    return 0;
  } finally {
    await store.close();
  }
}

/** The platform the environment sets up: how people are looked up and how messages go out. */
interface TickChat {
  /** The platform key of the people's addresses in the store. */
  platform: string;
  /** The platform's name in messages ("Slack", "Microsoft 365"). */
  name: string;
  /** Null without a platform: the file's and the stored addresses only. */
  lookup: LookupByEmail | null;
  /** Null without a platform: nothing is delivered. */
  chat:
    | ((svc: Services, store: Store, directory: Directory, at: number) => Promise<ChatPort>)
    | null;
}

/**
 * Slack (a bot token), Teams (its variables, as `serve` reads them) or neither; both, or Teams
 * with a credential missing, is refused the way `serve` refuses it. Each platform's modules load
 * only when it is the one set up: a dry run or a tick without one never needs them.
 */
async function chatOfEnv(env: Env, io: CliIo): Promise<TickChat | number> {
  const chosen = platformOf(env);
  if ("problem" in chosen) {
    if (chosen.problem === "neither") {
      return { platform: chatPlatform, name: "Slack", lookup: null, chat: null };
    }
    const required = cliCatalog(localeAtHand(envOrgPath())).environment;
    io.err(chosen.problem === "missing" ? required.teamsMissing(chosen) : required.bothPlatforms);
    return 2;
  }
  if (chosen.platform === "teams") {
    const [{ teamsClients, teamsDeliveryPort }, { TEAMS_PLATFORM }] = await Promise.all([
      import("./teams-delivery.ts"),
      import("../teams/port.ts"),
    ]);
    const teams = chosen.teams;
    const clients = teamsClients(teams, clockOf(env));
    return {
      platform: TEAMS_PLATFORM,
      name: "Microsoft 365",
      lookup: (email) => clients.graph.userIdByEmail(email),
      chat: async (svc, store, directory, at) =>
        teamsDeliveryPort(teams, clients, {
          store,
          svc,
          directory: () => directory,
          now: () => at,
        }),
    };
  }
  const token = env.SLACK_BOT_TOKEN as string;
  const web = await import("../slack/web-client.ts");
  const { lookupByEmail } = await import("../slack/lookup.ts");
  return {
    platform: chatPlatform,
    name: "Slack",
    lookup: lookupByEmail(web.createWebClient(token, env.SLACK_API_URL)),
    chat: async (svc, _store, directory, at) => {
      const [{ landedInOver, slackPort }, { renderContext }] = await Promise.all([
        import("../slack/port.ts"),
        import("../slack/render.ts"),
      ]);
      // Delivery never lets the client retry a post on its own (see `deliveryRetries`).
      const client = web.createWebClient(token, env.SLACK_API_URL, web.deliveryRetries);
      return slackPort(client, {
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
    },
  };
}

/** Delivers everything due as of `at`, round after round, until nothing more goes out. */
async function deliverAll(svc: Services, sender: ChatDelivery, at: number) {
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
