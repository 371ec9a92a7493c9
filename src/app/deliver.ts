/**
 * Delivers the outbox through the chat port (Slack in production, an in-memory recorder in
 * tests): in order per bomb, only in working hours when quiet hours apply, dropping what stopped
 * being true, pausing when the platform asks, backing off on passing failures, giving up on
 * permanent ones with a note on the timeline and an alert to the loyalty managers. The app
 * decides what to say and to whom; the adapter renders it and classifies every failure.
 */
import {
  type ChatContent,
  ChatError,
  type ChatPort,
  type Destination,
  type MessageRef,
  type MessageTag,
} from "../chat/port.ts";
import { type Bomb, currentHolder } from "../core/bomb.ts";
import { deliverableFrom, type Params } from "../core/effects.ts";
import { channelKeys, channelOfKey, isChannelKey } from "../core/org.ts";
import { stillTrue } from "../core/still-true.ts";
import { type OutboxRow, outcomeUnknown, type QueuedMessage, refreshKind } from "../store/store.ts";
import type { Directory } from "./directory.ts";
import { filesParams, type JobContentLoader, jobContentLoader, jobPostOf } from "./job-content.ts";
import { jobKinds } from "./jobs.ts";
import type { Services } from "./services.ts";

/**
 * What became of one attempt. `unknown` on a passing failure: the message may be on the
 * platform all the same (a call that got no answer, or an earlier such attempt not yet checked),
 * so the next attempt looks for it before sending again.
 */
export type SendOutcome =
  | { type: "sent"; landed: MessageRef[] }
  | { type: "rate_limited"; retryAfterMs: number; error: string; unknown?: boolean }
  | { type: "transient"; error: string; unknown?: boolean }
  | { type: "permanent"; error: string };

/** Where delivery goes: the chat platform, and who is who on it. */
export interface ChatDelivery {
  chat: ChatPort;
  /** The people's addresses on `chat.platform` (the live one: an org change may replace it). */
  directory: () => Directory;
  /** The jobs' content, loaded at delivery; made for the round when absent. */
  jobs?: JobContentLoader;
}

/** Outbox kind of the alert sent to loyalty managers when a message could not be delivered. */
export const deliveryFailedKind = "delivery_failed";

/** What one delivery round did. */
export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
  /** Messages that stopped being true before they could go: not sent, noted on the timeline. */
  dropped: number;
  /** Set when the platform asked us to slow down: nothing more is sent before this instant. */
  pausedUntil: number | null;
}

/**
 * Past this many passing failures a row is given up: about a day of failing at the longest
 * back-off, some three working days when quiet hours keep retries to working hours.
 */
export const maxAttempts = 100;

/** How long a taken row is left alone by other deliverers; longer than any one platform call. */
export const claimLeaseMs = 60_000;

const backoffBaseMs = 5_000;
const backoffMaxMs = 15 * 60_000;

/** The wait before the next attempt after `attempts` passing failures. */
export function backoffMs(attempts: number): number {
  return Math.min(backoffBaseMs * 2 ** Math.min(attempts, 20), backoffMaxMs);
}

/** Delivers every row due now, up to `limit`. */
export async function deliverDue(
  svc: Services,
  out: ChatDelivery,
  now: () => number,
  limit = 200,
): Promise<DeliveryReport> {
  const delivery = { ...out, jobs: out.jobs ?? jobContentLoader(() => svc, now) };
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0, dropped: 0, pausedUntil: null };
  // A bomb whose message failed this round sends nothing more until it goes through.
  const held = new Set<number>();
  for (const row of await svc.store.deliverableRows(now(), limit)) {
    const isRefresh = row.kind === refreshKind;
    // Each bomb's messages are one queue; the channel posts (digest parts, reports) are another.
    const queue = row.bombId ?? 0;
    if (held.has(queue) && !isRefresh) continue;
    // Quiet hours hold every message due outside working hours, whatever queued it and whenever
    // (a restart at 03:00, a catch-up, a retry): it waits for them to begin, no attempt spent.
    const opensAt = isRefresh ? now() : deliverableFrom(svc, now());
    if (opensAt > now()) {
      await svc.store.postponeRow(row, opensAt);
      held.add(queue);
      continue;
    }
    // Marks the attempt in flight before the platform is called: a crash from here on leaves
    // the outcome unknown, and the next attempt looks for the message before sending it again.
    if (!(await svc.store.claimRow(row, now() + claimLeaseMs, now()))) {
      // Another deliverer has it in hand and may yet fail: the bomb's later messages wait for it.
      if (!isRefresh) held.add(queue);
      continue;
    }
    const bomb = row.bombId === null ? null : await svc.store.loadBomb(row.bombId);
    if (!isRefresh && bomb !== null && !isStillTrue(row, bomb)) {
      // An attempt that died mid-send may have sent it: then it was delivered, not dropped.
      let landed: MessageRef[] = [];
      try {
        landed = outcomeUnknown(row) ? await lookFor(svc, delivery, row) : [];
      } catch (error) {
        if (!(error instanceof ChatError)) throw error;
        const reason = error.code;
        await svc.store.markRetry(
          row,
          retryAt(svc, row, now() + backoffMs(row.attempts)),
          reason,
          true,
        );
        report.retried += 1;
        held.add(queue);
        continue;
      }
      if (landed.length > 0) {
        await svc.store.markSent(row, now(), landed, delivery.chat.platform);
        report.sent += 1;
      } else {
        await svc.store.markDropped(row, now(), droppedData(row, bomb));
        report.dropped += 1;
      }
      continue;
    }
    const outcome = await attempt(svc, delivery, row, bomb);
    const at = now();
    switch (outcome.type) {
      case "sent":
        await svc.store.markSent(row, at, outcome.landed, delivery.chat.platform);
        report.sent += 1;
        break;
      case "rate_limited":
        await svc.store.markRetry(
          row,
          retryAt(svc, row, at + outcome.retryAfterMs),
          outcome.error,
          outcome.unknown === true,
        );
        report.retried += 1;
        report.pausedUntil = at + outcome.retryAfterMs;
        return report;
      case "transient":
        if (row.attempts + 1 < maxAttempts) {
          await svc.store.markRetry(
            row,
            retryAt(svc, row, at + backoffMs(row.attempts)),
            outcome.error,
            outcome.unknown === true,
          );
          report.retried += 1;
          held.add(queue);
          break;
        }
        await giveUp(svc, row, at, `${outcome.error} (after ${maxAttempts} attempts)`);
        report.failed += 1;
        break;
      case "permanent":
        await giveUp(svc, row, at, outcome.error);
        report.failed += 1;
        break;
    }
  }
  return report;
}

/**
 * One attempt at a row: sends its message, uploads its files, or edits its bomb's earlier
 * messages. A `ChatError` becomes the outcome; anything else thrown ends the round.
 */
export async function attempt(
  svc: Services,
  delivery: ChatDelivery,
  row: OutboxRow,
  bomb: Bomb | null,
  now: () => number = Date.now,
): Promise<SendOutcome> {
  const out = { ...delivery, jobs: delivery.jobs ?? jobContentLoader(() => svc, now) };
  if (row.kind === refreshKind) {
    return bomb === null ? { type: "sent", landed: [] } : refresh(svc, out.chat, bomb);
  }
  if (row.kind === jobKinds.reportFiles) return uploadFiles(svc, out, row);
  const content = await contentOf(out, row, bomb);
  if (content === null) return { type: "permanent", error: "bad_params" };
  // Until the platform says otherwise, an earlier attempt may have sent this row already.
  let unknown = outcomeUnknown(row);
  try {
    const to = await destinationOf(svc, out, row.recipient);
    if (typeof to === "string") return { type: "permanent", error: to };
    let left: MessageRef[] = [];
    if (unknown) {
      left = await out.chat.find(to, tagOf(row));
      // What was found is there; whatever part is missing goes now.
      unknown = left.length > 0;
    }
    return { type: "sent", landed: await out.chat.send(to, content, tagOf(row), left) };
  } catch (error) {
    return outcomeOf(error, unknown);
  }
}

/** The tag a row's messages carry. */
function tagOf(row: OutboxRow): MessageTag {
  return { rowId: row.id, key: row.dedupeKey };
}

/**
 * Where a row goes: a channel key's channel as the org file names it now, a person's private
 * conversation; else why it cannot go (a permanent error code).
 */
async function destinationOf(
  svc: Services,
  out: ChatDelivery,
  recipient: string,
): Promise<Destination | string> {
  if (isChannelKey(recipient)) {
    const channel = channelOfKey(svc.org, recipient);
    return channel === null ? "no_channel" : { channel };
  }
  const address = out.directory().addressOf(recipient);
  if (address === null) return `no_${out.chat.platform}_user`;
  return { conversation: await out.chat.openConversation(address) };
}

/** What an earlier attempt of `row` left on the platform (empty when nothing, or unknowable). */
async function lookFor(svc: Services, out: ChatDelivery, row: OutboxRow): Promise<MessageRef[]> {
  const to = await destinationOf(svc, out, row.recipient);
  return typeof to === "string" ? [] : out.chat.find(to, tagOf(row));
}

/** What a row says, as neutral content; null when its params say nothing that can be sent. */
async function contentOf(
  out: ChatDelivery & { jobs: JobContentLoader },
  row: OutboxRow,
  bomb: Bomb | null,
): Promise<ChatContent | null> {
  if (row.kind === jobKinds.digest || row.kind === jobKinds.report) {
    const post = jobPostOf(row.params);
    return post === null ? null : out.jobs.content(post);
  }
  const params = (row.params ?? {}) as Params;
  if (row.bombId === null && bomb === null) {
    return { type: "notice", kind: row.kind, params, recipient: row.recipient };
  }
  return { type: "bomb", kind: row.kind, params, bomb, recipient: row.recipient };
}

/**
 * Renders a bomb's earlier messages again from the bomb as it stands. A message gone for good
 * is no error; a passing failure leaves the rest for the retry.
 */
async function refresh(svc: Services, chat: ChatPort, bomb: Bomb): Promise<SendOutcome> {
  for (const earlier of await svc.store.landedMessages(bomb.id)) {
    const content: ChatContent = {
      type: "bomb",
      kind: earlier.kind,
      params: (earlier.params ?? {}) as Params,
      bomb,
      recipient: earlier.recipient,
    };
    try {
      const at = { conversation: earlier.conversation, ref: earlier.ref, part: earlier.part };
      const fresh = await chat.update(at, content);
      if (fresh !== null) await svc.store.relandMessage(earlier.id, fresh);
    } catch (error) {
      const outcome = outcomeOf(error, false);
      // One message that can never be edited does not hold the others back.
      if (outcome.type !== "permanent") return outcome;
    }
  }
  return { type: "sent", landed: [] };
}

/**
 * Puts a report's files beside the report's message to the same recipient, once it landed; the
 * files are drawn again from the quarter named.
 */
async function uploadFiles(
  svc: Services,
  out: ChatDelivery & { jobs: JobContentLoader },
  row: OutboxRow,
): Promise<SendOutcome> {
  const params = filesParams.safeParse(row.params);
  if (!params.success) return { type: "permanent", error: "bad_params" };
  const landing = await svc.store.messageLanding(params.data.messageKey);
  if (landing === null) return { type: "permanent", error: "report_message_missing" };
  if (landing.status === "failed") return { type: "permanent", error: "report_message_failed" };
  if (landing.at === null) return { type: "transient", error: "waiting_for_report_message" };
  const files = await out.jobs.files(params.data);
  if (files === null) return { type: "permanent", error: "bad_params" };
  const unknown = outcomeUnknown(row);
  // A person's copy: the same files also go to the report's channel, when the org names one.
  const channel = isChannelKey(row.recipient) ? null : channelOfKey(svc.org, channelKeys.report);
  const shared = channel === null ? undefined : { channel };
  try {
    await out.chat.upload(landing.at, files, tagOf(row), unknown, shared);
    return { type: "sent", landed: [] };
  } catch (error) {
    return outcomeOf(error, unknown);
  }
}

/**
 * The outcome of a failed call: a `ChatError` as its kind says, `unknown` when the platform may
 * have acted or an earlier attempt's outcome is still untold. Anything else is rethrown.
 */
function outcomeOf(error: unknown, unknown: boolean): SendOutcome {
  if (!(error instanceof ChatError)) throw error;
  const maybe = unknown || error.unknown ? { unknown: true } : {};
  switch (error.kind) {
    case "retry_after":
      return {
        type: "rate_limited",
        retryAfterMs: error.retryAfterMs ?? 1_000,
        error: error.code,
        ...maybe,
      };
    case "permanent":
      return { type: "permanent", error: error.code };
    // Not installed: nothing the outbox can mend itself; the retries give someone time to.
    case "not_installed":
    case "transient":
      return { type: "transient", error: error.code, ...maybe };
  }
}

function isStillTrue(row: OutboxRow, bomb: Bomb): boolean {
  return stillTrue({ kind: row.kind, to: row.recipient, params: row.params as Params }, bomb);
}

/** What the timeline says of a dropped message: to whom, what, and where the bomb stood. */
function droppedData(row: OutboxRow, bomb: Bomb): Params {
  const holder = bomb.state === "pending" || bomb.state === "accepted" ? currentHolder(bomb) : null;
  return {
    to: row.recipient,
    kind: row.kind,
    version: row.version,
    state: bomb.state,
    ...(holder === null ? {} : { holder }),
  };
}

/**
 * When to try a row again: not before `earliest`, and, under quiet hours, not outside working
 * hours either. A retry must not deliver at 3 a.m. what was held until 9, and attempts spent over
 * a night or a weekend of outage would give the message up before anyone could read it.
 * Refreshes only edit messages in place, which notifies nobody: they wait for nothing.
 */
function retryAt(svc: Services, row: OutboxRow, earliest: number): number {
  return row.kind === refreshKind ? earliest : deliverableFrom(svc, earliest);
}

function giveUp(svc: Services, row: OutboxRow, at: number, error: string): Promise<void> {
  return svc.store.markFailed(row, at, error, alertsAbout(svc, row, at, error));
}

/** Who is told that a row could not be delivered: the loyalty managers, not about themselves. */
function alertsAbout(svc: Services, row: OutboxRow, at: number, error: string): QueuedMessage[] {
  // Alerts about alerts would loop; an edit that could not be made needs no one's attention.
  if (row.kind === deliveryFailedKind || row.kind === refreshKind) return [];
  // A loyalty manager who cannot be reached is not alerted about themselves.
  const lms = svc.org.loyaltyManagers.filter((lm) => lm !== row.recipient);
  return lms.map((lm) => ({
    dedupeKey: `${row.bombId}:${row.version}:${deliveryFailedKind}:${lm}:${row.id}`,
    bombId: row.bombId,
    version: row.version,
    recipient: lm,
    kind: deliveryFailedKind,
    params: { to: row.recipient, kind: row.kind, error },
    nextAttemptAt: at,
  }));
}
