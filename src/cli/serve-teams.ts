/**
 * `bomba serve` on Microsoft Teams: everyone's e-mail resolved through Graph and the org file put
 * in force, then the Teams endpoint (`POST /api/messages`, `GET /healthz`) on PORT, the scheduler
 * and the outbox delivery through the Teams ChatPort (conversations kept, the app installed where
 * it is missing, posts paced per conversation), until SIGTERM or SIGINT.
 */
import { type Booted, bootOrg } from "../app/boot.ts";
import { jobContentLoader } from "../app/job-content.ts";
import { followStoredOrg } from "../app/live-org.ts";
import { clockOf, type Env, type TeamsSettings } from "../config/env.ts";
import { createLog, redact } from "../log.ts";
import { openStore } from "../store/open-store.ts";
import { type RunningTeamsApp, startTeamsApp } from "../teams/app.ts";
import { TEAMS_PLATFORM } from "../teams/port.ts";
import { loadOrgOrReport } from "./args.ts";
import { startBackground, untilStopSignal } from "./background.ts";
import type { CliIo } from "./io.ts";
import { pacedTeamsConnector, teamsClients, teamsDeliveryPort } from "./teams-delivery.ts";

/** Runs the Teams bot until a stop signal; resolves with the exit code. */
export async function runTeamsServe(env: Env, teams: TeamsSettings, io: CliIo): Promise<number> {
  const secrets = [teams.clientSecret];
  const log = createLog(env.LOG_LEVEL, secrets);
  const org = loadOrgOrReport(env.BOMBA_ORG, io);
  if (org === null) return 1;
  const now = clockOf(env);
  const store = await openStore(env.BOMBA_DB);
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
  // The outbox's posts and the answers in a person's chat keep to one pace per conversation:
  // Teams refuses past about 7 a second, and a refused answer would be lost.
  const paced = pacedTeamsConnector(teams, { tokens, graph });
  // Delivery and rendering run on the bot's clock (BOMBA_CLOCK shifts both), as on Slack.
  const chat = teamsDeliveryPort(
    teams,
    { tokens, graph },
    {
      store,
      svc,
      directory: live.directory,
      now,
      installed: (address) => log.info(`the app was installed for ${address}`),
      connector: paced,
    },
  );
  const sender = { chat, directory: live.directory, jobs: jobContentLoader(() => svc, now) };
  const background = startBackground(live, sender, now, log);
  let running: RunningTeamsApp;
  try {
    running = await startTeamsApp(teams, env.PORT, {
      tokens,
      connector: paced,
      locale: () => live.svc.org.locale,
      refresh: live.refresh,
      now,
      healthy: () => store.healthy(),
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
  log.info(`listening on :${env.PORT} (/api/messages, /healthz)`);
  await untilStopSignal();
  log.info("stopping: no new requests, finishing the pass in flight");
  await running.stop();
  await background.stop();
  await store.close();
  log.info("stopped");
  return 0;
}
