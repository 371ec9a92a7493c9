/**
 * What a job's row says, loaded at delivery: the digest of the bombs as they stand then, under
 * the date of the day it stands for, or the figures of the quarter named. The row holds only
 * which job, which period and whether it is late (`JobPost`); the adapter renders the content.
 */
import { z } from "zod";
import type { ChatContent } from "../chat/port.ts";
import { quarterNamed } from "../core/quarter.ts";
import type { QuarterlyReport } from "../report/quarterly-report.ts";
import { loadDigest } from "./digest.ts";
import type { JobPost } from "./jobs.ts";
import { loadQuarterlyReport } from "./quarterly-report.ts";
import type { Services } from "./services.ts";

/** A job row's params as queued (`jobs.ts`); anything else is no job post. */
export const jobPost = z.object({
  job: z.enum(["digest", "report"]),
  period: z.string().min(1),
  late: z.boolean(),
});

/** The job post in `params`, or null when they hold none (a row from before, or damaged). */
export function jobPostOf(params: unknown): JobPost | null {
  const parsed = jobPost.safeParse(params);
  return parsed.success ? parsed.data : null;
}

// A report goes to the channel, the CEO and every director in one round: read the quarter once.
const reportCacheMs = 10 * 60_000;

/** Loads the content of job posts, keeping a quarter's report for a while (it no longer changes). */
export function jobContentLoader(svc: () => Services, now: () => number) {
  let cached: { quarter: string; at: number; report: QuarterlyReport } | null = null;

  /** The quarter's report, read again after `reportCacheMs`. */
  async function report(period: string): Promise<QuarterlyReport | null> {
    const at = now();
    if (cached !== null && cached.quarter === period && at - cached.at <= reportCacheMs) {
      return cached.report;
    }
    const quarter = quarterNamed(period, svc().calendar.zone);
    if (quarter === null) return null;
    cached = { quarter: period, at, report: await loadQuarterlyReport(svc(), quarter) };
    return cached.report;
  }

  return {
    report,
    /** The content of `post`, or null when its period is none (a damaged row). */
    async content(post: JobPost): Promise<ChatContent | null> {
      if (post.job === "report") {
        const figures = await report(post.period);
        return figures === null ? null : { type: "report", report: figures, late: post.late };
      }
      if (!/^\d{4}-\d{2}-\d{2}$/.test(post.period)) return null;
      const digest = { ...(await loadDigest(svc(), now())), date: post.period };
      return { type: "digest", digest, late: post.late };
    },
  };
}

/** Loads job posts' content (see `jobContentLoader`). */
export type JobContentLoader = ReturnType<typeof jobContentLoader>;
