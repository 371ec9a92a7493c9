import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { reportBomb } from "../../src/app/bomb-actions.ts";
import { jobContentLoader, jobPostOf } from "../../src/app/job-content.ts";
import { jobSlots, reportRecipients, runScheduledJobs } from "../../src/app/jobs.ts";
import { loadDirectory } from "../../src/app/org-sync.ts";
import type { SlackMessage } from "../../src/slack/blocks/bomb-message.ts";
import { renderPost } from "../../src/slack/render.ts";
import { closeDatabase, type Db } from "../../src/store/sqlite/database.ts";
import { copyDatabase, type SqliteServices, tempDir } from "../fixtures/bomb-db.ts";
import { runNode } from "../fixtures/child-process.ts";
import { buildOrg, complaint, madrid, P, ZONE } from "../fixtures/org-chart.ts";
import {
  buildQuarterDatabase,
  REPORT_CALENDAR,
  REPORT_ORG,
  reportOrgYaml,
  reportServices,
} from "../fixtures/quarter.ts";
import { allText, limitViolations } from "../slack/slack-fixtures.ts";

interface Row {
  dedupe_key: string;
  bomb_id: number | null;
  recipient: string;
  kind: string;
  params: string;
  next_attempt_at: number;
}

function jobRows(db: Db): Row[] {
  return db.$client
    .prepare("SELECT * FROM outbox WHERE bomb_id IS NULL AND kind != 'delivery_failed' ORDER BY id")
    .all() as Row[];
}

function paramsOf(row: Row | undefined): Record<string, unknown> {
  return JSON.parse(row?.params ?? "{}") as Record<string, unknown>;
}

/**
 * The first message a job row posts, as the Slack adapter renders it at delivery (at `at`): the
 * row itself holds data only, `{ job, period, late }`.
 */
async function renderedAt(
  svc: SqliteServices,
  row: Row | undefined,
  at: number,
): Promise<SlackMessage> {
  const params = paramsOf(row);
  const post = jobPostOf(params);
  if (post === null) throw new Error(`no job post: ${row?.params}`);
  expect(Object.keys(params).sort()).toEqual(["job", "late", "period"]);
  const content = await jobContentLoader(
    () => svc,
    () => at,
  ).content(post);
  if (content === null || (content.type !== "digest" && content.type !== "report")) {
    throw new Error(`no content: ${row?.params}`);
  }
  const directory = await loadDirectory(svc.store);
  const [first] = renderPost(content, { ...svc, directory, now: at });
  if (first === undefined) throw new Error("nothing rendered");
  return first;
}

function claims(db: Db): string[] {
  const rows = db.$client.prepare("SELECT job, period FROM job_runs ORDER BY job, period").all();
  return (rows as { job: string; period: string }[]).map((r) => `${r.job} ${r.period}`);
}

const posted = async (svc: SqliteServices, at: number) =>
  (await runScheduledJobs(svc, at)).posted.map(
    (p) => `${p.job} ${p.period}${p.late ? " late" : ""}`,
  );

describe("jobSlots", () => {
  const slots = (local: string) =>
    jobSlots(REPORT_ORG, REPORT_CALENDAR, madrid(local)).map(
      (s) => `${s.job} ${s.period}${s.late ? " late" : ""}`,
    );

  it.each([
    // Before the digest time only the previous working day (in case it was missed).
    ["2026-11-16T08:59", ["digest 2026-11-13 late", "report 2026-Q3 late"]],
    ["2026-11-16T09:00", ["digest 2026-11-13 late", "digest 2026-11-16", "report 2026-Q3 late"]],
    // Saturday: no digest of its own.
    ["2026-11-21T10:00", ["digest 2026-11-20 late", "report 2026-Q3 late"]],
    // Tuesday 8 December is a holiday, and so is Monday 7: the day before is Friday 4.
    ["2026-12-08T10:00", ["digest 2026-12-04 late", "report 2026-Q3 late"]],
    // 1 January is a holiday and the 2nd and 3rd a weekend: Q4's report is due Monday 4 at 09:00.
    // …and Q3's is no longer owed once Q4 is over: older periods are never backfilled.
    ["2027-01-04T08:59", ["digest 2026-12-30 late"]],
    ["2027-01-04T09:00", ["digest 2026-12-30 late", "digest 2027-01-04", "report 2026-Q4"]],
    ["2027-01-05T10:00", ["digest 2027-01-04 late", "digest 2027-01-05", "report 2026-Q4 late"]],
  ])("at %s", (local, expected) => {
    expect(slots(local)).toEqual(expected);
  });

  it("has no digest for an org without a digest channel", () => {
    const org = buildOrg(reportOrgYaml().replace(/^digest:.*$/m, ""));
    const at = madrid("2026-11-16T10:00");
    expect(jobSlots(org, REPORT_CALENDAR, at).map((s) => s.job)).toEqual(["report"]);
  });
});

describe("runScheduledJobs: the daily digest", async () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;
  let svc: SqliteServices;

  beforeEach(async () => {
    dir = tempDir("bomba-jobs-");
    path = join(dir.path, "bomba.db");
    svc = reportServices(path);
    // The bot has been at work since the week before.
    const opened = madrid("2026-11-09T10:00");
    for (const departmentId of ["logistica", "comercial", "logistica"]) {
      const made = await reportBomb(
        svc,
        { person: P.ana, now: opened, via: "slack" },
        complaint({ departmentId }),
      );
      if (!made.ok) throw new Error(made.reason);
    }
  });

  afterEach(() => {
    closeDatabase(svc.store.db);
    dir.remove();
  });

  it("posts at digest time on a working day, to the channel as written, once", async () => {
    expect(await posted(svc, madrid("2026-11-16T08:59"))).toEqual(["digest 2026-11-13 late"]);
    expect(await posted(svc, madrid("2026-11-16T09:00"))).toEqual(["digest 2026-11-16"]);
    expect(await posted(svc, madrid("2026-11-16T09:00:30"))).toEqual([]);
    expect(await posted(svc, madrid("2026-11-16T17:00"))).toEqual([]);
    const rows = jobRows(svc.store.db).filter((r) => paramsOf(r).period === "2026-11-16");
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row).toMatchObject({
      dedupe_key: "digest:2026-11-16:1:#fidelizacion",
      bomb_id: null,
      recipient: "channel:digest",
      kind: "digest",
      next_attempt_at: madrid("2026-11-16T09:00"),
    });
    expect(paramsOf(row).late).toBe(false);
    const params = await renderedAt(svc, row, madrid("2026-11-16T09:00"));
    expect(limitViolations({ text: params.text, blocks: params.blocks })).toEqual([]);
    expect(allText(params.blocks)).toContain("3 bombas por resolver");
  });

  it("never posts twice across a restart or a second connection", async () => {
    const at = madrid("2026-11-16T09:00");
    expect(await posted(svc, at)).toContain("digest 2026-11-16");
    const before = jobRows(svc.store.db).length;
    closeDatabase(svc.store.db);
    svc = reportServices(path);
    expect(await posted(svc, at + 1000)).toEqual([]);
    const other = reportServices(path);
    try {
      expect(await posted(other, at + 2000)).toEqual([]);
      expect(jobRows(other.store.db)).toHaveLength(before);
    } finally {
      closeDatabase(other.store.db);
    }
    expect(claims(svc.store.db)).toEqual(["digest 2026-11-13", "digest 2026-11-16"]);
  });

  it("posts once when two processes run the jobs at the same instant", async () => {
    closeDatabase(svc.store.db);
    const at = DateTime.fromMillis(madrid("2026-11-16T09:00"), { zone: ZONE }).toISO() ?? "";
    const go = String(Date.now() + 2500);
    const script = "test/fixtures/jobs-once.ts";
    const runs = [1, 2].map(() => runNode(["--import", "tsx", script, path, at, go], {}));
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const all = results.flatMap((r) => JSON.parse(r.stdout) as { job: string; period: string }[]);
    expect(all.map((p) => `${p.job} ${p.period}`).sort()).toEqual([
      "digest 2026-11-13",
      "digest 2026-11-16",
    ]);
    svc = reportServices(path);
    expect(jobRows(svc.store.db).filter((r) => paramsOf(r).period === "2026-11-16")).toHaveLength(
      1,
    );
  });

  it("posts a day missed while down once, marked late, and today's at its time", async () => {
    expect(await posted(svc, madrid("2026-11-16T09:00"))).toEqual([
      "digest 2026-11-13 late",
      "digest 2026-11-16",
    ]);
    // Down all Tuesday; back on Wednesday before the digest time.
    expect(await posted(svc, madrid("2026-11-18T08:00"))).toEqual(["digest 2026-11-17 late"]);
    expect(await posted(svc, madrid("2026-11-18T08:30"))).toEqual([]);
    expect(await posted(svc, madrid("2026-11-18T09:00"))).toEqual(["digest 2026-11-18"]);
    const late = jobRows(svc.store.db).filter((r) => paramsOf(r).period === "2026-11-17");
    expect(late).toHaveLength(1);
    expect(paramsOf(late[0]).late).toBe(true);
    const rendered = await renderedAt(svc, late[0], madrid("2026-11-18T09:00"));
    expect(allText(rendered.blocks[0])).toBe("💣 Resumen diario de bombas · mar, 17 nov (tarde)");
    expect(rendered.text).toContain("(tarde)");
  });

  it("does not backfill older days", async () => {
    await posted(svc, madrid("2026-11-16T09:00"));
    // Down Tuesday and Wednesday: only Wednesday is owed.
    expect(await posted(svc, madrid("2026-11-19T09:30"))).toEqual([
      "digest 2026-11-18 late",
      "digest 2026-11-19",
    ]);
    expect(claims(svc.store.db)).not.toContain("digest 2026-11-17");
  });

  it("owes nothing for the days before the bot was ever at work", async () => {
    const fresh = reportServices(join(dir.path, "fresh.db"));
    try {
      const now = madrid("2026-11-18T10:00");
      await reportBomb(
        fresh,
        { person: P.ana, now, via: "slack" },
        complaint({ departmentId: "logistica" }),
      );
      expect(await posted(fresh, now)).toEqual(["digest 2026-11-18"]);
    } finally {
      closeDatabase(fresh.store.db);
    }
  });

  it("holds a late digest found outside working hours until they begin (quiet hours)", async () => {
    await posted(svc, madrid("2026-11-16T09:00"));
    // Back on Saturday: Friday's digest waits for Monday's opening.
    expect(await posted(svc, madrid("2026-11-21T11:00"))).toEqual(["digest 2026-11-20 late"]);
    const row = jobRows(svc.store.db).find((r) => paramsOf(r).period === "2026-11-20");
    expect(row?.next_attempt_at).toBe(madrid("2026-11-23T09:00"));
  });
});

describe("runScheduledJobs: the quarterly report", async () => {
  const dir = tempDir("bomba-report-job-");
  const built = join(dir.path, "built.db");
  let svc: SqliteServices;

  beforeAll(async () => {
    await buildQuarterDatabase(built);
  });

  beforeEach(() => {
    const path = copyDatabase(built, join(dir.path, `copy-${Date.now()}-${Math.random()}.db`));
    svc = reportServices(path);
  });

  afterEach(() => closeDatabase(svc.store.db));
  afterAll(() => dir.remove());

  it("goes on the first working day of the quarter at dayStarts, to the channel, CEO and directors", async () => {
    expect(
      (await posted(svc, madrid("2027-01-04T08:59"))).filter((p) => p.startsWith("report 2026-Q4")),
    ).toEqual([]);
    expect(await posted(svc, madrid("2027-01-04T09:00"))).toContain("report 2026-Q4");
    expect(reportRecipients(REPORT_ORG)).toEqual(["channel:report", P.ceo, P.luis, P.raul]);
    const rows = jobRows(svc.store.db).filter((r) => r.dedupe_key.startsWith("report:2026-Q4:"));
    expect(rows.map((r) => `${r.kind} ${r.recipient}`)).toEqual([
      "report channel:report",
      "report_files channel:report",
      `report ${P.ceo}`,
      `report_files ${P.ceo}`,
      `report ${P.luis}`,
      `report_files ${P.luis}`,
      `report ${P.raul}`,
      `report_files ${P.raul}`,
    ]);
    const message = await renderedAt(svc, rows[0], madrid("2027-01-04T09:00"));
    expect(limitViolations({ text: message.text, blocks: message.blocks })).toEqual([]);
    const text = allText(message.blocks);
    expect(text).toContain("📊 Informe trimestral de bombas · 2026-Q4");
    expect(text).toContain("*Abiertas*\n200");
    expect(text).toContain("*Acciones pendientes*");
    expect(text).not.toContain("(tarde)");
    expect(paramsOf(rows[1])).toEqual({
      quarter: "2026-Q4",
      files: [
        { format: "csv" },
        { format: "png", department: null },
        { format: "png", department: "logistica" },
        { format: "png", department: "comercial" },
      ],
      messageKey: "report:2026-Q4:message:1:#direccion",
    });
    // Once a quarter.
    expect(await posted(svc, madrid("2027-01-04T09:01"))).toEqual([]);
    expect(await posted(svc, madrid("2027-02-15T10:00"))).toEqual([
      "digest 2027-02-12 late",
      "digest 2027-02-15",
    ]);
  });

  it("goes out late, once, when the bot was down on that day", async () => {
    expect(await posted(svc, madrid("2027-01-05T10:00"))).toContain("report 2026-Q4 late");
    const row = jobRows(svc.store.db).find(
      (r) => r.dedupe_key === "report:2026-Q4:message:1:#direccion",
    );
    expect(allText((await renderedAt(svc, row, madrid("2027-01-05T10:00"))).blocks)).toContain(
      "2026-Q4 (tarde)",
    );
    expect(
      (await posted(svc, madrid("2027-01-06T10:00"))).filter((p) => p.startsWith("report")),
    ).toEqual([]);
  });
});
