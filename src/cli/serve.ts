/**
 * `bomba serve`: the Bolt app (HTTP on PORT or Socket Mode), the scheduler every 30 s and the
 * outbox delivery, until SIGTERM or SIGINT.
 */

import { type Booted, bootOrg } from "../app/boot.ts";
import { deliverDue } from "../app/deliver.ts";
import { jobContentLoader } from "../app/job-content.ts";
import { runScheduledJobs } from "../app/jobs.ts";
import { followStoredOrg } from "../app/live-org.ts";
import { startPump } from "../app/pump.ts";
import { runPass } from "../app/scheduler.ts";
import { clockOf, platformOf } from "../config/env.ts";
import { cliCatalog } from "../i18n/cli-catalog.ts";
import { createLog, redact } from "../log.ts";
import { type RunningSlackApp, startSlackApp } from "../slack/app.ts";
import { lookupByEmail } from "../slack/lookup.ts";
import { landedInOver, slackPort } from "../slack/port.ts";
import { renderContext } from "../slack/render.ts";
import { createWebClient, deliveryRetries } from "../slack/web-client.ts";
import { openStore } from "../store/open-store.ts";
import { loadEnv, loadOrgOrReport } from "./args.ts";
import type { CliIo } from "./io.ts";
import { envOrgPath, localeAtHand } from "./locale.ts";
import { readArguments } from "./usage.ts";

/** How often the scheduler looks for due bombs. */
export const schedulerIntervalMs = 30_000;
/** Rows per delivery round; a full round is followed by another at once. */
export const deliveryBatch = 200;
/** How often the outbox is swept even when nothing kicked it (retries, quiet hours ending). */
export const deliveryIntervalMs = 5_000;

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
  const store = await openStore(env.BOMBA_DB);
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
  // Slack's Retry-After holds every delivery round until it runs out, not only the timer's: a
  // click kicks the pump too.
  let pausedUntil = 0;
  const delivery = startPump(
    async () => {
      if (now() < pausedUntil) return;
      await live.refresh();
      const report = await deliverDue(svc, sender, now, deliveryBatch);
      if (report.pausedUntil !== null) {
        pausedUntil = report.pausedUntil;
        // A timer may fire a millisecond early, which would leave the round to the next sweep.
        setTimeout(() => delivery.kick(), pausedUntil - now() + 10).unref();
      } else if (report.sent + report.retried + report.failed + report.dropped >= deliveryBatch) {
        // A full round (a catch-up, a big report): go on now rather than at the next sweep.
        delivery.kick();
      }
    },
    deliveryIntervalMs,
    (e) => log.error("delivery:", e),
  );
  const scheduler = startPump(
    async () => {
      const revision = await live.refresh();
      if (revision !== null) log.info(`org revision ${revision} in force: reloaded`);
      const pass = await runPass(svc, now(), { maxBatches: 1 });
      for (const u of pass.stuck) {
        // Said once per version of the bomb, as the loyalty managers are told: not every 30 s.
        if (u.first) log.error(`bomb #${u.id} cannot be advanced and was skipped: ${u.error}`);
        else log.debug(`bomb #${u.id} still cannot be advanced: ${u.error}`);
      }
      if (pass.bombs > 0)
        log.info(`pass: ${pass.bombs} bombs, ${pass.events} events, ${pass.messages} messages`);
      if (pass.more) {
        // The rest of a big catch-up, once the requests that came in meanwhile are acked.
        setImmediate(() => scheduler.kick());
      } else {
        // After the whole pass, so that a catch-up is in the digest's and the report's figures.
        for (const job of (await runScheduledJobs(svc, now())).posted) {
          log.info(
            `${job.job} ${job.period}${job.late ? " (late)" : ""}: ${job.rows} messages queued`,
          );
        }
      }
      delivery.kick();
    },
    schedulerIntervalMs,
    (e) => log.error("scheduler:", e),
  );
  // A restart catches up at once: whatever fell due while we were down.
  scheduler.kick();

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
    await scheduler.stop();
    await delivery.stop();
    await store.close();
    return 1;
  }
  log.info(
    env.SLACK_APP_TOKEN
      ? "listening in Socket Mode"
      : `listening on :${env.PORT} (/slack/events, /healthz)`,
  );

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  log.info("stopping: no new requests, finishing the pass in flight");
  await slack.stop();
  await scheduler.stop();
  await delivery.stop();
  await store.close();
  log.info("stopped");
  return 0;
}
