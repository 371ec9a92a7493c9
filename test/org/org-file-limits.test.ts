/**
 * Issue 10, item 6, and issue 9, item 8's last sentence: every duration of the org file has an
 * upper bound a company could mean, stated in the message; a reminder that could never fire is
 * refused with the reason; dates past the year 9999 are refused. Within the bounds, the whole
 * story of a bomb still plays out.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { simulate } from "../../src/app/simulate.ts";
import { recordingIo } from "../../src/cli/io.ts";
import { runOrgCheck } from "../../src/cli/org-check.ts";
import { type OrgIssue, parseOrg } from "../../src/org/load-org.ts";
import { openSqliteStore } from "../../src/store/sqlite/store.ts";
import { fixtureOrg, orgYaml } from "../fixtures/org.ts";

const UNITED_STATES = readFileSync("test/fixtures/orgs/united-states.yaml", "utf8");

function withPolicy(change: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return orgYaml({ policy: { ...(fixtureOrg().policy as object), ...change }, ...extra });
}

function issuesOf(text: string): OrgIssue[] {
  const result = parseOrg(text);
  if (result.ok) throw new Error("expected the org file to be rejected");
  return result.issues;
}

function accepted(text: string): void {
  const result = parseOrg(text);
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
}

describe("durations have upper bounds", () => {
  it.each([
    [
      "the issue's answer window of a million working days",
      { answerWithin: { workingDays: 1_000_000 } },
      "policy.answerWithin.workingDays",
      "el plazo de respuesta no puede pasar de 20 días laborables: una bomba sin respuesta debe subir de escalón en semanas, no en meses",
    ],
    [
      "an answer window of 21 working days",
      { answerWithin: { workingDays: 21 } },
      "policy.answerWithin.workingDays",
      "el plazo de respuesta no puede pasar de 20 días laborables: una bomba sin respuesta debe subir de escalón en semanas, no en meses",
    ],
    [
      "an answer window of 29 days",
      { answerWithin: { days: 29 } },
      "policy.answerWithin.days",
      "el plazo de respuesta no puede pasar de 28 días: una bomba sin respuesta debe subir de escalón en semanas, no en meses",
    ],
    [
      "the issue's resolution within 100,000 months",
      { minor: { resolveWithin: { months: 100_000 }, remindBefore: { days: 3 } } },
      "policy.minor.resolveWithin.months",
      "no puede pasar de 24 meses: una solución se compromete como mucho a dos años vista",
    ],
    [
      "a resolution within 731 days",
      { major: { resolveWithin: { days: 731 }, remindBefore: { days: 10 } } },
      "policy.major.resolveWithin.days",
      "no puede pasar de 730 días: una solución se compromete como mucho a dos años vista",
    ],
    [
      "a resolution within 501 working days",
      { major: { resolveWithin: { workingDays: 501 }, remindBefore: { days: 10 } } },
      "policy.major.resolveWithin.workingDays",
      "no puede pasar de 500 días laborables: una solución se compromete como mucho a dos años vista",
    ],
    [
      "a reminder 25 months ahead",
      { major: { resolveWithin: { months: 24 }, remindBefore: { months: 25 } } },
      "policy.major.remindBefore.months",
      "no puede pasar de 24 meses: el aviso llega antes de la fecha comprometida, que está como mucho a dos años vista",
    ],
    [
      "more than 10 forwards",
      { maxForwards: 11 },
      "policy.maxForwards",
      "no puede ser mayor que 10",
    ],
  ])("%s is refused, saying the bound", (_, change, path, message) => {
    const issues = issuesOf(withPolicy(change));
    expect(issues.find((i) => i.path === path)?.message).toBe(message);
  });

  it.each([
    { answerWithin: { workingDays: 20 } },
    { answerWithin: { days: 28 } },
    { minor: { resolveWithin: { months: 24 }, remindBefore: { months: 23 } } },
    { major: { resolveWithin: { days: 730 }, remindBefore: { days: 729 } } },
    { major: { resolveWithin: { workingDays: 500 }, remindBefore: { workingDays: 499 } } },
    { maxForwards: 10 },
  ])("the bound itself is accepted: %j", (change) => {
    accepted(withPolicy(change));
  });

  it("says the bound in English for an English org", () => {
    const text = UNITED_STATES.replace(
      "answerWithin: { workingDays: 3 }",
      "answerWithin: { workingDays: 45 }",
    );
    expect(issuesOf(text)[0]?.message).toBe(
      "the answer window cannot be longer than 20 working days: an unanswered bomb must climb within weeks, not months",
    );
  });

  it("bomba org check refuses the issue's file with exit 1, never an internal error", () => {
    const text = withPolicy({
      answerWithin: { workingDays: 1_000_000 },
      minor: { resolveWithin: { months: 100_000 }, remindBefore: { days: 3 } },
    });
    const dir = mkdtempSync(join(tmpdir(), "bomba-limits-"));
    const file = join(dir, "org.yaml");
    try {
      writeFileSync(file, text);
      const io = recordingIo();
      expect(runOrgCheck([file], io)).toBe(1);
      expect(io.stderr).toEqual([]);
      expect(io.stdout.at(-1)).toBe(`2 errores en ${file}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the longest windows allowed still play a bomb's whole life, quickly", async () => {
    const text = withPolicy({
      answerWithin: { workingDays: 20 },
      minor: { resolveWithin: { months: 24 }, remindBefore: { months: 23 } },
    });
    const result = parseOrg(text);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const start = DateTime.fromISO("2026-12-03T10:00:00", { zone: "Europe/Madrid" }).toMillis();
    const began = performance.now();
    const store = openSqliteStore(":memory:");
    const steps = await simulate(store, result.org, { departmentId: "logistica", start });
    await store.close();
    expect(performance.now() - began).toBeLessThan(10_000);
    expect(steps.map((s) => s.event)).toContain("reminded");
    expect(steps.at(-1)?.event).toBe("closed");
  });
});

describe("a reminder must come before the commitment can be made", () => {
  it.each([
    ["as long as resolveWithin", { days: 10 }, { days: 10 }],
    ["longer than resolveWithin", { days: 10 }, { days: 14 }],
    ["30 days for one month (February has 28)", { months: 1 }, { days: 30 }],
    ["28 days for one month", { months: 1 }, { days: 28 }],
    ["two weeks for 10 working days", { workingDays: 10 }, { days: 14 }],
    ["the same working days", { workingDays: 5 }, { workingDays: 5 }],
    ["two months for one", { months: 1 }, { months: 2 }],
  ])("remindBefore %s is refused", (_, resolveWithin, remindBefore) => {
    const issues = issuesOf(withPolicy({ minor: { resolveWithin, remindBefore } }));
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ["policy.minor.remindBefore", "remindNotShorter"],
    ]);
  });

  it.each([
    ["27 days for one month", { months: 1 }, { days: 27 }],
    ["13 days for 10 working days", { workingDays: 10 }, { days: 13 }],
    ["the defaults", { days: 10 }, { days: 3 }],
    ["9 working days for 10", { workingDays: 10 }, { workingDays: 9 }],
  ])("remindBefore %s is accepted", (_, resolveWithin, remindBefore) => {
    accepted(withPolicy({ minor: { resolveWithin, remindBefore } }));
  });

  it("says why, in the file's language", () => {
    const es = issuesOf(
      withPolicy({ major: { resolveWithin: { months: 1 }, remindBefore: { days: 30 } } }),
    );
    expect(es[0]?.message).toBe(
      "remindBefore (30 días) debe ser más corto que resolveWithin (1 mes): si no, el recordatorio caería antes de que nadie acepte la bomba y no se enviaría nunca",
    );
    const en = UNITED_STATES.replace("remindBefore: { days: 14 }", "remindBefore: { months: 2 }");
    expect(issuesOf(en)[0]).toMatchObject({
      path: "policy.major.remindBefore",
      message:
        "remindBefore (2 months) must be shorter than resolveWithin (2 months): otherwise the reminder would fall before anyone accepts the bomb and would never be sent",
    });
  });

  it("counts working days with the org's own week", () => {
    // Six working days a week: 12 working days span two weeks, so 14 days is too long…
    const calendar = {
      ...(fixtureOrg().calendar as object),
      workdays: ["mon", "tue", "wed", "thu", "fri", "sat"],
    };
    const policy = { minor: { resolveWithin: { workingDays: 12 }, remindBefore: { days: 14 } } };
    expect(issuesOf(withPolicy(policy, { calendar })).map((i) => i.code)).toEqual([
      "remindNotShorter",
    ]);
    // …while five working days a week make the same 12 working days over 16 days.
    accepted(withPolicy(policy));
  });
});

describe("dates past the year 9999", () => {
  it.each(["10000-01-01", "+010000-01-01", "99999-12-31"])(
    "holidays.extra %s is refused",
    (date) => {
      const calendar = { holidays: { country: "ES", extra: ["2026-12-24", date] } };
      const issues = issuesOf(orgYaml({ calendar }));
      expect(issues.map((i) => [i.path, i.code])).toEqual([
        ["calendar.holidays.extra[1]", "badDate"],
      ]);
      expect(issues[0]?.message).toBe(
        `fecha no válida "${date}" (formato AAAA-MM-DD, p. ej. "2026-12-24")`,
      );
    },
  );

  it("holidays.except 10000-10-12 is refused the same way", () => {
    const text = UNITED_STATES.replace('"2026-10-12"', '"10000-10-12"');
    expect(issuesOf(text).map((i) => [i.path, i.code])).toEqual([
      ["calendar.holidays.except[1]", "badDate"],
    ]);
  });
});
