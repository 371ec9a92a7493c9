/**
 * What a job's row says, loaded at delivery: the digest of the bombs as they stand then, under
 * the date of the day it stands for, the figures of the quarter named, or that quarter's files.
 * The row holds only which job, which period and whether it is late (`JobPost`); the adapter
 * renders the content.
 */
import * as z from "zod";
import type { ChatContent } from "../chat/port.ts";
import { quarterNamed } from "../core/quarter.ts";
import {
  type ReportFile,
  type ReportFileSpec,
  renderReportFile,
  reportFileSpec,
} from "../report/files.ts";
import type { QuarterlyReport } from "../report/quarterly-report.ts";
import { partOf } from "../store/outbox-keys.ts";
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

/**
 * A row queued before rows held data: one part of a digest or report as rendered then, with
 * which job, period and part it was. It is rendered again from that data at delivery.
 */
const renderedPost = z.object({ text: z.string(), blocks: z.array(z.unknown()) });

/** A report files row's params: the quarter, which files, and the message they go beside. */
export const filesParams = z.object({
  quarter: z.string(),
  files: z.array(reportFileSpec).min(1),
  messageKey: z.string().min(1),
});

/** The job post in `params`, or null when they hold none (a damaged row). */
export function jobPostOf(params: unknown): (JobPost & { part?: number }) | null {
  const parsed = jobPost.safeParse(params);
  if (!parsed.success) return null;
  // One part of a content split at queue time: only that part is sent again.
  return renderedPost.safeParse(params).success
    ? { ...parsed.data, part: partOf(params) }
    : parsed.data;
}

// A report goes to the channel, the CEO and every director in one round: read the quarter once,
// and draw its charts once.
const reportCacheMs = 10 * 60_000;

/** Loads the content of job rows, keeping a quarter's report and files for a while. */
export function jobContentLoader(svc: () => Services, now: () => number) {
  let cached: {
    quarter: string;
    at: number;
    report: QuarterlyReport;
    files: Map<string, ReportFile>;
  } | null = null;

  /** The quarter's report, read again after `reportCacheMs`; null for no quarter. */
  async function report(period: string) {
    const at = now();
    if (cached !== null && cached.quarter === period && at - cached.at <= reportCacheMs) {
      return cached;
    }
    const quarter = quarterNamed(period, svc().calendar.zone);
    if (quarter === null) return null;
    const figures = await loadQuarterlyReport(svc(), quarter);
    cached = { quarter: period, at, report: figures, files: new Map() };
    return cached;
  }

  return {
    /** The quarter's report figures, or null when `period` names no quarter. */
    async report(period: string): Promise<QuarterlyReport | null> {
      return (await report(period))?.report ?? null;
    },

    /** The content of `post`, or null when its period is none (a damaged row). */
    async content(post: JobPost & { part?: number }): Promise<ChatContent | null> {
      const part = post.part === undefined ? {} : { part: post.part };
      if (post.job === "report") {
        const figures = (await report(post.period))?.report;
        if (figures === undefined) return null;
        return { type: "report", report: figures, late: post.late, ...part };
      }
      if (!/^\d{4}-\d{2}-\d{2}$/.test(post.period)) return null;
      const digest = { ...(await loadDigest(svc(), now())), date: post.period };
      return { type: "digest", digest, late: post.late, ...part };
    },

    /** One file of a quarter's report (drawn once a while); null when `period` is no quarter. */
    async file(period: string, spec: ReportFileSpec): Promise<ReportFile | null> {
      const quarter = await report(period);
      if (quarter === null) return null;
      const key = JSON.stringify(spec);
      let file = quarter.files.get(key);
      if (file === undefined) {
        file = await renderReportFile(quarter.report, spec, svc().org);
        quarter.files.set(key, file);
      }
      return file;
    },

    /** The files a files row names, drawn from its quarter's report; null for no quarter. */
    async files(params: z.infer<typeof filesParams>): Promise<ReportFile[] | null> {
      const quarter = await report(params.quarter);
      if (quarter === null) return null;
      const out: ReportFile[] = [];
      for (const spec of params.files) {
        const key = JSON.stringify(spec);
        let file = quarter.files.get(key);
        if (file === undefined) {
          file = await renderReportFile(quarter.report, spec, svc().org);
          quarter.files.set(key, file);
        }
        out.push(file);
      }
      return out;
    },
  };
}

/** Loads job rows' content (see `jobContentLoader`). */
export type JobContentLoader = ReturnType<typeof jobContentLoader>;
