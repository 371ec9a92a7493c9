/**
 * The delivery path in-process on a moving clock: the real Slack sender over a real `WebClient`
 * pointed at a Slack stand-in, `runPass` and `deliverDue` driven minute by minute. Used where
 * waiting for `serve`'s real-time back-off would be slow.
 */
import { LogLevel, WebClient } from "@slack/web-api";
import { type ChatDelivery, deliverDue } from "../../src/app/deliver.ts";
import { type Directory, directoryOf } from "../../src/app/directory.ts";
import { runPass } from "../../src/app/scheduler.ts";
import type { Services } from "../../src/app/services.ts";
import { landedInOver, slackPort } from "../../src/slack/port.ts";
import { renderContext } from "../../src/slack/render.ts";
import { webClientOptions } from "../../src/slack/web-client.ts";
import { P } from "../fixtures/org-chart.ts";
import {
  type RecordedCall,
  type SlackStandIn,
  STAND_IN_BOT_TOKEN,
  type StandInFailure,
} from "../support/slack-stand-in.ts";

/** The Slack user of every person of the core fixture org (`org-chart.ts`). */
export const fixtureSlackIds: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(P).map(([name, person]) => [person, `U0${name.toUpperCase()}`]),
);

/** The directory of the core fixture org. */
export const fixtureDirectory: Directory = directoryOf("slack", Object.entries(fixtureSlackIds));

/**
 * A real client as the bot makes it (`webClientOptions`: rate limits surface at once), except
 * that it never retries by itself and gives up on a silent server after `timeoutMs`: the outbox's
 * own retries are what these suites exercise, and a 10-second timeout would make them slow.
 */
export function faultClient(url: string, timeoutMs = 150): WebClient {
  return new WebClient(STAND_IN_BOT_TOKEN, {
    ...webClientOptions(url, { retries: 0 }),
    timeout: timeoutMs,
    logLevel: LogLevel.ERROR,
  });
}

/** The production Slack port over `client`, rendering on the simulated clock. */
export function senderOver(client: WebClient, svc: Services, now: () => number): ChatDelivery {
  const chat = slackPort(client, {
    context: renderContext(svc, () => fixtureDirectory, now),
    landedIn: landedInOver(
      () => svc.org,
      (key) => svc.store.channelLandedFor(key),
    ),
  });
  return { chat, directory: () => fixtureDirectory };
}

/** Transient failures an outage plays in turn; `timeout` costs real time, so it comes rarely. */
export const outageFailures: readonly StandInFailure[] = [
  { kind: "http", status: 500 },
  { kind: "drop" },
  { kind: "http", status: 503 },
  { kind: "error", error: "internal_error" },
  { kind: "rate_limited", retryAfterSeconds: 30 },
  { kind: "error", error: "service_unavailable" },
  { kind: "http", status: 502 },
  { kind: "error", error: "fatal_error" },
  { kind: "http", status: 504 },
  { kind: "error", error: "request_timeout" },
  { kind: "rate_limited", retryAfterSeconds: 120 },
];

/** Makes every call to `standIn` fail, `count` times, in the rotation above plus a few timeouts. */
export function playOutage(standIn: SlackStandIn, count: number, timeouts = 6): void {
  for (let i = 0; i < count; i++) {
    const failure =
      i % 17 === 3 && i < timeouts * 17
        ? ({ kind: "timeout" } as const)
        : (outageFailures[i % outageFailures.length] as StandInFailure);
    standIn.fail("*", failure, 1);
  }
}

/** A Slack call and the simulated instant it was made at. */
export interface TimedCall {
  at: number;
  call: RecordedCall;
  /** The delivery round it belonged to. */
  round: number;
}

/** What a simulation saw. */
export interface SimLog {
  calls: TimedCall[];
  passes: number;
  rounds: number;
  /** Rounds skipped because Slack had asked to wait (Retry-After). */
  pausedRounds: number;
  pauses: { at: number; until: number }[];
}

/** One simulated minute: what to do before the pass, and which Slack to talk to. */
export interface SimStep {
  now: number;
  /** Stand-in whose log this step's calls are read from, and the sender over it. */
  slack: { standIn: SlackStandIn; sender: ChatDelivery };
}

/**
 * Runs the scheduler and the outbox every `stepMs` from `from` to `to` as `serve` would, pausing
 * delivery while Slack's Retry-After runs. `before` is called at each step first (to act as people
 * do, or to queue a failure for the next call).
 */
export async function simulate(
  svc: Services,
  from: number,
  to: number,
  stepMs: number,
  slackAt: (now: number) => { standIn: SlackStandIn; sender: ChatDelivery },
  before: (now: number) => unknown = () => {},
  log: SimLog = { calls: [], passes: 0, rounds: 0, pausedRounds: 0, pauses: [] },
): Promise<SimLog> {
  let pausedUntil = log.pauses.at(-1)?.until ?? 0;
  for (let now = from; now <= to; now += stepMs) {
    await before(now);
    await runPass(svc, now);
    log.passes += 1;
    if (now < pausedUntil) {
      log.pausedRounds += 1;
      continue;
    }
    const { standIn, sender } = slackAt(now);
    const seen = standIn.calls.length;
    const report = await deliverDue(svc, sender, () => now);
    log.rounds += 1;
    for (const call of standIn.calls.slice(seen))
      log.calls.push({ at: now, call, round: log.rounds });
    if (report.pausedUntil !== null) {
      pausedUntil = report.pausedUntil;
      log.pauses.push({ at: now, until: pausedUntil });
    }
  }
  return log;
}
