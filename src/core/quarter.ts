/**
 * Calendar quarters in the org's zone: "2026-Q4" as text, as local dates and as the half-open
 * span of instants [start, end) that a quarterly report counts. Pure.
 */
import { DateTime } from "luxon";

/** A quarter and its bounds in one zone. */
export interface Quarter {
  /** "2026-Q4". */
  id: string;
  year: number;
  /** 1 to 4. */
  number: number;
  /** Local midnight of its first day, UTC epoch milliseconds (inclusive). */
  start: number;
  /** Local midnight of the next quarter's first day (exclusive). */
  end: number;
  /** Its first and last local dates, "YYYY-MM-DD". */
  firstDate: string;
  lastDate: string;
}

/**
 * Reads a quarter as people write it: "2026-Q4", "2026Q4", "Q4-2026", any case. Null when the
 * text is no quarter.
 */
export function parseQuarterId(text: string): { year: number; number: number } | null {
  const trimmed = text.trim();
  const yearFirst = /^(\d{4})-?q([1-4])$/i.exec(trimmed);
  const quarterFirst = /^q([1-4])-?(\d{4})$/i.exec(trimmed);
  if (yearFirst !== null) return { year: Number(yearFirst[1]), number: Number(yearFirst[2]) };
  if (quarterFirst !== null) {
    return { year: Number(quarterFirst[2]), number: Number(quarterFirst[1]) };
  }
  return null;
}

/** The quarter `year`-Q`number` with its bounds in `zone`. */
export function quarterOfYear(year: number, number: number, zone: string): Quarter {
  const first = DateTime.fromObject({ year, month: (number - 1) * 3 + 1, day: 1 }, { zone });
  const next = first.plus({ months: 3 });
  return {
    id: `${year}-Q${number}`,
    year,
    number,
    start: first.toMillis(),
    end: next.toMillis(),
    firstDate: first.toISODate() ?? "",
    lastDate: next.minus({ days: 1 }).toISODate() ?? "",
  };
}

/** The quarter named by `text` in `zone`, or null when the text is no quarter. */
export function quarterNamed(text: string, zone: string): Quarter | null {
  const parsed = parseQuarterId(text);
  return parsed === null ? null : quarterOfYear(parsed.year, parsed.number, zone);
}

/** The quarter an instant falls in, in `zone`. */
export function quarterAt(at: number, zone: string): Quarter {
  const local = DateTime.fromMillis(at, { zone });
  return quarterOfYear(local.year, Math.ceil(local.month / 3), zone);
}

/** The quarter before this one. */
export function previousQuarter(quarter: Quarter, zone: string): Quarter {
  return quarter.number === 1
    ? quarterOfYear(quarter.year - 1, 4, zone)
    : quarterOfYear(quarter.year, quarter.number - 1, zone);
}

/** The last quarter that ended at or before `at`: what a report asked for without one is about. */
export function quarterJustEnded(at: number, zone: string): Quarter {
  return previousQuarter(quarterAt(at, zone), zone);
}
