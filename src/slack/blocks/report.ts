/**
 * The quarterly report as Slack messages: the overall figures, a line per department, and the
 * actions done and pending (as many as fit; all of them are in the attached CSV). Split over
 * several messages only if an org has more departments than one message holds. Pure.
 */
import type { KnownBlock } from "@slack/types";
import { actionLine, figureText, reportHeading } from "../../report/format.ts";
import {
  figureOrder,
  type QuarterlyReport,
  type ReportAction,
} from "../../report/quarterly-report.ts";
import { type BlockContext, wordsOf } from "./bomb-facts.ts";
import type { SlackMessage } from "./bomb-message.ts";
import {
  context,
  cutText,
  escapeMrkdwn,
  fallbackTextLimit,
  fieldsSection,
  header,
  packLines,
  section,
  slackLimits,
} from "./kit.ts";

/** How the report is posted. */
export interface ReportMessageOptions {
  /** Posted after its day (the bot was down): the header says so. */
  late?: boolean;
}

/** Action lines shown per list before "… and N more in the CSV". */
export const actionsShown = 25;

const actionLineMax = 400;
// Header on every message, the files note on the last.
const contentPerMessage = slackLimits.blocksPerMessage - 2;

/** The report's message(s) for the channel and for each DM. */
export function buildReportMessages(
  report: QuarterlyReport,
  ctx: BlockContext,
  options: ReportMessageOptions = {},
): SlackMessage[] {
  const words = wordsOf(ctx).reports.report;
  const { locale } = ctx.org;
  const { title, subtitle } = reportHeading(report, locale);
  const fields = figureOrder.map(
    (key) => `*${words.figures[key]}*\n${figureText(locale, report.overall, key)}`,
  );
  const content: KnownBlock[] = [
    context([escapeMrkdwn(subtitle)]),
    section(`*${escapeMrkdwn(words.overall)}*`),
    fieldsSection(fields.slice(0, slackLimits.sectionFields)),
  ];
  if (fields.length > slackLimits.sectionFields) {
    content.push(fieldsSection(fields.slice(slackLimits.sectionFields)));
  }
  const departmentLines = report.departments.map((d) => {
    const figures = figureOrder
      .map((key) => `${words.figures[key]} ${figureText(locale, d.figures, key)}`)
      .join(" · ");
    return `*${escapeMrkdwn(d.name)}* — ${escapeMrkdwn(figures)}`;
  });
  for (const chunk of packLines(departmentLines, slackLimits.sectionText)) {
    content.push(section(chunk));
  }
  for (const kind of ["done", "pending"] as const) {
    const actions = report.departments.flatMap((d) => d[kind]);
    content.push(...actionSections(words[kind], actions, ctx, words));
  }
  const pages: KnownBlock[][] = [];
  for (let i = 0; i < content.length; i += contentPerMessage) {
    pages.push(content.slice(i, i + contentPerMessage));
  }
  const late = options.late === true ? ` ${words.late}` : "";
  return pages.map((blocksOfPage, i) => {
    const part = pages.length > 1 ? ` (${i + 1}/${pages.length})` : "";
    const heading = `${title}${late}${part}`;
    const blocks: KnownBlock[] = [header(heading), ...blocksOfPage];
    if (i === pages.length - 1) blocks.push(context([escapeMrkdwn(words.files)]));
    const text = `${heading} · ${subtitle}`;
    return { text: cutText(escapeMrkdwn(text), fallbackTextLimit), blocks };
  });
}

function actionSections(
  label: string,
  actions: readonly ReportAction[],
  ctx: BlockContext,
  words: ReturnType<typeof wordsOf>["reports"]["report"],
): KnownBlock[] {
  const lines = [`*${escapeMrkdwn(label)}* (${actions.length})`];
  if (actions.length === 0) lines.push(words.noActions);
  for (const action of actions.slice(0, actionsShown)) {
    lines.push(`• ${escapeMrkdwn(cutText(actionLine(ctx.org, action), actionLineMax))}`);
  }
  if (actions.length > actionsShown) {
    lines.push(`_${escapeMrkdwn(words.more({ count: actions.length - actionsShown }))}_`);
  }
  return packLines(lines, slackLimits.sectionText).map((chunk) => section(chunk));
}
