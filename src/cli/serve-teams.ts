/**
 * `bomba serve` on Microsoft Teams: the org file put in force, then the Teams endpoint
 * (`POST /api/messages`, `GET /healthz`) on PORT until SIGTERM or SIGINT.
 *
 * Not yet here: the scheduler and the outbox delivery, which run on Teams once delivery goes
 * through the `ChatPort` (`teamsPort` is ready for it); until then nothing is queued that could
 * not be delivered.
 */
import { bootOrg } from "../app/boot.ts";
import { followStoredOrg } from "../app/live-org.ts";
import { clockOf, type Env, type TeamsSettings } from "../config/env.ts";
import { createLog, redact } from "../log.ts";
import { openStore } from "../store/open-store.ts";
import { type RunningTeamsApp, startTeamsApp } from "../teams/app.ts";
import { connector } from "../teams/connector.ts";
import { tokenProvider } from "../teams/tokens.ts";
import { loadOrgOrReport } from "./args.ts";
import type { CliIo } from "./io.ts";

/** Runs the Teams bot until a stop signal; resolves with the exit code. */
export async function runTeamsServe(env: Env, teams: TeamsSettings, io: CliIo): Promise<number> {
  const secrets = [teams.clientSecret];
  const log = createLog(env.LOG_LEVEL, secrets);
  const org = loadOrgOrReport(env.BOMBA_ORG, io);
  if (org === null) return 1;
  const now = clockOf(env);
  const store = await openStore(env.BOMBA_DB);
  // People's Teams addresses are looked up through Graph once delivery runs on Teams; the org
  // is put in force with the addresses it names or already stored.
  const booted = await bootOrg(store, org, null, now(), { via: "serve" });
  if (!booted.stored) {
    await store.close();
    return 1;
  }
  const live = followStoredOrg(booted.svc, booted.change.revision, booted.directory, (r, e) =>
    log.error(`org revision ${r} could not be read; keeping the current org:`, e),
  );
  const tokens = tokenProvider(teams, now);
  let running: RunningTeamsApp;
  try {
    running = await startTeamsApp(teams, env.PORT, {
      tokens,
      connector: connector({ ...teams, tokens }),
      locale: () => live.svc.org.locale,
      refresh: live.refresh,
      now,
      healthy: () => store.healthy(),
      log,
      svc: live.svc,
      directory: live.directory,
    });
  } catch (error) {
    io.err(
      `Teams app could not start: ${redact(error instanceof Error ? error.message : String(error), secrets)}`,
    );
    await store.close();
    return 1;
  }
  log.info(`listening on :${env.PORT} (/api/messages, /healthz)`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  log.info("stopping: no new requests");
  await running.stop();
  await store.close();
  log.info("stopped");
  return 0;
}
