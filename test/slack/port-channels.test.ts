import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { attempt, type ChatDelivery, deliverDue, type SendOutcome } from "../../src/app/deliver.ts";
import { directoryOf } from "../../src/app/directory.ts";
import { jobKinds, runScheduledJobs } from "../../src/app/jobs.ts";
import { pngSize, readTextChunks } from "../../src/report/png-text.ts";
import { isChannelName, landedInOver, slackPort } from "../../src/slack/port.ts";
import { renderContext } from "../../src/slack/render.ts";
import type { OutboxRow } from "../../src/store/schema.ts";
import { closeDatabase } from "../../src/store/sqlite/database.ts";
import { copyDatabase, type SqliteServices, tempDir } from "../fixtures/bomb-db.ts";
import { madrid, P } from "../fixtures/org-chart.ts";
import { buildQuarterDatabase, reportServices } from "../fixtures/quarter.ts";
import { parseCsv } from "../support/csv-parse.ts";
import {
  type SlackStandIn,
  standInWebClient,
  startSlackStandIn,
} from "../support/slack-stand-in.ts";

const directory = directoryOf("slack", [
  [P.ceo, "U0CARLOS"],
  [P.luis, "U0LUIS"],
  [P.raul, "U0RAUL"],
]);

const dir = tempDir("bomba-channel-");
const built = join(dir.path, "built.db");
const reportAt = madrid("2027-01-04T09:00");
let standIn: SlackStandIn;
let svc: SqliteServices;
let out: ChatDelivery;
/** Delivers one row, as the outbox does, at the report's time. */
const channel = {
  send: (row: OutboxRow): Promise<SendOutcome> => attempt(svc, out, row, null, () => reportAt),
};

beforeAll(async () => {
  await buildQuarterDatabase(built);
  standIn = await startSlackStandIn();
});

afterAll(async () => {
  await standIn.close();
  dir.remove();
});

async function deliverAll(): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const report = await deliverDue(svc, out, () => reportAt + round * 60_000);
    if (report.sent + report.failed + report.retried === 0) return;
  }
}

function jobRow(dedupeKey: string): OutboxRow {
  const row = svc.store.db.$client
    .prepare(
      `SELECT id, dedupe_key AS dedupeKey, bomb_id AS bombId, version, recipient, kind, params,
              created_at AS createdAt, status, attempts, next_attempt_at AS nextAttemptAt,
              last_error AS lastError, sent_at AS sentAt, in_flight_since AS inFlightSince
       FROM outbox WHERE dedupe_key = ?`,
    )
    .get(dedupeKey) as (OutboxRow & { params: string }) | undefined;
  if (row === undefined) throw new Error(`no row ${dedupeKey}`);
  return { ...row, params: JSON.parse(row.params) as unknown };
}

describe("the Slack port: channel posts, reports and their files", () => {
  beforeEach(async () => {
    standIn.reset();
    svc = reportServices(copyDatabase(built, join(dir.path, `copy-${Math.random()}.db`)));
    // Only the jobs' rows are under test: the bombs' DMs count as delivered already.
    svc.store.db.$client.prepare("UPDATE outbox SET status = 'sent'").run();
    await runScheduledJobs(svc, reportAt);
    // As `webClientOptions` sets it up: a rate limit comes back at once, for the outbox to wait.
    const client = standInWebClient(standIn.url, { rejectRateLimitedCalls: true });
    const chat = slackPort(client, {
      context: renderContext(
        svc,
        () => directory,
        () => reportAt,
      ),
      landedIn: landedInOver(
        () => svc.org,
        (key) => svc.store.channelLandedFor(key),
      ),
    });
    out = { chat, directory: () => directory };
  });

  afterEach(() => closeDatabase(svc.store.db));

  it("posts the digests to the channel as the org file names it", async () => {
    await deliverAll();
    const posts = standIn.callsTo("chat.postMessage");
    const toDigest = posts.filter((c) => c.args.channel === "#fidelizacion");
    expect(toDigest.length).toBeGreaterThanOrEqual(2);
    for (const call of toDigest) expect(call.response?.ok).toBe(true);
    expect(String(toDigest[0]?.args.text)).toContain("(tarde)");
  });

  it("queues the jobs' channel rows to channel keys, posted where the org file says at delivery", async () => {
    const rows = svc.store.db.$client
      .prepare("SELECT kind, recipient FROM outbox WHERE kind IN ('digest', 'report') ORDER BY id")
      .all() as { kind: string; recipient: string }[];
    const channels = rows.filter((r) => !r.recipient.includes("@")).map((r) => r.recipient);
    expect(new Set(channels)).toEqual(new Set(["channel:digest", "channel:report"]));
    // The org file names another digest channel before the rows go: they follow it.
    const digest = svc.org.digest;
    if (digest === null) throw new Error("the fixture org has a digest");
    svc.org = { ...svc.org, digest: { ...digest, channel: "#clientes" } };
    await deliverAll();
    const posts = standIn.callsTo("chat.postMessage").map((c) => c.args.channel);
    expect(posts).toContain("#clientes");
    expect(posts).not.toContain("#fidelizacion");
  });

  it("gives up on a channel row when the org file names that channel no more", async () => {
    const message = jobRow("report:2026-Q4:message:1:#direccion");
    svc.org = { ...svc.org, report: null };
    expect(await channel.send(message)).toEqual({ type: "permanent", error: "no_channel" });
    expect(standIn.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("posts the report to the report channel and by DM to the CEO and each director", async () => {
    await deliverAll();
    const reports = standIn.messages.filter((m) => m.text?.includes("Informe trimestral"));
    expect(reports.map((m) => m.channel).sort()).toEqual(
      ["CDIRECCION", "D0CARLOS", "D0LUIS", "D0RAUL"].sort(),
    );
    expect(standIn.callsTo("conversations.open").map((c) => c.args.users)).toEqual([
      "U0CARLOS",
      "U0LUIS",
      "U0RAUL",
    ]);
  });

  it("uploads the CSV and the charts with files.uploadV2 where each report landed", async () => {
    await deliverAll();
    expect(standIn.callsTo("files.getUploadURLExternal")).toHaveLength(16);
    const completions = standIn.callsTo("files.completeUploadExternal");
    expect(completions.map((c) => c.args.channel_id).sort()).toEqual(
      ["CDIRECCION", "D0CARLOS", "D0LUIS", "D0RAUL"].sort(),
    );
    expect(standIn.files.every((f) => f.completed && f.content?.length === f.length)).toBe(true);
    const inChannel = standIn.files.filter((f) => f.channelId === "CDIRECCION");
    expect(inChannel.map((f) => f.filename)).toEqual([
      "informe-2026-Q4.csv",
      "informe-2026-Q4-total.png",
      "informe-2026-Q4-logistica.png",
      "informe-2026-Q4-comercial.png",
    ]);
    const csv = inChannel[0]?.content ?? Buffer.alloc(0);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [headers, ...rows] = parseCsv(csv.toString("utf8").slice(1));
    expect(headers?.[0]).toBe("Bomba");
    expect(rows.length).toBeGreaterThan(200);
    for (const png of inChannel.slice(1)) {
      const content = png.content ?? Buffer.alloc(0);
      expect(pngSize(content)).toEqual({ width: 960, height: 540 });
      expect(readTextChunks(content).Title).toBe(png.title);
    }
    expect(inChannel[2]?.title).toBe("Logística · 2026-Q4");
    const left = svc.store.db.$client
      .prepare("SELECT count(*) AS n FROM outbox WHERE status != 'sent'")
      .get() as { n: number };
    expect(left.n).toBe(0);
  });

  it("holds the files until their message has landed", async () => {
    const files = jobRow("report:2026-Q4:files:#direccion");
    expect(await channel.send(files)).toEqual({
      type: "transient",
      error: "waiting_for_report_message",
    });
    expect(standIn.callsTo("files.getUploadURLExternal")).toHaveLength(0);
  });

  it("gives up on a person Slack does not know, and on rows it cannot read", async () => {
    const message = jobRow(`report:2026-Q4:message:1:${P.ceo}`);
    expect(await channel.send({ ...message, recipient: "nadie@example.com" })).toEqual({
      type: "permanent",
      error: "no_slack_user",
    });
    expect(await channel.send({ ...message, params: { text: 1 } })).toEqual({
      type: "permanent",
      error: "bad_params",
    });
  });

  it("passes Slack's refusals on as delivery outcomes", async () => {
    standIn.fail("chat.postMessage", { kind: "error", error: "channel_not_found" });
    const message = jobRow("report:2026-Q4:message:1:#direccion");
    expect(await channel.send(message)).toEqual({ type: "permanent", error: "channel_not_found" });
    standIn.reset();
    standIn.fail("chat.postMessage", { kind: "rate_limited", retryAfterSeconds: 7 });
    expect(await channel.send(message)).toMatchObject({ type: "rate_limited", retryAfterMs: 7000 });
  });

  it("tags each post with its outbox row", async () => {
    await deliverAll();
    const posted = standIn.messages.filter((m) => m.files === undefined);
    expect(posted.length).toBeGreaterThan(4);
    const ids = posted.map((m) => m.metadata?.event_payload.outbox_id);
    expect(new Set(ids).size).toBe(posted.length);
    expect(posted.every((m) => m.metadata?.event_type === "bomba_outbox")).toBe(true);
  });

  it("finds a channel post of unknown outcome by its tag, the channel's id from a post before", async () => {
    const [first, second] = (
      svc.store.db.$client
        .prepare("SELECT dedupe_key AS key FROM outbox WHERE kind = 'digest' ORDER BY id")
        .all() as { key: string }[]
    ).map((r) => jobRow(r.key));
    if (first === undefined || second === undefined) throw new Error("a digest of two parts");
    const landed = await channel.send(first);
    const at = landed.type === "sent" ? landed.landed[0] : undefined;
    if (at === undefined) throw new Error("not sent");
    svc.store.db.$client
      .prepare(
        `INSERT INTO deliveries
           (bomb_id, outbox_id, recipient, platform, conversation, message_ref, kind, created_at)
         VALUES (NULL, ?, 'channel:digest', 'slack', ?, ?, 'digest', 0)`,
      )
      .run(first.id, at.conversation, at.ref);
    // Posted, but the answer was lost: Slack has it, the row does not know.
    standIn.fail("chat.postMessage", { kind: "lost" }, 1);
    expect(await channel.send(second)).toMatchObject({ type: "transient", unknown: true });
    standIn.calls.length = 0;

    const found = await channel.send({ ...second, inFlightSince: reportAt });

    const inChannel = standIn.messages.filter((m) => m.channel === "CFIDELIZACION");
    expect(inChannel).toHaveLength(2);
    expect(found).toEqual({
      type: "sent",
      landed: [{ conversation: "CFIDELIZACION", ref: inChannel[1]?.ts, part: 1 }],
    });
    expect(standIn.calls.map((c) => c.method)).toEqual(["conversations.history"]);
  });

  it("looks a channel it never posted to up among its own; in none, it posts", async () => {
    const report = jobRow("report:2026-Q4:message:1:#direccion");

    expect(await channel.send({ ...report, inFlightSince: reportAt })).toMatchObject({
      type: "sent",
      landed: [{ conversation: "CDIRECCION", part: 1 }],
    });
    expect(standIn.callsTo("users.conversations")[0]?.args).toMatchObject({
      types: "public_channel,private_channel",
    });
    expect(standIn.callsTo("conversations.history")).toEqual([]);
    expect(standIn.messages.filter((m) => m.channel === "CDIRECCION")).toHaveLength(1);
  });

  it("finds the files of unknown outcome shared after the report's message, not shared again", async () => {
    await deliverAll();
    const files = jobRow("report:2026-Q4:files:#direccion");
    const shares = () => standIn.messages.filter((m) => m.channel === "CDIRECCION" && m.files);
    expect(shares()).toHaveLength(1);
    standIn.calls.length = 0;

    expect(await channel.send({ ...files, status: "pending", inFlightSince: reportAt })).toEqual({
      type: "sent",
      landed: [],
    });
    expect(shares()).toHaveLength(1);
    expect(standIn.callsTo("files.completeUploadExternal")).toEqual([]);
    // Where the share is not there (it never happened), the files go.
    standIn.messages.splice(standIn.messages.indexOf(shares()[0] as never), 1);
    expect(await channel.send({ ...files, status: "pending", inFlightSince: reportAt })).toEqual({
      type: "sent",
      landed: [],
    });
    expect(shares()).toHaveLength(1);
    expect(standIn.callsTo("files.completeUploadExternal")).toHaveLength(1);
  });

  it("renders a digest row's data at delivery, in parts; an attempt cut short posts only the parts missing", async () => {
    const key = (
      svc.store.db.$client
        .prepare("SELECT dedupe_key AS key FROM outbox WHERE kind = 'digest' ORDER BY id DESC")
        .get() as { key: string }
    ).key;
    const row = jobRow(key);
    expect(row.params).toEqual({ job: "digest", period: "2027-01-04", late: false });
    const partOf = (args: Record<string, unknown>) =>
      (args.metadata as { event_payload?: { part?: number } } | undefined)?.event_payload?.part;
    // The second part's post gets no answer, though Slack made it; the third never goes.
    standIn.fail("chat.postMessage", { kind: "lost" }, 1, (args) => partOf(args) === 2);
    // The digest lists the bombs as they stand at delivery: enough of them to take several messages.
    for (let i = 0; i < 6; i++) {
      svc.store.db.$client
        .prepare(
          `INSERT INTO bombs (state, department_id, holder, next_due_at, version, data, created_at, updated_at)
           SELECT state, department_id, holder, next_due_at, version, data, created_at, updated_at
           FROM bombs WHERE state IN ('pending', 'accepted')`,
        )
        .run();
    }
    expect(await channel.send(row)).toMatchObject({ type: "transient", unknown: true });
    const parts = () =>
      standIn.messages
        .filter((m) => m.channel === "CFIDELIZACION")
        .map((m) => m.metadata?.event_payload.part);
    expect(parts()).toEqual([1, 2]);
    standIn.calls.length = 0;

    const again = await channel.send({ ...row, inFlightSince: reportAt });

    const inChannel = standIn.messages.filter((m) => m.channel === "CFIDELIZACION");
    expect(inChannel.length).toBeGreaterThanOrEqual(3);
    expect(parts()).toEqual(inChannel.map((_, i) => i + 1));
    expect(again).toEqual({
      type: "sent",
      landed: inChannel.map((m, i) => ({ conversation: "CFIDELIZACION", ref: m.ts, part: i + 1 })),
    });
    expect(standIn.callsTo("chat.postMessage").map((c) => partOf(c.args))).toEqual(
      inChannel.slice(2).map((_, i) => i + 3),
    );
    expect(String(inChannel[1]?.text)).toContain("(2/");
  });

  it("still delivers a row queued before rows held data: its part, rendered from its job and period", async () => {
    const row = jobRow("report:2026-Q4:message:1:#direccion");
    const rendered = {
      text: "Informe trimestral de bombas · 2026-Q4 (as rendered then)",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "*Abiertas*\n200" } }],
      job: "report",
      period: "2026-Q4",
      late: false,
      part: 1,
      parts: 1,
    };
    expect(await channel.send({ ...row, params: rendered })).toMatchObject({
      type: "sent",
      landed: [{ conversation: "CDIRECCION", part: 1 }],
    });
    const posted = standIn.messages.filter((m) => m.channel === "CDIRECCION");
    expect(posted).toHaveLength(1);
    expect(posted[0]?.text).toContain("📊 Informe trimestral de bombas · 2026-Q4");
    expect(JSON.stringify(posted[0]?.blocks)).toContain("*Abiertas*\\n200");
    // One part of a content split then: tagged as a whole message, as it was.
    expect(posted[0]?.metadata?.event_payload).toEqual({
      outbox_id: row.id,
      dedupe_key: row.dedupeKey,
    });
  });

  it("knows the jobs' kinds; the rest are a bomb's messages or notices, through the same port", () => {
    expect(Object.values(jobKinds)).toEqual(["digest", "report", "report_files"]);
    expect(Object.values(jobKinds)).not.toContain("bomb_assigned");
  });
});

describe("isChannelName", () => {
  it.each([
    ["#fidelizacion", true],
    ["C0123ABCD", true],
    ["G0123ABCD", true],
    ["ana@example.com", false],
    ["U0123ABCD", false],
  ])("%s → %s", (recipient, expected) => {
    expect(isChannelName(recipient)).toBe(expected);
  });
});
