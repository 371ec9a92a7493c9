/**
 * How the quarterly report words its values, shared by the CSV, the terminal and Slack: local
 * times in the org's zone, people by name, hours with one decimal, actions as one line each.
 */
import { DateTime } from "luxon";
import { displayName, type Locale, type Org, type PersonId } from "../core/org.ts";
import { type Catalog, catalog, type ReportFigure } from "../i18n/catalog.ts";
import type { Figures, QuarterlyReport, ReportAction } from "./quarterly-report.ts";

const customerMax = 150;

/** An instant as "YYYY-MM-DD HH:mm" in the org's zone: sortable, and any spreadsheet reads it. */
export function localDateTime(org: Org, at: number): string {
  return DateTime.fromMillis(at, { zone: org.calendar.timezone }).toFormat("yyyy-MM-dd HH:mm");
}

/** A local date ("YYYY-MM-DD") worded in the locale's own style, with the year: "1 oct 2026", "Oct 1, 2026". */
export function longDate(locale: Locale, isoDate: string): string {
  const date = DateTime.fromISO(isoDate, { zone: "utc" });
  return date.isValid ? date.setLocale(locale).toLocaleString(DateTime.DATE_MED) : isoDate;
}

/** A person's name as the org file gives it, else a visitor's address, else the id as stored. */
export function nameOf(org: Org, person: PersonId | null): string {
  if (person === null) return "";
  return displayName(org, person);
}

/** Working hours with at most one decimal in the locale's notation ("5,5" in Spanish). */
export function hoursNumber(locale: Locale, hours: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(hours);
}

/** One figure as text: counts as they are, the median as hours, "—" when there is none. */
export function figureText(locale: Locale, figures: Figures, key: ReportFigure): string {
  const words = catalog(locale).reports.report;
  if (key !== "medianAccept") return String(figures[key]);
  const hours = figures.medianAccept;
  return hours === null ? words.none : words.hours({ hours: hoursNumber(locale, hours) });
}

/** The report's title and its subtitle (company and dates), in the org's language. */
export function reportHeading(
  report: QuarterlyReport,
  locale: Locale,
): { title: string; subtitle: string } {
  const words = catalog(locale).reports.report;
  return {
    title: words.title({ quarter: report.quarter.id }),
    subtitle: words.subtitle({
      company: report.company,
      from: longDate(locale, report.quarter.firstDate),
      to: longDate(locale, report.quarter.lastDate),
    }),
  };
}

/**
 * An action as one plain line: "#12 · Cliente — cerrada · solución · visita el … (Nacho)"
 * for what was done; "#13 · Cliente — aceptada · la tiene … · solución comprometida … · plan"
 * for what is pending. Free texts are collapsed onto one line.
 */
export function actionLine(org: Org, action: ReportAction): string {
  const words: Catalog = catalog(org.locale);
  const r = words.reports.report;
  const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
  // A long name must not push the facts out of a line that gets cut.
  const customer = Array.from(oneLine(action.customer));
  const name =
    customer.length > customerMax
      ? `${customer.slice(0, customerMax - 1).join("")}…`
      : customer.join("");
  const parts = [`#${action.bombId} · ${name} — ${words.states[action.state]}`];
  const done = action.at !== null;
  if (!done && action.who !== null) parts.push(r.heldBy({ person: nameOf(org, action.who) }));
  if (!done && action.committedDate !== null) {
    const committed = r.committed({ date: action.committedDate });
    parts.push(action.overdue ? `${committed} (${r.kept.overdue})` : committed);
  }
  if (action.text !== null && action.text.trim() !== "") parts.push(oneLine(action.text));
  if (done && action.visitedOn !== null) {
    const person = nameOf(org, action.visitedBy);
    parts.push(r.visit({ date: action.visitedOn, person }));
  }
  if (done && action.at !== null) {
    const by = action.who === null ? "" : `${nameOf(org, action.who)}, `;
    parts.push(`${by}${localDateTime(org, action.at)}`);
  }
  return parts.join(" · ");
}
