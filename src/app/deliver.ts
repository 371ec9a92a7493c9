/**
 * Delivers the outbox through a `Sender` (Slack in production, a recorder in tests): in order
 * per bomb, only in working hours when quiet hours apply, dropping what stopped being true,
 * pausing for rate limits, backing off on passing failures, giving up on permanent ones with a
 * note on the timeline and an alert to the loyalty managers.
 */
import { type Bomb, currentHolder } from "../core/bomb.ts";
import { deliverableFrom, type Params } from "../core/effects.ts";
import { stillTrue } from "../core/still-true.ts";
import {
  type Landed,
  type OutboxRow,
  outcomeUnknown,
  type QueuedMessage,
  refreshKind,
} from "../store/store.ts";
import type { Services } from "./services.ts";

/**
 * What became of one attempt. `unknown` on a passing failure: the message may be in Slack all
 * the same (a call that got no answer, or an earlier such attempt not yet checked), so the next
 * attempt looks for it before posting again.
 */
export type SendOutcome =
  | { type: "sent"; landed: { channel: string; ts: string } | null }
  | { type: "rate_limited"; retryAfterMs: number; error: string; unknown?: boolean }
  | { type: "transient"; error: string; unknown?: boolean }
  | { type: "permanent"; error: string };

export type { Landed } from "../store/store.ts";

/** The delivery edge: posts one outbox row, or re-renders a bomb's earlier messages. */
export interface Sender {
  send(row: OutboxRow, bomb: Bomb | null): Promise<SendOutcome>;
  refresh(bomb: Bomb, landed: Landed[]): Promise<SendOutcome>;
  /**
   * Where an earlier attempt of `row`, whose outcome is unknown, landed: null when it did not
   * (or cannot be told); throws when the look-up itself failed. Without it, such a row is taken
   * as never posted.
   */
  find?(row: OutboxRow): Promise<{ channel: string; ts: string } | null>;
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
  /** Set when Slack asked us to slow down: nothing more is sent before this instant. */
  pausedUntil: number | null;
}

/**
 * Past this many passing failures a row is given up: about a day of failing at the longest
 * back-off, some three working days when quiet hours keep retries to working hours.
 */
export const maxAttempts = 100;

/** How long a taken row is left alone by other deliverers; longer than any one Slack call. */
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
  sender: Sender,
  now: () => number,
  limit = 200,
): Promise<DeliveryReport> {
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
    // Marks the attempt in flight before Slack is called: a crash from here on leaves the
    // outcome unknown, and the sender looks for the message before posting it again.
    if (!(await svc.store.claimRow(row, now() + claimLeaseMs, now()))) {
      // Another deliverer has it in hand and may yet fail: the bomb's later messages wait for it.
      if (!isRefresh) held.add(queue);
      continue;
    }
    const bomb = row.bombId === null ? null : await svc.store.loadBomb(row.bombId);
    if (!isRefresh && bomb !== null && !isStillTrue(row, bomb)) {
      // An attempt that died mid-send may have posted it: then it was delivered, not dropped.
      let landed: { channel: string; ts: string } | null = null;
      try {
        landed = outcomeUnknown(row) && sender.find ? await sender.find(row) : null;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
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
      if (landed !== null) {
        await svc.store.markSent(row, now(), landed);
        report.sent += 1;
      } else {
        await svc.store.markDropped(row, now(), droppedData(row, bomb));
        report.dropped += 1;
      }
      continue;
    }
    const outcome =
      isRefresh && bomb !== null
        ? await sender.refresh(bomb, await svc.store.landedMessages(bomb.id))
        : await sender.send(row, bomb);
    const at = now();
    switch (outcome.type) {
      case "sent":
        await svc.store.markSent(row, at, outcome.landed);
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
