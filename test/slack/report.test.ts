import { describe, expect, it } from "vitest";
import { quarterNamed } from "../../src/core/quarter.ts";
import type { Figures, QuarterlyReport, ReportAction } from "../../src/report/quarterly-report.ts";
import { actionsShown, buildReportMessages } from "../../src/slack/blocks/report.ts";
import { allText, ctxAt, limitViolations, orgEn } from "./slack-fixtures.ts";

const figures: Figures = {
  opened: 12,
  closed: 8,
  defused: 1,
  pending: 3,
  medianAccept: 5.5,
  accepted: 10,
  onTime: 6,
  late: 2,
  overdue: 1,
  rungs: 4,
  visits: 9,
  satisfied: 7,
  unsatisfied: 1,
};

function action(id: number, done: boolean): ReportAction {
  return {
    bombId: id,
    departmentId: "d",
    customer: `Cliente ${id} <VIP> & cía ${"x".repeat(300)}`,
    state: done ? "closed" : "accepted",
    text: "Plan\ncon dos líneas",
    who: "nacho@example.com",
    at: done ? Date.parse("2026-11-02T11:00:00Z") : null,
    committedDate: "2026-12-20",
    visitedOn: done ? "2026-11-02" : null,
    visitedBy: done ? "nacho@example.com" : null,
    overdue: !done && id % 2 === 0,
  };
}

/** A report with `departments` departments, each with `actions` actions done and pending. */
function bigReport(departments: number, actions: number): QuarterlyReport {
  const quarter = quarterNamed("2026-Q4", "Europe/Madrid");
  if (quarter === null) throw new Error("quarter");
  return {
    quarter,
    company: "Transportes Ejemplo S.L.",
    overall: { ...figures, opened: 12 * departments },
    departments: Array.from({ length: departments }, (_, d) => ({
      id: `d${d}`,
      name: `Departamento ${d} & <otros>`,
      figures,
      done: Array.from({ length: actions }, (_, i) => action(d * 1000 + i, true)),
      pending: Array.from({ length: actions }, (_, i) => action(d * 1000 + 500 + i, false)),
    })),
    bombs: [],
  };
}

describe("buildReportMessages", () => {
  it("shows the overall figures, a line per department and both action lists", () => {
    const [message, ...rest] = buildReportMessages(bigReport(2, 3), ctxAt());
    expect(rest).toEqual([]);
    expect(limitViolations(message)).toEqual([]);
    const text = allText(message);
    expect(text).toContain("📊 Informe trimestral de bombas · 2026-Q4");
    expect(text).toContain("Transportes Ejemplo S.L. · del 1 oct 2026 al 31 dic 2026");
    expect(text).toContain("*Mediana hasta aceptar*\n5,5 h laborables");
    expect(text).toContain("*Departamento 1 &amp; &lt;otros&gt;* — Abiertas 12 · Cerradas 8");
    expect(text).toContain("*Acciones realizadas* (6)");
    expect(text).toContain("*Acciones pendientes* (6)");
    expect(text).toContain("(vencido)");
    expect(text).toContain("Adjuntos: el CSV");
  });

  it("shows the first actions and counts the rest, which are in the CSV", () => {
    const messages = buildReportMessages(bigReport(2, 40), ctxAt());
    const text = messages.map((m) => allText(m)).join("\n");
    expect(text).toContain(`… y ${80 - actionsShown} más en el CSV adjunto.`);
  });

  it("stays within Slack's limits for an org of 600 departments", () => {
    const messages = buildReportMessages(bigReport(600, 2), ctxAt(), { late: true });
    expect(messages.length).toBeGreaterThan(1);
    messages.forEach((message, i) => {
      expect(limitViolations(message)).toEqual([]);
      expect(allText(message.blocks[0])).toBe(
        `📊 Informe trimestral de bombas · 2026-Q4 (tarde) (${i + 1}/${messages.length})`,
      );
    });
  });

  it("speaks the org's language", () => {
    const [message] = buildReportMessages(bigReport(1, 1), ctxAt(undefined, { org: orgEn }));
    expect(allText(message)).toContain("📊 Quarterly bomb report · 2026-Q4");
    expect(allText(message)).toContain("*Median time to accept*\n5.5 working h");
  });
});
