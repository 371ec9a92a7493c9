/**
 * The quarterly report for a terminal, in Markdown: the figures per department and overall as a
 * table, then the actions done and pending per department, as the seed asks.
 */

import type { Org } from "../core/org.ts";
import { catalog } from "../i18n/catalog.ts";
import { actionLine, figureText, reportHeading } from "./format.ts";
import { figureOrder, type QuarterlyReport } from "./quarterly-report.ts";

/** The whole report as Markdown text. */
export function reportMarkdown(report: QuarterlyReport, org: Org): string {
  const words = catalog(org.locale).reports.report;
  const { title, subtitle } = reportHeading(report, org.locale);
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s+/g, " ");
  const lines = [`# ${title}`, "", subtitle, ""];
  lines.push(`| ${[words.department, ...figureOrder.map((k) => words.figures[k])].join(" | ")} |`);
  lines.push(`|${["---", ...figureOrder.map(() => "---:")].join("|")}|`);
  const row = (name: string, figures: QuarterlyReport["overall"]) =>
    `| ${[name, ...figureOrder.map((k) => figureText(org.locale, figures, k))].map(cell).join(" | ")} |`;
  for (const d of report.departments) lines.push(row(d.name, d.figures));
  lines.push(row(`**${words.overall}**`, report.overall));
  for (const kind of ["done", "pending"] as const) {
    lines.push("", `## ${words[kind]}`);
    for (const d of report.departments) {
      lines.push("", `### ${d.name}`, "");
      const actions = d[kind];
      if (actions.length === 0) lines.push(words.noActions);
      for (const action of actions) lines.push(`- ${actionLine(org, action)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
