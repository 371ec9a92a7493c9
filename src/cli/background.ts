/**
 * The work `bomba serve` does besides answering requests, the same on every platform: the
 * scheduler pass every 30 s (and the digest and report jobs after it), and the outbox delivery
 * through the platform's ChatPort, kicked after every pass and every click.
 */
import { type ChatDelivery, deliverDue } from "../app/deliver.ts";
import { runScheduledJobs } from "../app/jobs.ts";
import type { LiveOrg } from "../app/live-org.ts";
import { type Pump, startPump } from "../app/pump.ts";
import { runPass } from "../app/scheduler.ts";
import type { Log } from "../log.ts";

/** How often the scheduler looks for due bombs. */
export const schedulerIntervalMs = 30_000;
/** Rows per delivery round; a full round is followed by another at once. */
export const deliveryBatch = 200;
/** How often the outbox is swept even when nothing kicked it (retries, quiet hours ending). */
export const deliveryIntervalMs = 5_000;

/** The two running loops. */
export interface Background {
  delivery: Pump;
  scheduler: Pump;
  /** Stops both, waiting for the runs in flight. */
  stop(): Promise<void>;
}

/** Starts delivery and the scheduler over the live org; the scheduler runs at once (catch-up). */
export function startBackground(
  live: LiveOrg,
  sender: ChatDelivery,
  now: () => number,
  log: Log,
): Background {
  const { svc } = live;
  // The platform's Retry-After holds every delivery round until it runs out, not only the
  // timer's: a click kicks the pump too.
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
  return {
    delivery,
    scheduler,
    async stop() {
      await scheduler.stop();
      await delivery.stop();
    },
  };
}

/** Resolves at the first SIGTERM or SIGINT: how every `serve` waits to stop. */
export function untilStopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once("SIGTERM", () => resolve());
    process.once("SIGINT", () => resolve());
  });
}
