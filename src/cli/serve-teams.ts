/**
 * `bomba serve` on Microsoft Teams: everyone's e-mail resolved through Graph and the org file put
 * in force, then the Teams endpoint (`POST /api/messages`, `GET /healthz`, and with
 * TEAMS_BOT_DOMAIN the report's chart at `GET /charts/…`) on PORT, the scheduler
 * and the outbox delivery through the Teams ChatPort (conversations kept, the app installed where
 * it is missing, posts paced per conversation), until SIGTERM or SIGINT.
 */
import { type Booted, bootOrg } from "../app/boot.ts";
import { jobContentLoader } from "../app/job-content.ts";
import { followStoredOrg } from "../app/live-org.ts";
import { clockOf, type Env, type TeamsSettings } from "../config/env.ts";
import { createLog, redact } from "../log.ts";
import { openServerStore } from "../store/open-store.ts";
import { type RunningTeamsApp, startTeamsApp } from "../teams/app.ts";
import { chartLinks } from "../teams/chart-links.ts";
import { homeCards, homeRefreshingPort, homeTrackingConnector } from "../teams/home-cards.ts";
import type { AssetHandler } from "../teams/http-adapter.ts";
import { TEAMS_PLATFORM } from "../teams/port.ts";
import { loadOrgOrReport } from "./args.ts";
import { startBackground, untilStopSignal } from "./background.ts";
import type { CliIo } from "./io.ts";
import { useServerHeap } from "./server-heap.ts";
import { pacedTeamsConnector, teamsClients, teamsDeliveryPort } from "./teams-delivery.ts";
import { hostOf } from "./teams-package.ts";

/** Runs the Teams bot until a stop signal; resolves with the exit code. */
export async function runTeamsServe(env: Env, teams: TeamsSettings, io: CliIo): Promise<number> {
  const secrets = [teams.clientSecret];
  const log = createLog(env.LOG_LEVEL, secrets);
  const org = loadOrgOrReport(env.BOMBA_ORG, io);
  if (org === null) return 1;
  const now = clockOf(env);
  const store = await openServerStore(env.BOMBA_DB);
  const { tokens, graph } = teamsClients(teams, now);
  let booted: Booted;
  try {
    // Everyone's Entra object id: from the file, as stored before, else looked up by e-mail.
    booted = (await bootOrg(store, org, (email) => graph.userIdByEmail(email), now(), {
      via: "serve",
      platform: TEAMS_PLATFORM,
    })) as Booted;
  } catch (error) {
    io.err(
      `Microsoft Graph: could not look people up: ${redact(error instanceof Error ? error.message : String(error), secrets)}`,
    );
    await store.close();
    return 1;
  }
  for (const u of booted.unresolved)
    log.warn(`Microsoft 365 has no user with e-mail ${u.email}: messages to them will fail`);
  if (booted.change.changed) {
    log.info(
      `org revision ${booted.change.revision} in force: ${booted.change.moved} bombs reassigned`,
    );
  }
  const live = followStoredOrg(booted.svc, booted.change.revision, booted.directory, (r, e) =>
    log.error(`org revision ${r} could not be read; keeping the current org:`, e),
  );
  const { svc } = live;
  const jobs = jobContentLoader(() => svc, now);
  // The report's chart in its card, served by the bot at its public host (none without one).
  const domain = env.TEAMS_BOT_DOMAIN === undefined ? undefined : hostOf(env.TEAMS_BOT_DOMAIN);
  if (env.TEAMS_BOT_DOMAIN !== undefined && domain === undefined) {
    log.warn(`TEAMS_BOT_DOMAIN is no host name: the report's card goes without its chart`);
  }
  const charts = domain === undefined ? null : chartLinks(teams.clientSecret, domain);
  const assets: AssetHandler = async (path) => {
    const quarter = charts?.quarterOf(path) ?? null;
    if (quarter === null) return null;
    const chart = await jobs.file(quarter, { format: "png", department: null });
    return chart === null ? null : { type: "image/png", body: chart.content };
  };
  // The outbox's posts and the answers in a person's chat keep to one pace per conversation:
  // Teams refuses past about 7 a second, and a refused answer would be lost.
  const paced = pacedTeamsConnector(teams, { tokens, graph });
  // The "what I hold" cards kept up to date in place: every post into a chat is seen (it
  // supersedes the home card there), and every send or edit of the outbox renders them again.
  let app: RunningTeamsApp | null = null;
  const homes = homeCards(() => ({
    connector: paced,
    render: (person) => {
      if (app === null) throw new Error("the Teams app is not running");
      return app.homeCard(person);
    },
    warn: (message, error) => log.warn(message, error),
  }));
  const tracked = homeTrackingConnector(paced, homes);
  // Delivery and rendering run on the bot's clock (BOMBA_CLOCK shifts both), as on Slack.
  const delivering = teamsDeliveryPort(
    teams,
    { tokens, graph },
    {
      store,
      svc,
      directory: live.directory,
      now,
      installed: (address) => log.info(`the app was installed for ${address}`),
      connector: tracked,
      ...(charts === null ? {} : { reportChart: (quarter: string) => charts.urlOf(quarter) }),
    },
  );
  const chat = homeRefreshingPort(delivering, homes);
  const sender = { chat, directory: live.directory, jobs };
  const background = startBackground(live, sender, now, log);
  let running: RunningTeamsApp;
  try {
    running = await startTeamsApp(teams, env.PORT, {
      tokens,
      connector: tracked,
      homes,
      locale: () => live.svc.org.locale,
      refresh: live.refresh,
      now,
      healthy: () => store.healthy(),
      assets,
      log,
      svc: live.svc,
      directory: live.directory,
      // A change made from Teams is delivered at once, not at the next sweep of the outbox.
      kick: () => background.delivery.kick(),
    });
  } catch (error) {
    io.err(
      `Teams app could not start: ${redact(error instanceof Error ? error.message : String(error), secrets)}`,
    );
    await background.stop();
    await store.close();
    return 1;
  }
  app = running;
  log.info(`listening on :${env.PORT} (/api/messages, /healthz)`);
  // Once serving, the old generation is kept close to what is live (server-heap.ts).
  useServerHeap();
  await untilStopSignal();
  log.info("stopping: no new requests, finishing the pass in flight");
  await running.stop();
  await background.stop();
  await store.close();
  log.info("stopped");
  return 0;
}
