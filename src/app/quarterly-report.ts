/** The quarterly report of a quarter, from what the store holds (the figures: src/report). */

import type { Quarter } from "../core/quarter.ts";
import { type QuarterlyReport, quarterlyReport } from "../report/quarterly-report.ts";
import type { Services } from "./services.ts";

/** Reads what the report of `quarter` needs from the store and computes it. */
export async function loadQuarterlyReport(
  svc: Services,
  quarter: Quarter,
): Promise<QuarterlyReport> {
  const { bombs, events } = await svc.store.quarterData(quarter);
  return quarterlyReport(quarter, bombs, events, svc.org, svc.calendar);
}
