/**
 * The quarterly report the seed asks for ("a final de cada trimestre… todas las acciones
 * realizadas y las pendientes de hacer"), derived from each bomb's timeline. Every bomb is
 * replayed up to the quarter's end, so the figures of a past quarter never change however the
 * bombs moved since; each bomb counts in the department that held it at the quarter's end.
 *
 * Definitions (events count when their instant falls inside [start, end)):
 * - opened: bombs opened; closed: verified and closed; defused: defused after being opened;
 * - pending: opened bombs still open (pending, accepted or resolved) at the quarter's end;
 * - median time to accept: working hours from opening to first acceptance, for acceptances
 *   in the quarter;
 * - commitments on time / late: bombs whose standing resolution at the quarter's end was made
 *   in the quarter under a committed date, by whether its local date was on or before that date;
 *   overdue: accepted bombs whose committed date had passed, unresolved, at the quarter's end;
 * - rungs: escalations of unanswered bombs; visits: resolutions (each records a visit);
 * - satisfied / unsatisfied: closures by the customer's verdict.
 * Reports that were never opened (triage, dismissed) are no bombs and are left out.
 *
 * Who held a bomb is never worked out here: each timeline row records who had to act right after
 * it, as the core decided (`bomb_events.holder`), and "held by" is the last of those before the
 * quarter's end. A second reading of the rules (reassignments, reopenings, people who left)
 * would drift from the core's.
 */
import * as z from "zod";
import type { Bomb, BombState, Satisfaction, Severity, Source } from "../core/bomb.ts";
import type { WorkCalendar } from "../core/calendar.ts";
import type { Org, PersonId } from "../core/org.ts";
import type { Quarter } from "../core/quarter.ts";
import type { ReportFigure } from "../i18n/catalog.ts";

/** One timeline entry as stored; `data` is checked here. */
export interface ReportEvent {
  bombId: number;
  at: number;
  actor: PersonId | null;
  kind: string;
  data: unknown;
  /** Who had to act right after it, as the core decided; null for notes that change nothing. */
  holder: PersonId | null;
}

/** The figures of one department, or of all of them. */
export type Figures = Record<Exclude<ReportFigure, "medianAccept">, number> & {
  /** Median working hours from opening to acceptance; null when nothing was accepted. */
  medianAccept: number | null;
  /** How many acceptances the median is taken over. */
  accepted: number;
};

/** The figures in the order they are shown. */
export const figureOrder: readonly ReportFigure[] = [
  "opened",
  "closed",
  "defused",
  "pending",
  "medianAccept",
  "onTime",
  "late",
  "overdue",
  "rungs",
  "visits",
  "satisfied",
  "unsatisfied",
];

/** How a commitment ended up: kept, kept late, or still unkept past its date. */
export type Kept = "onTime" | "late" | "overdue";

/** One bomb as it stood at the quarter's end: a row of the CSV. */
export interface ReportBomb {
  id: number;
  departmentId: string;
  customer: string;
  contact: string;
  complaint: string;
  source: Source;
  openedAt: number;
  state: BombState;
  /** Who had to act at the quarter's end: the holder while pending, the owner once accepted. */
  heldBy: PersonId | null;
  /** Rungs climbed up to the quarter's end, and inside the quarter. */
  rungs: number;
  rungsInQuarter: number;
  forwards: number;
  acceptedAt: number | null;
  acceptedBy: PersonId | null;
  /** Working hours from opening to first acceptance. */
  hoursToAccept: number | null;
  severity: Severity | null;
  committedDate: string | null;
  plan: string | null;
  resolvedAt: number | null;
  resolvedBy: PersonId | null;
  visitedOn: string | null;
  visitedBy: PersonId | null;
  solution: string | null;
  kept: Kept | null;
  closedAt: number | null;
  satisfaction: Satisfaction | null;
  defusedAt: number | null;
  defuseReason: string | null;
  /** Visits (resolutions) recorded inside the quarter. */
  visitsInQuarter: number;
}

/** One line of the action lists. */
export interface ReportAction {
  bombId: number;
  departmentId: string;
  customer: string;
  state: BombState;
  /** Done: the solution or why it was defused; pending: the plan, when there is one. */
  text: string | null;
  /** Done: who resolved or defused it; pending: who has to act. */
  who: PersonId | null;
  /** Done: when; pending: the committed date, when there is one. */
  at: number | null;
  committedDate: string | null;
  visitedOn: string | null;
  visitedBy: PersonId | null;
  overdue: boolean;
}

/** A department's share of the report. */
export interface ReportDepartment {
  id: string;
  name: string;
  figures: Figures;
  done: ReportAction[];
  pending: ReportAction[];
}

/** The whole quarterly report. */
export interface QuarterlyReport {
  quarter: Quarter;
  company: string;
  overall: Figures;
  /** The org's departments in file order (any it no longer has last), empty ones included. */
  departments: ReportDepartment[];
  /** Every bomb that was open at some point in the quarter, by id. */
  bombs: ReportBomb[];
}

const HOUR = 3_600_000;

/** Computes the report of `quarter` from bombs and their timelines. Pure. */
export function quarterlyReport(
  quarter: Quarter,
  list: readonly Bomb[],
  events: readonly ReportEvent[],
  org: Org,
  calendar: WorkCalendar,
): QuarterlyReport {
  const byBomb = new Map<number, ReportEvent[]>();
  for (const e of events) {
    const own = byBomb.get(e.bombId) ?? [];
    own.push(e);
    byBomb.set(e.bombId, own);
  }
  const rows: ReportBomb[] = [];
  for (const bomb of [...list].sort((a, b) => a.id - b.id)) {
    const row = replay(bomb, byBomb.get(bomb.id) ?? [], quarter, calendar);
    if (row === null) continue;
    rows.push(row);
  }
  const ids = [...org.departments.keys()];
  const extra = [...new Set(rows.map((r) => r.departmentId))].filter(
    (id) => !org.departments.has(id),
  );
  const departments = [...ids, ...extra.sort()].map((id) => {
    const own = rows.filter((r) => r.departmentId === id);
    return {
      id,
      name: org.departments.get(id)?.name ?? id,
      figures: figuresOf(own, quarter),
      done: own.filter((r) => isDone(r, quarter)).map((r) => actionOf(r, "done")),
      pending: own
        .filter((r) => isOpenState(r.state) && !isDone(r, quarter))
        .map((r) => actionOf(r, "pending")),
    };
  });
  return {
    quarter,
    company: org.company,
    overall: figuresOf(rows, quarter),
    departments,
    bombs: rows,
  };
}

// What the timeline's JSON column holds for the events the report reads; extra keys ignored.
const eventData = z
  .object({
    department: z.string(),
    owner: z.string(),
    severity: z.enum(["minor", "major"]),
    dueDate: z.string(),
    plan: z.string(),
    visitedOn: z.string(),
    visitedBy: z.string(),
    solution: z.string(),
    satisfaction: z.enum(["satisfied", "unsatisfied"]),
    reason: z.string(),
  })
  .partial();

interface State {
  state: BombState;
  department: string | null;
  openedAt: number | null;
  commitment: { severity: Severity; dueDate: string; plan: string | null } | null;
  resolution: {
    at: number;
    by: PersonId | null;
    visitedOn: string | null;
    visitedBy: PersonId | null;
    solution: string | null;
    dueDate: string | null;
  } | null;
}

/** Replays a bomb's timeline up to the quarter's end; null when it is not part of the quarter. */
function replay(
  bomb: Bomb,
  timeline: readonly ReportEvent[],
  quarter: Quarter,
  calendar: WorkCalendar,
): ReportBomb | null {
  const inQuarter = (at: number) => at >= quarter.start && at < quarter.end;
  const s: State = {
    state: "triage",
    department: null,
    openedAt: null,
    commitment: null,
    resolution: null,
  };
  let rungs = 0;
  let rungsInQuarter = 0;
  let forwards = 0;
  let visitsInQuarter = 0;
  let acceptedAt: number | null = null;
  let acceptedBy: PersonId | null = null;
  let closed: { at: number; satisfaction: Satisfaction | null } | null = null;
  let defused: { at: number; reason: string | null; by: PersonId | null } | null = null;
  // Rows of events that change nothing (a delivery that failed…) carry no holder.
  let holder: PersonId | null = null;
  for (const e of timeline) {
    if (e.at >= quarter.end) break;
    if (e.holder !== null) holder = e.holder;
    const parsed = eventData.safeParse(e.data);
    const d = parsed.success ? parsed.data : {};
    switch (e.kind) {
      case "opened":
        s.state = "pending";
        s.department = d.department ?? s.department;
        s.openedAt = e.at;
        break;
      case "dismissed":
        s.state = "dismissed";
        break;
      case "escalated":
        rungs += 1;
        if (inQuarter(e.at)) rungsInQuarter += 1;
        break;
      case "forwarded":
        s.department = d.department ?? s.department;
        forwards += 1;
        break;
      case "accepted":
        s.state = "accepted";
        s.commitment = {
          severity: d.severity ?? "minor",
          dueDate: d.dueDate ?? "",
          plan: d.plan ?? null,
        };
        if (acceptedAt === null) {
          acceptedAt = e.at;
          acceptedBy = d.owner ?? e.actor;
        }
        break;
      case "resolved":
        s.state = "resolved";
        s.resolution = {
          at: e.at,
          by: e.actor,
          visitedOn: d.visitedOn ?? null,
          visitedBy: d.visitedBy ?? null,
          solution: d.solution ?? null,
          dueDate: s.commitment?.dueDate ?? null,
        };
        if (inQuarter(e.at)) visitsInQuarter += 1;
        break;
      case "reopened":
        s.state = "accepted";
        s.commitment = {
          severity: s.commitment?.severity ?? "minor",
          dueDate: d.dueDate ?? "",
          plan: s.commitment?.plan ?? null,
        };
        s.resolution = null;
        break;
      case "closed":
        s.state = "closed";
        closed = { at: e.at, satisfaction: d.satisfaction ?? null };
        break;
      case "defused":
        s.state = "defused";
        defused = { at: e.at, reason: d.reason ?? null, by: e.actor };
        break;
      default:
        break;
    }
  }
  if (s.openedAt === null || s.department === null) return null;
  const finishedAt = closed?.at ?? defused?.at ?? null;
  if (finishedAt !== null && finishedAt < quarter.start) return null;
  const resolution = s.resolution;
  const dueAt = s.commitment?.dueDate ? calendar.endOfDate(s.commitment.dueDate) : null;
  let kept: Kept | null = null;
  if (resolution !== null && inQuarter(resolution.at) && resolution.dueDate) {
    kept = calendar.localDate(resolution.at) <= resolution.dueDate ? "onTime" : "late";
  } else if (s.state === "accepted" && dueAt !== null && dueAt < quarter.end) {
    kept = "overdue";
  }
  return {
    id: bomb.id,
    departmentId: s.department,
    customer: bomb.customer,
    contact: bomb.contact,
    complaint: bomb.complaint,
    source: bomb.source,
    openedAt: s.openedAt,
    state: s.state,
    heldBy: s.state === "pending" || s.state === "accepted" ? holder : null,
    rungs,
    rungsInQuarter,
    forwards,
    acceptedAt,
    acceptedBy,
    hoursToAccept:
      acceptedAt === null ? null : calendar.workingMillisBetween(s.openedAt, acceptedAt) / HOUR,
    severity: s.commitment?.severity ?? null,
    committedDate: s.commitment?.dueDate || null,
    plan: s.commitment?.plan ?? null,
    resolvedAt: resolution?.at ?? null,
    resolvedBy: resolution?.by ?? null,
    visitedOn: resolution?.visitedOn ?? null,
    visitedBy: resolution?.visitedBy ?? null,
    solution: resolution?.solution ?? null,
    kept,
    closedAt: closed?.at ?? null,
    satisfaction: closed?.satisfaction ?? null,
    defusedAt: defused?.at ?? null,
    defuseReason: defused?.reason ?? null,
    visitsInQuarter,
  };
}

function isOpenState(state: BombState): boolean {
  return state === "pending" || state === "accepted" || state === "resolved";
}

/** Something was finished in the quarter: a resolution (with its visit), a closure, a defusal. */
function isDone(row: ReportBomb, quarter: Quarter): boolean {
  const inQuarter = (at: number | null) => at !== null && at >= quarter.start && at < quarter.end;
  return inQuarter(row.resolvedAt) || inQuarter(row.closedAt) || inQuarter(row.defusedAt);
}

function actionOf(row: ReportBomb, kind: "done" | "pending"): ReportAction {
  const common = {
    bombId: row.id,
    departmentId: row.departmentId,
    customer: row.customer,
    state: row.state,
    committedDate: row.committedDate,
    visitedOn: row.visitedOn,
    visitedBy: row.visitedBy,
    overdue: row.kept === "overdue",
  };
  if (kind === "done") {
    const defused = row.state === "defused";
    return {
      ...common,
      text: defused ? row.defuseReason : row.solution,
      who: defused ? null : row.resolvedBy,
      at: defused ? row.defusedAt : (row.resolvedAt ?? row.closedAt),
    };
  }
  return { ...common, text: row.plan, who: row.heldBy, at: null };
}

function hoursInQuarter(rows: readonly ReportBomb[], quarter: Quarter): number[] {
  return rows
    .filter(
      (r) => r.acceptedAt !== null && r.acceptedAt >= quarter.start && r.acceptedAt < quarter.end,
    )
    .map((r) => r.hoursToAccept ?? 0);
}

function figuresOf(rows: readonly ReportBomb[], quarter: Quarter): Figures {
  const inQuarter = (at: number | null) => at !== null && at >= quarter.start && at < quarter.end;
  const count = (test: (r: ReportBomb) => boolean) => rows.filter(test).length;
  const hours = hoursInQuarter(rows, quarter);
  return {
    opened: count((r) => inQuarter(r.openedAt)),
    closed: count((r) => inQuarter(r.closedAt)),
    defused: count((r) => inQuarter(r.defusedAt)),
    pending: count((r) => isOpenState(r.state)),
    medianAccept: median(hours),
    accepted: hours.length,
    onTime: count((r) => r.kept === "onTime"),
    late: count((r) => r.kept === "late"),
    overdue: count((r) => r.kept === "overdue"),
    rungs: rows.reduce((n, r) => n + r.rungsInQuarter, 0),
    visits: rows.reduce((n, r) => n + r.visitsInQuarter, 0),
    satisfied: count((r) => inQuarter(r.closedAt) && r.satisfaction === "satisfied"),
    unsatisfied: count((r) => inQuarter(r.closedAt) && r.satisfaction === "unsatisfied"),
  };
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}
