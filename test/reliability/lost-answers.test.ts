/**
 * Slack acts on a call but its answer never arrives (a timeout, a dropped connection): the
 * message is in Slack, and the bot does not know. Through the real `bomba serve`: a DM, the
 * day's digest in a channel named by "#name", the quarterly report's message and its files,
 * each with its first answer lost. Each must be in Slack once, and the outbox must record where
 * it landed, so later updates edit it in place.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { REFERENCE_CLOCK } from "../e2e/harness.ts";
import type { StandInMessage } from "../support/slack-stand-in.ts";
import {
  createWorkspace,
  openBombIn,
  outboxDrained,
  reportInput,
  type ServeRun,
  seedWorkspace,
  startServe,
  type Workspace,
} from "./bot-process.ts";
import { auditDelivery, ledgerProblems, sentTwice, summary } from "./ledger.ts";

const MONDAY = Date.parse(REFERENCE_CLOCK);
/** The first working day of 2027-Q1 in the fixture org, after `dayStarts`: the report's day. */
const REPORT_DAY = Date.parse("2027-01-04T10:00:00+01:00");
const lost = { kind: "lost" } as const;

/** Messages of one conversation that say the same thing more than once. */
function doubled(messages: readonly StandInMessage[]): string[] {
  const seen = new Map<string, number>();
  for (const m of messages) {
    const what = m.files === undefined ? `text ${m.text}` : `files ${fileNames(m).join(", ")}`;
    seen.set(`${m.channel} ${what}`, (seen.get(`${m.channel} ${what}`) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([what, n]) => `${n}× ${what}`);
}

function fileNames(message: StandInMessage): string[] {
  return (message.files ?? []).map((f) => f.name).sort();
}

describe("an answer lost after Slack acted", () => {
  let ws: Workspace | undefined;
  let serve: ServeRun | undefined;
  const seen = { lost: 0, posts: 0, shares: 0, lookUps: 0, twice: 0 };

  afterAll(() => {
    summary(
      "lost answers",
      `${seen.lost} calls whose answer was lost after Slack acted (a DM, the digest in ` +
        `#fidelizacion, the report and its files in #direccion) among ${seen.posts} posts and ` +
        `${seen.shares} file shares: each found by the bot (${seen.lookUps} history look-ups), ` +
        `recorded where it landed, ${seen.twice} in Slack twice`,
    );
  });

  afterEach(async () => {
    await serve?.stop();
    await ws?.remove();
    serve = undefined;
    ws = undefined;
  });

  /** Every message in Slack once, each tagged with the row it came from, each recorded. */
  function expectEachOnce(workspace: Workspace): void {
    const calls = workspace.standIn.calls;
    const twice = sentTwice(calls);
    seen.lost += calls.filter((c) => c.failure?.kind === "lost").length;
    seen.posts += calls.filter((c) => c.method === "chat.postMessage" && c.response?.ok).length;
    seen.shares += calls.filter(
      (c) => c.method === "files.completeUploadExternal" && c.response?.ok,
    ).length;
    seen.lookUps += workspace.standIn.callsTo("conversations.history").length;
    seen.twice += twice.posts.length + twice.files.length;
    expect(twice).toEqual({ posts: [], files: [], untagged: 0 });
    const messages = workspace.standIn.messages;
    expect(doubled(messages)).toEqual([]);
    const posts = messages.filter((m) => m.files === undefined);
    const tags = posts.map((m) => m.metadata?.event_payload.outbox_id);
    expect(tags.every((id) => typeof id === "number")).toBe(true);
    expect(new Set(tags).size).toBe(tags.length);
    workspace.open((db) => {
      expect(ledgerProblems(db)).toEqual([]);
      const audit = auditDelivery(db, workspace.standIn.calls);
      expect(audit.messages).toMatchObject({ pending: 0, failed: 0 });
      expect(audit.phantom).toEqual([]);
      // The post whose answer was lost is recorded all the same, where it landed.
      const landed = db.$client
        .prepare(
          "SELECT outbox_id AS id, conversation AS channel, message_ref AS ts FROM deliveries",
        )
        .all() as { id: number; channel: string; ts: string }[];
      for (const post of posts) {
        const id = post.metadata?.event_payload.outbox_id;
        expect(landed.filter((l) => l.id === id)).toEqual([
          { id, channel: post.channel, ts: post.ts },
        ]);
      }
    });
  }

  it("finds a DM and the digest by their tags instead of posting them again", async () => {
    ws = await createWorkspace();
    ws.standIn.fail("chat.postMessage", lost, 1, (args) => args.channel === "D0NACHO");
    ws.standIn.fail("chat.postMessage", lost, 1, (args) => args.channel === "#fidelizacion");
    serve = await startServe(ws, MONDAY);
    await serve.healthy();
    expect((await serve.submit(reportInput("V0LOST1", "Frutas Perdidas"))).status).toBe(200);
    await outboxDrained(ws, 20_000);

    const lostCalls = ws.standIn.calls.filter((c) => c.failure?.kind === "lost");
    expect(lostCalls.map((c) => c.args.channel).sort()).toEqual(["#fidelizacion", "D0NACHO"]);
    const toNacho = ws.standIn.messages.filter((m) => m.channel === "D0NACHO");
    expect(toNacho).toHaveLength(1);
    expect(toNacho[0]?.text).toContain("Frutas Perdidas");
    expect(ws.standIn.messages.filter((m) => m.channel === "CFIDELIZACION")).toHaveLength(1);
    // The DM's history by its id; the channel's once its id was found among the bot's channels.
    const looked = ws.standIn.callsTo("conversations.history").map((c) => c.args);
    expect(looked).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: "D0NACHO", include_all_metadata: "true" }),
        expect.objectContaining({ channel: "CFIDELIZACION", include_all_metadata: "true" }),
      ]),
    );
    expect(ws.standIn.callsTo("users.conversations")).toHaveLength(1);
    expectEachOnce(ws);
  }, 60_000);

  it("finds the report's message and its files instead of sharing them again", async () => {
    ws = await createWorkspace();
    await seedWorkspace(ws, async (svc) => {
      await openBombIn(svc, MONDAY, "logistica", "Cliente del trimestre");
      await openBombIn(svc, MONDAY, "comercial", "Otro cliente");
    });
    ws.standIn.fail("chat.postMessage", lost, 1, (args) => args.channel === "#direccion");
    ws.standIn.fail(
      "files.completeUploadExternal",
      lost,
      1,
      (args) => args.channel_id === "CDIRECCION",
    );
    serve = await startServe(ws, REPORT_DAY);
    await serve.healthy();
    // Each lost answer is looked for at the next attempt, after the outbox's backoff (5 s, then
    // 10 s) in real time: ~11 s on a quiet machine, past 30 s once seen under a loaded one.
    await outboxDrained(ws, 50_000);

    expect(ws.standIn.calls.filter((c) => c.failure?.kind === "lost")).toHaveLength(2);
    const inChannel = ws.standIn.messages.filter((m) => m.channel === "CDIRECCION");
    const shares = inChannel.filter((m) => m.files !== undefined);
    expect(shares).toHaveLength(1);
    expect(fileNames(shares[0] as StandInMessage)).toContain("informe-2026-Q4.csv");
    expect(inChannel.filter((m) => m.text?.includes("Informe trimestral"))).toHaveLength(1);
    // The files were looked for after the report's message, among the bot's own messages.
    const report = inChannel.find((m) => m.text?.includes("Informe trimestral"));
    expect(ws.standIn.callsTo("conversations.history").map((c) => c.args)).toContainEqual(
      expect.objectContaining({ channel: "CDIRECCION", oldest: report?.ts }),
    );
    expect(ws.standIn.callsTo("auth.test").length).toBeGreaterThan(0);
    expectEachOnce(ws);
  }, 60_000);
});
