/**
 * `/bomba list | show | help` and their Spanish aliases answer privately, and App Home shows a
 * person's bombs: through the real `bomba serve`, as Slack calls it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allText } from "../slack/slack-fixtures.ts";
import { stateValue } from "../support/signed-request.ts";
import {
  type Answer,
  type Bot,
  blockKitProblems,
  dmOf,
  responsesAt,
  STRANGER,
  slackIds,
  startBot,
  waitFor,
  waitForDm,
} from "./harness.ts";

const { ana, nacho, sergio } = slackIds;

describe("slash commands and App Home, end to end", () => {
  let bot: Bot;

  /** The private answer's whole text (fallback and blocks), after checking it is ephemeral. */
  function privately(answer: Answer): string {
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ response_type: "ephemeral" });
    return `${String(answer.json?.text)}\n${allText(answer.json)}`;
  }

  beforeAll(async () => {
    bot = await startBot();
    const departments = [
      ["Frutas Hernández", "logistica", nacho],
      ["Papelería Soler", "comercial", sergio],
    ] as const;
    for (const [customer, department, link] of departments) {
      await bot.submit({
        userId: ana,
        callbackId: "bomba_open",
        privateMetadata: "",
        viewId: `V0CMD${department}`,
        values: {
          customer: stateValue.text(customer),
          contact: stateValue.text(""),
          complaint: stateValue.text("El pedido llegó incompleto."),
          source: stateValue.staticSelect("direct"),
          department: stateValue.staticSelect(department),
        },
      });
      await waitForDm(bot.standIn, link, customer);
    }
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it("/bomba help and /bomba ayuda answer the same help, privately", async () => {
    const help = privately(await bot.command(nacho, "help"));
    const ayuda = privately(await bot.command(nacho, "ayuda"));
    expect(help).toContain("/bomba ayuda");
    expect(help).toContain("/bomba lista");
    expect(ayuda).toBe(help);
  });

  it("/bomba list and /bomba lista show the bombs a person holds", async () => {
    for (const text of ["list", "lista", "lista mías"]) {
      const shown = privately(await bot.command(nacho, text));
      expect(shown).toContain("Tus bombas abiertas");
      expect(shown).toContain("#1 · Frutas Hernández");
      expect(shown).not.toContain("Papelería Soler");
    }
    const none = privately(await bot.command(STRANGER, "lista"));
    expect(none).not.toContain("#1");
    expect(none).not.toContain("#2");
  });

  it("/bomba list all | <department> (lista todas) show a loyalty manager every bomb", async () => {
    for (const text of ["list all", "lista todas"]) {
      const shown = privately(await bot.command(ana, text));
      expect(shown).toContain("Todas las bombas abiertas");
      expect(shown).toContain("#1 · Frutas Hernández");
      expect(shown).toContain("#2 · Papelería Soler");
    }
    const commercial = privately(await bot.command(ana, "lista comercial"));
    expect(commercial).toContain("#2 · Papelería Soler");
    expect(commercial).not.toContain("Frutas Hernández");
  });

  it("/bomba show <id> and /bomba ver <id> show the bomb to those who may see it", async () => {
    for (const text of ["show 1", "ver 1", "ver #1"]) {
      const shown = privately(await bot.command(nacho, text));
      expect(shown).toContain("Frutas Hernández");
      expect(shown).toContain("El pedido llegó incompleto.");
    }
    const hidden = privately(await bot.command(STRANGER, "ver 1"));
    expect(hidden).toContain("No existe la bomba #1.");
    expect(hidden).not.toContain("Frutas Hernández");
    const missing = privately(await bot.command(ana, "show 99"));
    expect(missing).toContain("No existe la bomba #99.");
  });

  it("/bomba show offers Defuse to the loyalty manager, not to the holder", async () => {
    const actionIds = (answer: Answer) =>
      JSON.stringify(answer.json).match(/"action_id":"bomba_[a-z_]+"/g) ?? [];
    expect(actionIds(await bot.command(ana, "ver 1"))).toContain('"action_id":"bomba_defuse"');
    expect(actionIds(await bot.command(nacho, "ver 1"))).not.toContain(
      '"action_id":"bomba_defuse"',
    );
  });

  /** What `respond()` posted to the response_url named `name`, once something arrived. */
  async function answered(name: string): Promise<string> {
    const calls = await waitFor(() => {
      const found = responsesAt(bot.standIn, name);
      return found.length > 0 ? found : undefined;
    }, `an answer at the response_url ${name}`);
    for (const call of calls) expect(call.args).toMatchObject({ response_type: "ephemeral" });
    return calls.map((call) => `${String(call.args.text)}\n${allText(call.args)}`).join("\n");
  }

  // The digest and the report are acked with one line and answered through the response_url
  // (they used to come in the ack, built before it: issue 9, item 9).
  it("/bomba resumen shows the digest to the loyalty manager; others are told it is not theirs", async () => {
    const ack = privately(
      await bot.command(ana, "resumen", { response_url: bot.standIn.responseUrl("resumen") }),
    );
    expect(ack).toContain("Preparando el resumen");
    const digest = await answered("resumen");
    expect(digest).toContain("Frutas Hernández");
    expect(digest).toContain("Papelería Soler");
    const refused = privately(
      await bot.command(nacho, "digest", { response_url: bot.standIn.responseUrl("refused") }),
    );
    expect(refused).toContain("/bomba lista");
    expect(refused).not.toContain("Frutas Hernández");
    expect(responsesAt(bot.standIn, "refused")).toEqual([]);
  });

  it("/bomba informe 2026-Q4 answers with the quarter's figures; a bad quarter is named", async () => {
    const ack = privately(
      await bot.command(ana, "informe 2026-Q4", { response_url: bot.standIn.responseUrl("q4") }),
    );
    expect(ack).toContain("Preparando el informe de 2026-Q4");
    const report = await answered("q4");
    expect(report).toContain("2026-Q4");
    expect(report).toContain("Frutas Hernández");
    const bad = privately(await bot.command(ana, "informe 2026-Q9"));
    expect(bad).toContain("2026-Q9");
  });

  it("posts the day's digest to the digest channel once, by itself", async () => {
    // The clock starts on a working Monday after 09:00: the first scheduler pass claims the day.
    const posts = await waitFor(() => {
      const found = bot.standIn
        .callsTo("chat.postMessage")
        .filter((c) => c.args.channel === "#fidelizacion");
      return found.length > 0 ? found : undefined;
    }, "the digest in #fidelizacion");
    expect(posts).toHaveLength(1);
  });

  it("answers a command it does not know with the problem and the help", async () => {
    const shown = privately(await bot.command(nacho, "borrar 1"));
    expect(shown).toContain("No conozco «borrar»");
    expect(shown).toContain("/bomba ayuda");
  });

  it("changed nothing: commands only read", () => {
    expect(bot.bombCount()).toBe(2);
    expect(bot.bomb(1)).toMatchObject({ state: "pending", version: 1 });
    expect(bot.bomb(2)).toMatchObject({ state: "pending", version: 1 });
  });

  it("publishes App Home with the bombs a person holds", async () => {
    const answer = await bot.event({
      type: "app_home_opened",
      user: nacho,
      channel: dmOf(nacho),
      tab: "home",
    });
    expect(answer.status).toBe(200);
    const home = await waitFor(() => bot.standIn.homeViews.get(nacho), "Nacho's App Home");
    expect(home.type).toBe("home");
    const shown = allText(home);
    expect(shown).toContain("#1 · Frutas Hernández");
    expect(shown).not.toContain("Papelería Soler");

    await bot.event({
      type: "app_home_opened",
      user: STRANGER,
      channel: "D0STRANGER",
      tab: "home",
    });
    const empty = await waitFor(() => bot.standIn.homeViews.get(STRANGER), "a stranger's Home");
    expect(allText(empty)).not.toContain("#1");
  });

  it("kept every Block Kit payload and command answer within Slack's limits", () => {
    expect(bot.commandAnswers.length).toBeGreaterThan(10);
    expect(bot.standIn.callsTo("views.publish")).toHaveLength(2);
    expect(blockKitProblems(bot.standIn.calls, bot.commandAnswers)).toEqual([]);
  });
});
