/**
 * The daily digest as data: every bomb still waiting for someone (pending or accepted), grouped
 * by department, most urgent first. Pure given the bombs (whole, or cut to the digest's rows as
 * the store reads them), the org, its calendar and now; the chat views (`chat/views/digest.ts`)
 * and each platform's renderer only word it.
 */
import type { Bomb, DigestRow, digestStates } from "../core/bomb.ts";
import type { WorkCalendar } from "../core/calendar.ts";
import { type Org, type PersonId, unique } from "../core/org.ts";

/** One bomb in the digest. */
export interface DigestEntry {
  id: number;
  customer: string;
  state: (typeof digestStates)[number];
  /** Who must act now: the holder while pending, the owner once accepted. */
  holder: PersonId;
  /**
   * How far it went: the people it climbed through up to its holder ("link → … → holder");
   * once accepted, then the owner and whoever an overdue commitment reached.
   */
  path: PersonId[];
  /** The deadline that matters now: the answer window, or the committed date. */
  dueAt: number;
  /** Working days from now to the deadline (`workingDaysBetween`); negative once overdue. */
  workingDaysLeft: number;
  overdue: boolean;
  forwards: number;
}

/** One department's part of the digest. */
export interface DigestDepartment {
  id: string;
  /** The org's name for it, or its id when the org no longer has it. */
  name: string;
  entries: DigestEntry[];
  overdue: number;
}

/** Everything a digest says. */
export interface DigestData {
  /** The instant it describes. */
  at: number;
  /** Its local date in the org's zone, "YYYY-MM-DD". */
  date: string;
  total: number;
  overdue: number;
  /** Departments in the org file's order (any the org no longer has last); empty ones left out. */
  departments: DigestDepartment[];
}

/** Builds the digest of `list` (bombs other than pending or accepted are ignored) as of `now`. */
export function digestOf(
  list: readonly (Bomb | DigestRow)[],
  org: Org,
  calendar: WorkCalendar,
  now: number,
): DigestData {
  const byDepartment = new Map<string, DigestEntry[]>();
  // Working days between two instants depend on their local dates only, and thousands of bombs
  // share a few dozen due dates: count each date once.
  const daysTo = new Map<string, number>();
  const workingDaysTo = (at: number) => {
    const date = calendar.localDate(at);
    let days = daysTo.get(date);
    if (days === undefined) {
      days = calendar.workingDaysBetween(now, at);
      daysTo.set(date, days);
    }
    return days;
  };
  for (const bomb of list) {
    if (bomb.state !== "pending" && bomb.state !== "accepted") continue;
    const department = bomb.assignment.departmentId;
    const entries = byDepartment.get(department) ?? [];
    entries.push(entryOf(bomb, workingDaysTo, now));
    byDepartment.set(department, entries);
  }
  const known = [...org.departments.keys()];
  const unknown = [...byDepartment.keys()].filter((id) => !org.departments.has(id)).sort();
  const departments: DigestDepartment[] = [];
  for (const id of [...known, ...unknown]) {
    const entries = byDepartment.get(id);
    if (entries === undefined) continue;
    // Earliest deadline first: what is overdue comes first, the most overdue at the top.
    entries.sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
    const name = org.departments.get(id)?.name ?? id;
    departments.push({ id, name, entries, overdue: entries.filter((e) => e.overdue).length });
  }
  return {
    at: now,
    date: calendar.localDate(now),
    total: departments.reduce((n, d) => n + d.entries.length, 0),
    overdue: departments.reduce((n, d) => n + d.overdue, 0),
    departments,
  };
}

function entryOf(bomb: DigestRow, workingDaysTo: (at: number) => number, now: number): DigestEntry {
  const { holder, passedThrough } = bomb.assignment;
  const climbed = [...passedThrough, holder];
  const dueAt = bomb.state === "pending" ? bomb.assignment.answerDueAt : bomb.commitment.dueAt;
  const path =
    bomb.state === "pending"
      ? climbed
      : unique([...climbed, bomb.commitment.owner, ...bomb.commitment.overdueReached]);
  return {
    id: bomb.id,
    customer: bomb.customer,
    state: bomb.state,
    holder: bomb.state === "pending" ? holder : bomb.commitment.owner,
    path,
    dueAt,
    workingDaysLeft: workingDaysTo(dueAt),
    overdue: dueAt < now,
    forwards: bomb.forwards,
  };
}
