/**
 * `/bomba resumen` and `/bomba informe` over a store big enough that building the answer takes
 * real time: the real `bomba serve` acks the command at once with a line saying it is on it, and
 * the answer (every part of it) follows through the command's `response_url`; a failure after
 * the ack is answered there in one line, never left silent.
 */
import Sqlite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createWorkspace,
  openBombIn,
  type ServeRun,
  seedWorkspace,
  startServe,
  type Workspace,
} from "../reliability/bot-process.ts";
import { summary } from "../reliability/ledger.ts";
import { allText } from "../slack/slack-fixtures.ts";
import { postSlashCommand } from "../support/signed-request.ts";
import {
  answerOf,
  REFERENCE_CLOCK,
  responsesAt,
  SIGNING_SECRET,
  slackIds,
  waitFor,
} from "./harness.ts";

const MONDAY = Date.parse(REFERENCE_CLOCK);
const HOUR = 3_600_000;
/** Enough bombs that the digest is several messages and takes a while to build. */
const BOMBS = 1_500;
const { ana } = slackIds;

describe("/bomba resumen and /bomba informe ack first and answer after", () => {
  let ws: Workspace;
  let serve: ServeRun;
  let asked = 0;
  const seen = { ackMs: 0, parts: 0, answerMs: 0, failures: 0 };

  beforeAll(async () => {
    ws = await createWorkspace();
    await seedWorkspace(ws, async (svc) => {
      for (let i = 0; i < BOMBS; i++) {
        const department = i % 2 === 0 ? "logistica" : "comercial";
        await openBombIn(svc, MONDAY - (i % 48) * HOUR, department, `Cliente lento ${i}`);
      }
      // Their first messages went out long ago: the test is about the commands, not delivery.
      svc.store.db.$client.exec("UPDATE outbox SET status = 'sent', sent_at = created_at");
    });
    serve = await startServe(ws, MONDAY);
    await serve.healthy();
  }, 60_000);

  afterAll(async () => {
    await serve?.stop();
    await ws?.remove();
    summary(
      "slow commands",
      `/bomba resumen over ${BOMBS.toLocaleString("en")} open bombs through serve: acked in ` +
        `${seen.ackMs} ms with one line, the digest after it at the response_url in ` +
        `${seen.parts} parts (the last ${seen.answerMs} ms after the command); ` +
        `${seen.failures} failures after the ack, each answered in one line`,
    );
  });

  /** `/bomba TEXT` as Ana, with a response_url of its own: the ack and when it came back. */
  async function ask(text: string) {
    asked += 1;
    const name = `slow-${asked}`;
    const sentAt = Date.now();
    const answer = await answerOf(
      postSlashCommand(serve.eventsUrl, SIGNING_SECRET, {
        user_id: ana,
        text,
        response_url: ws.standIn.responseUrl(name),
      }),
    );
    return { answer, sentAt, ackedAt: Date.now(), name };
  }

  function alter(sql: string): void {
    const db = new Sqlite(ws.dbFile);
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  }

  it("acks /bomba resumen with one plain line, then posts every part of the digest", async () => {
    const { answer, sentAt, ackedAt, name } = await ask("resumen");

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ response_type: "ephemeral", text: "⏳ Preparando el resumen…" });
    // Every bomb is in the answer, and the answer came after the ack.
    const parts = await waitFor(() => {
      const posted = responsesAt(ws.standIn, name);
      const text = posted.map((call) => allText(call.args)).join("\n");
      return text.includes(`#${BOMBS} · Cliente lento ${BOMBS - 1}`) ? posted : undefined;
    }, "the whole digest at the response_url");
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]?.at).toBeGreaterThanOrEqual(ackedAt - 5);
    const text = parts.map((call) => allText(call.args)).join("\n");
    for (let i = 0; i < BOMBS; i++) expect(text).toContain(`Cliente lento ${i}`);
    for (const part of parts) {
      expect(part.args).toMatchObject({ response_type: "ephemeral" });
      expect(String(part.args.text).trim()).not.toBe("");
    }
    seen.ackMs = ackedAt - sentAt;
    seen.parts = parts.length;
    seen.answerMs = (parts.at(-1)?.at ?? 0) - sentAt;
  });

  it("acks /bomba informe 2026-Q4 with one plain line, then posts the report", async () => {
    const { answer, name } = await ask("informe 2026-Q4");

    expect(answer.json).toEqual({
      response_type: "ephemeral",
      text: "⏳ Preparando el informe de 2026-Q4…",
    });
    const parts = await waitFor(
      () => (responsesAt(ws.standIn, name).length > 0 ? responsesAt(ws.standIn, name) : undefined),
      "the report at the response_url",
    );
    const text = parts.map((call) => `${String(call.args.text)}\n${allText(call.args)}`).join("\n");
    expect(text).toContain("Informe trimestral de bombas · 2026-Q4");
    expect(text).toContain("Cliente lento");
  });

  it("answers a failure after the ack in one line at the response_url", async () => {
    // The store fails under the command (a table gone): the ack has left, the answer cannot come.
    alter("ALTER TABLE bombs RENAME TO bombs_gone");
    try {
      for (const [text, what] of [
        ["resumen", "el resumen"],
        ["informe 2026-Q4", "el informe"],
      ] as const) {
        const { answer, name } = await ask(text);
        expect(answer.status).toBe(200);
        expect(String(answer.json?.text)).toMatch(/^⏳ Preparando/);
        const [reply, ...more] = await waitFor(
          () =>
            responsesAt(ws.standIn, name).length > 0 ? responsesAt(ws.standIn, name) : undefined,
          `the failure of ${text} at the response_url`,
        );
        expect(more).toEqual([]);
        expect(reply?.args).toMatchObject({ response_type: "ephemeral" });
        expect(reply?.args.text).toBe(
          `No he podido preparar ${what} por un error interno. Vuelve a pedirlo en unos minutos; si sigue fallando, avisa a quien administra el bot.`,
        );
        expect(reply?.args.blocks).toBeUndefined();
        seen.failures += 1;
      }
      expect(serve.stderr()).toMatch(/ERROR bomba: \/bomba digest failed/);
    } finally {
      alter("ALTER TABLE bombs_gone RENAME TO bombs");
    }
  });
});
