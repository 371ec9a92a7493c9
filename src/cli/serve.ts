/**
 * `bomba serve`: the Bolt app (HTTP on PORT or Socket Mode), the scheduler every 30 s and the
 * outbox delivery, until SIGTERM or SIGINT.
 */

import { type Booted, bootOrg } from "../app/boot.ts";
import { jobContentLoader } from "../app/job-content.ts";
import { followStoredOrg } from "../app/live-org.ts";
import { clockOf, platformOf } from "../config/env.ts";
import { cliCatalog } from "../i18n/cli-catalog.ts";
import { createLog, redact } from "../log.ts";
import { type RunningSlackApp, startSlackApp } from "../slack/app.ts";
import { lookupByEmail } from "../slack/lookup.ts";
import { landedInOver, slackPort } from "../slack/port.ts";
import { renderContext } from "../slack/render.ts";
import { createWebClient, deliveryRetries } from "../slack/web-client.ts";
import { openServerStore } from "../store/open-store.ts";
import { loadEnv, loadOrgOrReport } from "./args.ts";
import { startBackground, untilStopSignal } from "./background.ts";
import type { CliIo } from "./io.ts";
import { envOrgPath, localeAtHand } from "./locale.ts";
import { useServerHeap } from "./server-heap.ts";
import { readArguments } from "./usage.ts";

export { deliveryBatch, deliveryIntervalMs, schedulerIntervalMs } from "./background.ts";

/** Runs the bot until a stop signal; resolves with the exit code. */
export async function runServe(args: string[], io: CliIo): Promise<number> {
  const parsed = readArguments("serve", args, io);
  if (typeof parsed === "number") return parsed;
  const env = loadEnv(io);
  if (typeof env === "number") return env;
  const required = cliCatalog(localeAtHand(envOrgPath())).environment;
  const platform = platformOf(env);
  if ("problem" in platform) {
    if (platform.problem === "missing") io.err(required.teamsMissing(platform));
    else io.err(platform.problem === "both" ? required.bothPlatforms : required.noPlatform);
    return 2;
  }
  if (platform.platform === "teams") {
    const { runTeamsServe } = await import("./serve-teams.ts");
    return runTeamsServe(env, platform.teams, io);
  }
  const token = env.SLACK_BOT_TOKEN;
  if (token === undefined) {
    io.err(required.botTokenForServe);
    return 2;
  }
  if (env.SLACK_APP_TOKEN === undefined && env.SLACK_SIGNING_SECRET === undefined) {
    io.err(required.signingSecret);
    return 2;
  }
  const secrets = [token, env.SLACK_SIGNING_SECRET ?? "", env.SLACK_APP_TOKEN ?? ""];
  const log = createLog(env.LOG_LEVEL, secrets);
  const org = loadOrgOrReport(env.BOMBA_ORG, io);
  if (org === null) return 1;

  const now = clockOf(env);
  const store = await openServerStore(env.BOMBA_DB);
  const client = createWebClient(token, env.SLACK_API_URL);
  let booted: Booted;
  try {
    booted = (await bootOrg(store, org, lookupByEmail(client), now(), { via: "serve" })) as Booted;
  } catch (error) {
    io.err(
      `Slack: could not look people up: ${error instanceof Error ? error.message : String(error)}`,
    );
    await store.close();
    return 1;
  }
  for (const u of booted.unresolved)
    log.warn(`Slack has no user with e-mail ${u.email}: messages to them will fail`);
  if (booted.change.changed) {
    log.info(
      `org revision ${booted.change.revision} in force: ${booted.change.moved} bombs reassigned`,
    );
  }
  // Another process may put a new org in force (`bomba org import`): every request, every
  // delivery round and every pass looks first, and picks it up without a restart.
  const live = followStoredOrg(booted.svc, booted.change.revision, booted.directory, (r, e) =>
    log.error(`org revision ${r} could not be read; keeping the current org:`, e),
  );
  const { svc } = live;
  const directory = live.directory;

  // Delivery and rendering run on the bot's clock: outbox rows are due by it, and "in 3 working
  // days" must read the same as the deadline the core computed (BOMBA_CLOCK shifts both).
  // Delivery never lets the client retry a post on its own (see `deliveryRetries`).
  const deliveryClient = createWebClient(token, env.SLACK_API_URL, deliveryRetries);
  const chat = slackPort(deliveryClient, {
    context: renderContext(svc, directory, now),
    landedIn: landedInOver(
      () => svc.org,
      (key) => svc.store.channelLandedFor(key),
    ),
  });
  // One loader for every round: a report read for the channel serves the directors' DMs too.
  const sender = { chat, directory, jobs: jobContentLoader(() => svc, now) };
  const background = startBackground(live, sender, now, log);
  const delivery = background.delivery;

  let slack: RunningSlackApp;
  try {
    slack = await startSlackApp(
      {
        token,
        signingSecret: env.SLACK_SIGNING_SECRET,
        appToken: env.SLACK_APP_TOKEN,
        apiUrl: env.SLACK_API_URL,
        port: env.PORT,
      },
      { svc, directory, refresh: live.refresh, now, kick: delivery.kick, log },
    );
  } catch (error) {
    io.err(
      `Slack app could not start: ${redact(error instanceof Error ? error.message : String(error), secrets)}`,
    );
    await background.stop();
    await store.close();
    return 1;
  }
  log.info(
    env.SLACK_APP_TOKEN
      ? "listening in Socket Mode"
      : `listening on :${env.PORT} (/slack/events, /healthz)`,
  );

  // Once serving, the old generation is kept close to what is live (server-heap.ts); not
  // before: during start-up the cap only costs collections (start-up ~10 % slower with it).
  useServerHeap();
  await untilStopSignal();
  log.info("stopping: no new requests, finishing the pass in flight");
  await slack.stop();
  await background.stop();
  await store.close();
  log.info("stopped");
  return 0;
}
