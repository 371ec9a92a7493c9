/**
 * The jobs that run on the calendar rather than on a bomb: the daily digest to the digest
 * channel and the quarterly report to the CEO, the directors and the report channel.
 *
 * Exactly once: a job's (job, period) row in `job_runs` is claimed by insert and its messages
 * are queued in the outbox in the same transaction, so two processes, a retry or a restart never
 * post twice. A period missed while the bot was down (the previous working day's digest, the
 * report of the quarter just ended) goes out once on the next run, marked late; older ones are
 * not backfilled.
 */

import { DateTime } from "luxon";
import type { WorkCalendar } from "../core/calendar.ts";
import { deliverableFrom } from "../core/effects.ts";
import { channelKeys, channelOfKey, type Org } from "../core/org.ts";
import { previousQuarter, quarterAt, quarterNamed } from "../core/quarter.ts";
import { reportFileSpecs } from "../report/files.ts";
import type { QueuedMessage } from "../store/store.ts";
import { loadQuarterlyReport } from "./quarterly-report.ts";
import type { Services } from "./services.ts";

/** Outbox kinds of the jobs' messages (none is about one bomb: `bomb_id` is null). */
export const jobKinds = {
  /**
   * The daily digest to its channel; params `{ job, period, late }` (`JobPost`): the digest of
   * the bombs as they stand at delivery, under the date of the day it stands for. The adapter
   * renders it, in as many messages as its platform needs. (Rows queued before release 0.3 hold
   * one rendered part, `{ text, blocks, part, parts }` besides: they are still delivered as they are.)
   */
  digest: "digest",
  /** The quarterly report to one recipient; params `{ job, period, late }` like the digest's. */
  report: "report",
  /**
   * The report's files for one recipient; params `{ quarter, files, messageKey }` say what to
   * draw again at delivery and which message's conversation they go to.
   */
  reportFiles: "report_files",
} as const;

/** The jobs. */
export type JobName = "digest" | "report";

/** What a digest or report row holds: which job, which period, and whether it goes out late. */
export interface JobPost {
  job: JobName;
  /** "YYYY-MM-DD" for the digest, "2026-Q4" for the report. */
  period: string;
  late: boolean;
}

/** A period a job may post now, before looking at what was claimed. */
export interface JobSlot {
  job: JobName;
  /** "YYYY-MM-DD" for the digest, "2026-Q4" for the report. */
  period: string;
  /** When it was due. */
  dueAt: number;
  /** Posted after its day: said in the header, and only when the bot was in use by then. */
  late: boolean;
}

/**
 * The periods that may be posted at `now`: the previous working day's digest (late, in case it
 * was missed), today's digest once it is a working day past `digest.at`, and from the first
 * working day of a quarter at `dayStarts` the report of the quarter before. Pure.
 */
export function jobSlots(org: Org, calendar: WorkCalendar, now: number): JobSlot[] {
  const zone = calendar.zone;
  const slots: JobSlot[] = [];
  if (org.digest !== null) {
    const at = org.digest.at;
    const today = calendar.localDate(now);
    const previous = calendar.localDate(calendar.subtract(now, { workingDays: 1 }));
    slots.push({
      job: "digest",
      period: previous,
      dueAt: wallTime(previous, at, zone),
      late: true,
    });
    const dueToday = wallTime(today, at, zone);
    if (calendar.isWorkingDate(today) && now >= dueToday) {
      slots.push({ job: "digest", period: today, dueAt: dueToday, late: false });
    }
  }
  const quarter = quarterAt(now, zone);
  const reportDue = calendar.nextWorkingMoment(quarter.start);
  if (now >= reportDue) {
    const late = calendar.localDate(now) !== calendar.localDate(reportDue);
    const period = previousQuarter(quarter, zone).id;
    slots.push({ job: "report", period, dueAt: reportDue, late });
  }
  return slots;
}

function wallTime(isoDate: string, hhmm: string, zone: string): number {
  return DateTime.fromISO(`${isoDate}T${hhmm}`, { zone }).toMillis();
}

/** One job that was claimed and queued by this run. */
export interface PostedJob {
  job: JobName;
  period: string;
  late: boolean;
  /** Outbox rows queued (messages and file rows). */
  rows: number;
  recipients: string[];
}

/** What one run did. */
export interface JobsResult {
  posted: PostedJob[];
}

/**
 * Claims and queues every job due at `now` that nobody claimed yet. Call it from the scheduler
 * loop right after `runPass`, so that a catch-up is in the figures before they are taken.
 */
export async function runScheduledJobs(svc: Services, now: number): Promise<JobsResult> {
  const posted: PostedJob[] = [];
  for (const slot of jobSlots(svc.org, svc.calendar, now)) {
    // Read first, without the write lock: on most runs every slot is long claimed.
    if (await svc.store.jobClaimed(slot.job, slot.period)) continue;
    // A period that passed before the bot was ever at work was not missed: nothing is owed.
    if (slot.late && !(await svc.store.inUseBefore(slot.dueAt))) continue;
    const queued =
      slot.job === "digest"
        ? await digestMessages(svc, slot, now)
        : await reportMessages(svc, slot, now);
    const recipients = [...new Set(queued.map((m) => m.recipient))];
    // The claim and its messages are one transaction: exactly one claimant queues them.
    const claimed = await svc.store.claimJob({
      job: slot.job,
      period: slot.period,
      now,
      inUseBefore: slot.late ? slot.dueAt : null,
      messages: queued,
      detail: JSON.stringify({ ...slot, rows: queued.length, recipients }),
    });
    if (!claimed) continue;
    posted.push({
      job: slot.job,
      period: slot.period,
      late: slot.late,
      rows: queued.length,
      recipients,
    });
  }
  return { posted };
}

async function digestMessages(svc: Services, slot: JobSlot, now: number): Promise<QueuedMessage[]> {
  const channel = svc.org.digest?.channel;
  if (channel === undefined) return [];
  // One row, whatever its length: how many messages it takes is the platform's business. Keyed
  // as part 1, by the channel's name, as before channel keys and rows of data: a row queued
  // then is not queued again.
  return [
    {
      dedupeKey: `digest:${slot.period}:1:${channel}`,
      recipient: channelKeys.digest,
      kind: jobKinds.digest,
      params: postOf(slot),
      nextAttemptAt: deliverableFrom(svc, now),
    },
  ];
}

/** Who gets the report: the report channel (its key), the CEO and each director, each once. */
export function reportRecipients(org: Org): string[] {
  const directors = [...org.departments.values()].map((d) => d.director);
  return [
    ...new Set([...(org.report === null ? [] : [channelKeys.report]), org.ceo, ...directors]),
  ];
}

async function reportMessages(svc: Services, slot: JobSlot, now: number): Promise<QueuedMessage[]> {
  const quarter = quarterNamed(slot.period, svc.calendar.zone);
  if (quarter === null) throw new Error(`report period is no quarter: ${slot.period}`);
  // Which files there are depends on the quarter's departments: the report is read once here.
  const files = reportFileSpecs(await loadQuarterlyReport(svc, quarter));
  const queued: QueuedMessage[] = [];
  for (const recipient of reportRecipients(svc.org)) {
    // Keyed by the channel's name as before channel keys: a row queued then is not queued again.
    const named = channelOfKey(svc.org, recipient) ?? recipient;
    const messageKey = `report:${slot.period}:message:1:${named}`;
    queued.push({
      dedupeKey: messageKey,
      recipient,
      kind: jobKinds.report,
      params: postOf(slot),
      nextAttemptAt: deliverableFrom(svc, now),
    });
    // After the message: the same round delivers it first, and the files follow it.
    queued.push({
      dedupeKey: `report:${slot.period}:files:${named}`,
      recipient,
      kind: jobKinds.reportFiles,
      params: { quarter: slot.period, files, messageKey },
      nextAttemptAt: deliverableFrom(svc, now),
    });
  }
  return queued;
}

function postOf(slot: JobSlot): Record<string, unknown> & JobPost {
  return { job: slot.job, period: slot.period, late: slot.late };
}
