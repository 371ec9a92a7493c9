/**
 * The daily digest and the quarterly report as Adaptive Cards for a Teams channel (the report
 * also for the CEO's and directors' chats). Each is as many cards as it needs, every one under
 * the size limit, with the title (and "(2/3)") repeated: never refused for size. Pure.
 */
import { digestDepartmentName, digestEntryText } from "../../chat/views/digest.ts";
import { cutText } from "../../chat/views/text.ts";
import { catalog } from "../../i18n/catalog.ts";
import { formatIsoDate } from "../../i18n/fill.ts";
import type { DigestData } from "../../report/digest.ts";
import { actionLine, figureText, reportHeading } from "../../report/format.ts";
import { figureOrder, type QuarterlyReport } from "../../report/quarterly-report.ts";
import {
  type AdaptiveCard,
  adaptiveCard,
  CARD_BYTE_LIMIT,
  type CardElement,
  jsonBytes,
  textBlock,
} from "./adaptive.ts";
import { FALLBACK_MAX } from "./bomb-card.ts";
import { type CardContext, viewContextOf } from "./context.ts";
import { escapeTeamsMarkdown, paragraphs } from "./markup.ts";

/** Lines of a list put in one TextBlock (a department's bombs, a report's actions). */
const LINES_PER_BLOCK = 15;
/** Action lines the report shows per list before "… and N more in the CSV" (as on Slack). */
export const REPORT_ACTIONS_SHOWN = 25;
const ACTION_LINE_MAX = 400;

/** The catalog's Slack-style `*bold*` in a catalog line, as Teams Markdown's `**bold**`. */
function teamsBold(line: string): string {
  return line.replace(/(^|[^\\*])\*([^*]+?)\*(?!\*)/g, "$1**$2**");
}

/** A few elements kept together; `carry` (a list's heading) opens it only atop a new card. */
export interface CardSection {
  body: CardElement[];
  carry?: CardElement;
}

/**
 * Packs sections into cards under the size limit, each card headed by `title(part, parts)`;
 * `first` opens the first card, `last` closes the last.
 */
export function packCards(
  title: (part: number, parts: number) => string,
  fallback: (heading: string) => string,
  first: CardElement[],
  sections: CardSection[],
  last: CardElement[],
  limit: number = CARD_BYTE_LIMIT,
): AdaptiveCard[] {
  // The title's length barely changes with the part number; measure with a generous one.
  const widest = title(99, 99);
  const build = (heading: string, body: CardElement[]) =>
    adaptiveCard(cutText(fallback(heading), FALLBACK_MAX), [
      textBlock(escapeTeamsMarkdown(heading), { size: "medium", weight: "bolder" }),
      ...body,
    ]);
  const pages: CardElement[][] = [[...first]];
  for (const section of sections) {
    const page = pages[pages.length - 1] ?? [];
    const fits = jsonBytes(build(widest, [...page, ...section.body, ...last])) <= limit;
    if (fits || page.length === 0) page.push(...section.body);
    else
      pages.push(
        section.carry === undefined ? [...section.body] : [section.carry, ...section.body],
      );
  }
  pages[pages.length - 1]?.push(...last);
  return pages.map((body, i) => build(title(i + 1, pages.length), body));
}

/** A list under its heading, as sections of `LINES_PER_BLOCK` lines joined by `join`. */
function listSections(heading: CardElement, lines: string[], join: string): CardSection[] {
  const sections: CardSection[] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_BLOCK) {
    const block = textBlock(lines.slice(i, i + LINES_PER_BLOCK).join(join));
    sections.push(i === 0 ? { body: [heading, block] } : { body: [block], carry: heading });
  }
  return sections.length > 0 ? sections : [{ body: [heading] }];
}

/** The digest's cards. People appear by name, never as mentions (a daily ping teaches muting). */
export function buildDigestCards(
  data: DigestData,
  ctx: CardContext,
  late: boolean,
  limit: number = CARD_BYTE_LIMIT,
): AdaptiveCard[] {
  const at = { ...ctx, now: data.at };
  const view = viewContextOf(at);
  const words = catalog(ctx.org.locale).reports.digest;
  const summary = words.summary({ total: data.total, overdue: data.overdue });
  const base =
    words.title({ date: formatIsoDate(view, data.date) }) + (late ? ` ${words.late}` : "");
  const sections: CardSection[] = [];
  if (data.departments.length === 0) {
    sections.push({ body: [textBlock(escapeTeamsMarkdown(words.empty))] });
  }
  for (const department of data.departments) {
    const heading = textBlock(
      teamsBold(
        words.department({
          name: escapeTeamsMarkdown(digestDepartmentName(department.name)),
          count: department.entries.length,
          overdue: department.overdue,
        }),
      ),
      { separator: true },
    );
    const lines = department.entries.map((entry) => paragraphs(digestEntryText(entry, view)));
    // A department carried over to the next card repeats its heading.
    sections.push(...listSections(heading, lines, "\n\n"));
  }
  return packCards(
    (part, parts) => (parts > 1 ? `${base} ${words.part({ part, parts })}` : base),
    (heading) => `${heading}: ${summary}`,
    [textBlock(escapeTeamsMarkdown(summary), { isSubtle: true })],
    sections,
    [textBlock(escapeTeamsMarkdown(words.footer), { size: "small", isSubtle: true })],
    limit,
  );
}

/** The report's cards: the overall figures, a line per department, the actions done and pending. */
export function buildReportCards(
  report: QuarterlyReport,
  ctx: CardContext,
  late: boolean,
  limit: number = CARD_BYTE_LIMIT,
): AdaptiveCard[] {
  const { locale } = ctx.org;
  const words = catalog(locale).reports.report;
  const { title, subtitle } = reportHeading(report, locale);
  const base = title + (late ? ` ${words.late}` : "");
  const sections: CardSection[] = [
    {
      body: [
        textBlock(`**${escapeTeamsMarkdown(words.overall)}**`),
        {
          type: "FactSet",
          facts: figureOrder.map((key) => ({
            title: escapeTeamsMarkdown(words.figures[key]),
            value: escapeTeamsMarkdown(figureText(locale, report.overall, key)),
          })),
        },
        // The company's chart, served by the bot (a data: URI would not fit in the message).
        ...(ctx.reportChart === undefined
          ? []
          : [
              {
                type: "Image" as const,
                url: ctx.reportChart(report.quarter.id),
                altText: words.chartTitle({
                  department: words.overall,
                  quarter: report.quarter.id,
                }),
                size: "stretch" as const,
                spacing: "medium" as const,
              },
            ]),
      ],
    },
  ];
  for (const department of report.departments) {
    const figures = figureOrder
      .map((key) => `${words.figures[key]} ${figureText(locale, department.figures, key)}`)
      .join(" · ");
    sections.push({
      body: [
        textBlock(`**${escapeTeamsMarkdown(department.name)}** — ${escapeTeamsMarkdown(figures)}`, {
          separator: true,
        }),
      ],
    });
  }
  for (const kind of ["done", "pending"] as const) {
    const actions = report.departments.flatMap((department) => department[kind]);
    const heading = textBlock(`**${escapeTeamsMarkdown(words[kind])}** (${actions.length})`, {
      separator: true,
    });
    const lines = actions
      .slice(0, REPORT_ACTIONS_SHOWN)
      .map(
        (action) =>
          `- ${escapeTeamsMarkdown(cutText(actionLine(ctx.org, action), ACTION_LINE_MAX))}`,
      );
    if (lines.length === 0) {
      sections.push({ body: [heading, textBlock(escapeTeamsMarkdown(words.noActions))] });
    }
    // A Markdown list: one action a line.
    else sections.push(...listSections(heading, lines, "\r"));
    if (actions.length > REPORT_ACTIONS_SHOWN) {
      const more = words.more({ count: actions.length - REPORT_ACTIONS_SHOWN });
      sections.push({ body: [textBlock(`_${escapeTeamsMarkdown(more)}_`, { isSubtle: true })] });
    }
  }
  return packCards(
    (part, parts) => (parts > 1 ? `${base} (${part}/${parts})` : base),
    (heading) => `${heading} · ${subtitle}`,
    [textBlock(escapeTeamsMarkdown(subtitle), { isSubtle: true })],
    sections,
    [textBlock(escapeTeamsMarkdown(words.files), { size: "small", isSubtle: true })],
    limit,
  );
}
