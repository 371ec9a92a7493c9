/**
 * Every interaction of SPEC §5b through the real `bomba serve` on Teams, over HTTP on loopback,
 * with signed activities: the command words in Spanish and English, the report form opened as a
 * dialog (from a card's button and from the compose box), submitted with an error and then
 * fixed, a bomb's buttons (`task/fetch` → dialog, `task/submit` → change), a stale and a foreign
 * click, a double submission, dismiss through `Action.Execute`. Every card is valid Adaptive
 * Card 1.5, and the store is read after each step.
 *
 * The people's Teams addresses are in the store before `serve` starts, as `org import` leaves
 * them.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { changeOrg } from "../../src/app/org-change.ts";
import type { Bomb } from "../../src/core/bomb.ts";
import { catalog } from "../../src/i18n/catalog.ts";
import { teamsCatalog } from "../../src/i18n/teams-catalog.ts";
import { parseOrg } from "../../src/org/load-org.ts";
import { openStore } from "../../src/store/open-store.ts";
import { connector } from "../../src/teams/connector.ts";
import { teamsSurface } from "../../src/teams/surface.ts";
import { tokenProvider } from "../../src/teams/tokens.ts";
import { REFERENCE_CLOCK, type Running, stopChild, tempDir, waitFor } from "../e2e/harness.ts";
import { orgYaml } from "../fixtures/org.ts";
import { cardProblems, cardText, inputIds } from "../support/adaptive-cards.ts";
import { personalActivity, startTeamsServe } from "../support/teams-serve.ts";
import {
  startTeamsStandIn,
  TEAMS_STAND_IN_IDENTITY,
  type TeamsStandIn,
} from "../support/teams-stand-in.ts";
import { postSignedActivity } from "../support/teams-tokens.ts";

const { clientId, clientSecret, tenantId } = TEAMS_STAND_IN_IDENTITY;
const BOT = `28:${clientId}`;

/** People of the fixture org with their Entra object ids. */
const people = {
  ana: { id: "aaaaaaaa-0000-4000-8000-000000000001", displayName: "Ana", mail: "ana@example.com" },
  luis: {
    id: "aaaaaaaa-0000-4000-8000-000000000002",
    displayName: "Luis",
    mail: "luis@example.com",
  },
  nacho: {
    id: "aaaaaaaa-0000-4000-8000-000000000003",
    displayName: "Nacho",
    mail: "nacho@example.com",
  },
  carlos: {
    id: "aaaaaaaa-0000-4000-8000-000000000004",
    displayName: "Carlos",
    mail: "carlos@example.com",
  },
};
type Who = keyof typeof people;

interface TeamsBot {
  url: string;
  db: string;
  serve: Running;
  stop(): Promise<void>;
}

/** Starts `bomba serve` on Teams over an org of `locale` whose people's addresses are stored. */
async function startTeamsBot(standIn: TeamsStandIn, locale: "es" | "en"): Promise<TeamsBot> {
  const dir = tempDir();
  const orgPath = join(dir.path, "org.yaml");
  const text = orgYaml({ locale });
  writeFileSync(orgPath, text);
  const db = join(dir.path, "bomba.db");
  const parsed = parseOrg(text);
  if (!parsed.ok) throw new Error("the fixture org does not load");
  const store = await openStore(db);
  const addresses = new Map(Object.values(people).map((p) => [p.mail, p.id] as const));
  await changeOrg(store, parsed.org, addresses, Date.parse(REFERENCE_CLOCK), "import");
  await store.close();
  const serve = await startTeamsServe(standIn, dir.path, REFERENCE_CLOCK);
  return {
    url: `${serve.url}/api/messages`,
    db,
    serve,
    async stop() {
      await stopChild(serve);
      dir.remove();
    },
  };
}

let standIn: TeamsStandIn;
let bot: TeamsBot;
const chats = new Map<Who, string>();
let sequence = 0;

async function chatWith(userId: string): Promise<string> {
  const tokens = tokenProvider({ clientId, clientSecret, tenantId, loginUrl: standIn.loginUrl });
  return connector({
    clientId,
    tenantId,
    serviceUrl: standIn.serviceUrl,
    tokens,
  }).createConversation(userId);
}

function activity(who: Who, over: Record<string, unknown>): Record<string, unknown> {
  const person = people[who];
  sequence += 1;
  const from = { id: `29:${who}`, aadObjectId: person.id, name: person.displayName };
  return personalActivity(standIn, from, chats.get(who), { id: `a-${sequence}`, ...over });
}

/** The cards the connector holds in `who`'s chat, oldest first. */
function cardsOf(who: Who): Record<string, unknown>[] {
  const chat = chats.get(who);
  return standIn.activities
    .filter((held) => held.conversationId === chat)
    .map((held) => {
      const attachments = held.activity.attachments as { content: Record<string, unknown> }[];
      return attachments[0]?.content ?? {};
    });
}

/** Says `text` to the bot as `who`; the cards it answers with (at least `count`). */
async function say(
  target: TeamsBot,
  who: Who,
  text: string,
  count = 1,
): Promise<Record<string, unknown>[]> {
  const before = cardsOf(who).length;
  const answer = await postSignedActivity(
    target.url,
    standIn.botKey,
    clientId,
    activity(who, { text }),
  );
  expect(answer.status).toBe(200);
  const cards = await waitFor(() => {
    const now = cardsOf(who).slice(before);
    return now.length >= count ? now : null;
  }, `${count} card(s) answering "${text}"`);
  for (const card of cards) expect(cardProblems(card)).toEqual([]);
  return cards;
}

/** Posts an invoke as `who`; its answer's body. */
async function invoke(
  who: Who,
  name: string,
  value: unknown,
  id?: string,
): Promise<Record<string, unknown>> {
  const posted = activity(who, { type: "invoke", name, value, text: undefined });
  if (id !== undefined) posted.id = id;
  const answer = await postSignedActivity(bot.url, standIn.botKey, clientId, posted);
  expect(answer.status).toBe(200);
  return answer.body as Record<string, unknown>;
}

/** The card of a `task: {type: "continue"}` answer, checked valid. */
function dialogCard(body: Record<string, unknown>): Record<string, unknown> {
  const task = body.task as { type: string; value: { title: string; card: { content: unknown } } };
  expect(task.type).toBe("continue");
  expect(task.value.title).not.toBe("");
  const card = task.value.card.content as Record<string, unknown>;
  expect(cardProblems(card)).toEqual([]);
  return card;
}

/** The line of a `task: {type: "message"}` answer. */
function dialogLine(body: Record<string, unknown>): string {
  const task = body.task as { type: string; value: string };
  expect(task.type).toBe("message");
  return task.value;
}

/** The value of the input `id` in a dialog card. */
function inputValue(card: unknown, id: string): unknown {
  const found: unknown[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === "object" && node !== null) {
      const record = node as Record<string, unknown>;
      if (record.id === id && typeof record.type === "string" && record.type.startsWith("Input."))
        found.push(record.value);
      for (const child of Object.values(record)) walk(child);
    }
  };
  walk(card);
  return found[0];
}

async function readStore<T>(read: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>) {
  const store = await openStore(bot.db);
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

async function bomb(id: number): Promise<Bomb> {
  const found = await readStore((store) => store.loadBomb(id));
  if (found === null) throw new Error(`no bomb #${id}`);
  return found;
}

async function openBombs(): Promise<Bomb[]> {
  return readStore((store) => store.listOpenBombs({ all: true }));
}

const es = teamsCatalog("es");
const words = catalog("es");

const report = {
  action: "bomba_open",
  customer: "Hotel Miramar",
  contact: "Marta, 600 000 000",
  complaint: "Tres entregas tarde este mes",
  source: "direct",
  department: "logistica",
};

beforeAll(async () => {
  standIn = await startTeamsStandIn({
    users: Object.values(people),
    channels: {},
  });
  bot = await startTeamsBot(standIn, "es");
}, 60_000);
afterAll(async () => {
  await bot?.stop();
  await standIn?.close();
});
beforeEach(async () => {
  standIn.reset();
  for (const who of Object.keys(people) as Who[]) chats.set(who, await chatWith(people[who].id));
  standIn.calls.splice(0);
});

describe("a bomb's life through dialogs, in Spanish (one story, in order)", () => {
  it("nueva answers the card whose button opens the report form", async () => {
    const [card] = await say(bot, "ana", "nueva");
    expect(cardText(card)).toContain(es.newReport.text);
    const actions = card?.actions as { data: Record<string, unknown> }[];
    expect(actions[0]?.data).toEqual({ msteams: { type: "task/fetch" }, action: "bomba_open" });
  });

  it("task/fetch from that button opens the report form with the §5a input names", async () => {
    const body = await invoke("ana", "task/fetch", {
      data: { msteams: { type: "task/fetch" }, action: "bomba_open" },
    });
    const card = dialogCard(body);
    // Ana is the loyalty manager: she picks the department.
    expect(inputIds(card)).toEqual(["customer", "contact", "complaint", "source", "department"]);
    expect(await openBombs()).toEqual([]);
  });

  it("a submission with an empty customer shows the dialog again, the error under it, the rest kept", async () => {
    const body = await invoke("ana", "task/submit", { data: { ...report, customer: "  " } });
    const card = dialogCard(body);
    expect(cardText(card)).toContain(words.reasons.field_required({}));
    expect(inputValue(card, "contact")).toBe(report.contact);
    expect(await openBombs()).toEqual([]);
  });

  it("fixed, it files bomb #1 in Logística, held by its link, and says so in one line", async () => {
    const body = await invoke("ana", "task/submit", { data: report }, "submit-report-1");
    expect(dialogLine(body)).toBe(es.answers.reported({ id: 1 }));
    const filed = await bomb(1);
    expect(filed.state).toBe("pending");
    expect(filed.departmentId).toBe("logistica");
    expect(filed.state === "pending" && filed.assignment.holder).toBe("nacho@example.com");
  });

  it("the bomb filed from Teams reaches its link's 1:1 chat as a valid card", async () => {
    const delivered = await waitFor(
      () =>
        standIn.activities.find(
          (held) =>
            [...standIn.conversations.values()].some(
              (c) =>
                c.id === held.conversationId &&
                c.kind === "personal" &&
                c.userId === people.nacho.id,
            ) && JSON.stringify(held.activity).includes(report.customer),
        ) ?? null,
      "the bomb's card in Nacho's chat",
      15_000,
    );
    const card = (delivered.activity.attachments as { content: Record<string, unknown> }[])[0]
      ?.content;
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain(report.customer);
  });

  it("the same submission again (Teams retrying it) files nothing twice", async () => {
    const body = await invoke("ana", "task/submit", { data: report }, "submit-report-1");
    expect(dialogLine(body)).toBe(es.answers.reported({ id: 1 }));
    expect((await openBombs()).map((b) => b.id)).toEqual([1]);
  });

  it("a foreign click (Luis, not the holder) on Accept answers privately with the bomb's state", async () => {
    const body = await invoke("luis", "task/fetch", {
      data: { msteams: { type: "task/fetch" }, action: "bomba_accept", bombId: 1 },
    });
    const card = dialogCard(body);
    expect(cardText(card)).toContain(words.chat.status.intro);
    expect(cardText(card)).toContain("Hotel Miramar");
    expect(inputIds(card)).toEqual([]);
    expect((await bomb(1)).state).toBe("pending");
  });

  it("Nacho's Accept opens the accept form; a due date in the past is refused under the field", async () => {
    const opened = dialogCard(
      await invoke("nacho", "task/fetch", {
        data: { msteams: { type: "task/fetch" }, action: "bomba_accept", bombId: 1 },
      }),
    );
    expect(inputIds(opened)).toEqual(["severity", "due", "visit_by", "visit_on", "plan"]);
    const refused = dialogCard(
      await invoke("nacho", "task/submit", {
        data: {
          action: "bomba_accept",
          bombId: 1,
          severity: "minor",
          due: "2026-12-01",
          visit_by: people.nacho.id,
          visit_on: "2026-12-16",
          plan: "Llamar y visitar",
        },
      }),
    );
    expect(inputIds(refused)).toContain("due");
    expect(inputValue(refused, "plan")).toBe("Llamar y visitar");
    expect(cardText(refused)).toMatch(/⚠️/);
    expect((await bomb(1)).state).toBe("pending");
  });

  const accept = {
    action: "bomba_accept",
    bombId: 1,
    severity: "minor",
    due: "2026-12-22",
    visit_by: people.nacho.id,
    visit_on: "2026-12-16",
    plan: "Llamar y visitar",
  };

  it("fixed, Nacho accepts: one line, and the bomb is his", async () => {
    const body = await invoke("nacho", "task/submit", { data: accept }, "submit-accept-1");
    expect(dialogLine(body)).toBe(es.answers.done({ id: 1 }));
    const accepted = await bomb(1);
    expect(accepted.state).toBe("accepted");
    expect(accepted.state === "accepted" && accepted.commitment.owner).toBe("nacho@example.com");
  });

  it("a double submission of the accept changes nothing twice", async () => {
    const before = await readStore((store) => store.loadTimeline(1));
    const body = await invoke("nacho", "task/submit", { data: accept }, "submit-accept-1");
    expect(JSON.stringify(body)).not.toContain('"type":"message","value":"✅');
    const after = await readStore((store) => store.loadTimeline(1));
    expect(after).toHaveLength(before.length);
    expect((await bomb(1)).state).toBe("accepted");
  });

  it("a stale Accept on the first card answers with where the bomb stands now", async () => {
    const card = dialogCard(
      await invoke("nacho", "task/fetch", {
        data: { msteams: { type: "task/fetch" }, action: "bomba_accept", bombId: 1 },
      }),
    );
    expect(cardText(card)).toContain(words.chat.status.intro);
    expect(cardText(card)).toContain(words.states.accepted);
    expect(inputIds(card)).toEqual([]);
  });

  it("a button naming a bomb that does not exist is refused, nothing done", async () => {
    const card = dialogCard(
      await invoke("nacho", "task/fetch", {
        data: { msteams: { type: "task/fetch" }, action: "bomba_resolve", bombId: 99 },
      }),
    );
    expect(cardText(card)).toContain(words.reasons.not_found({ id: 99 }));
  });
});

describe("the bomba_open message extension and dismiss (Action.Execute)", () => {
  it("the compose box's bomba_open opens the report form, whose submission files a report", async () => {
    const opened = dialogCard(
      await invoke("luis", "composeExtension/fetchTask", {
        commandId: "bomba_open",
        commandContext: "compose",
      }),
    );
    // Luis is no loyalty manager: no department, the report goes to triage.
    expect(inputIds(opened)).toEqual(["customer", "contact", "complaint", "source"]);
    const count = (await openBombs()).length;
    const body = await invoke("luis", "composeExtension/submitAction", {
      commandId: "bomba_open",
      commandContext: "compose",
      data: {
        action: "bomba_open",
        customer: "Bodegas Sur",
        contact: "Pepe",
        complaint: "Palés rotos",
        source: "survey",
      },
    });
    const line = dialogLine(body);
    const id = Number(/#(\d+)/.exec(line)?.[1]);
    expect(line).toBe(es.answers.reported({ id }));
    const filed = await bomb(id);
    expect(filed.state).toBe("triage");
    expect((await openBombs()).length).toBe(count + 1);
  });

  it("a foreign dismiss is refused; Ana's dismisses the report", async () => {
    const triage = (await openBombs()).find((b) => b.state === "triage");
    if (triage === undefined) throw new Error("no report in triage");
    const execute = (who: Who) =>
      invoke(who, "adaptiveCard/action", {
        action: {
          type: "Action.Execute",
          verb: "bomba_triage_dismiss",
          data: { bombId: triage.id },
        },
        trigger: "manual",
      });
    const foreign = await execute("nacho");
    expect(foreign.statusCode).toBe(200);
    expect(foreign.type).toBe("application/vnd.microsoft.activity.message");
    expect(String(foreign.value)).toContain(words.chat.status.intro);
    expect((await bomb(triage.id)).state).toBe("triage");
    const done = await execute("ana");
    expect(done.value).toBe(es.answers.dismissed({ id: triage.id }));
    expect((await bomb(triage.id)).state).toBe("dismissed");
  });

  it("an action the bot does not know opens nothing and changes nothing", async () => {
    const count = (await openBombs()).length;
    expect(
      dialogLine(await invoke("ana", "task/fetch", { data: { action: "bomba_explode" } })),
    ).toBe(es.answers.unknownAction);
    expect(dialogLine(await invoke("ana", "task/submit", { data: { action: 7 } }))).toBe(
      es.answers.unknownAction,
    );
    const execute = await invoke("ana", "adaptiveCard/action", {
      action: { verb: "bomba_accept" },
    });
    expect(execute.value).toBe(es.answers.unknownAction);
    expect((await openBombs()).length).toBe(count);
  });
});

describe("the command words, in Spanish", () => {
  it("lista, lista todas, ver 1, inicio, ayuda, an unknown word", async () => {
    const [mine] = await say(bot, "nacho", "lista");
    expect(cardText(mine)).toContain(words.chat.listMine);
    const [all] = await say(bot, "ana", "<at>Correo Bomba</at> lista todas");
    expect(cardText(all)).toContain(words.chat.listAll);
    expect(cardText(all)).toContain("Hotel Miramar");
    const [detail] = await say(bot, "ana", "ver 1");
    expect(cardText(detail)).toContain("#1");
    expect(cardText(detail)).toContain("Hotel Miramar");
    const [home] = await say(bot, "nacho", "inicio");
    expect(cardText(home)).toContain(words.chat.home.title);
    expect(cardText(home)).toContain("Hotel Miramar");
    const [help] = await say(bot, "ana", "ayuda");
    expect(cardText(help)).toContain(es.help.title);
    const [unknown] = await say(bot, "ana", "bombazo");
    expect(cardText(unknown)).toContain("bombazo");
    expect(cardText(unknown)).toContain(es.help.title);
  });

  it("lista <departamento> with an @mention in a channel is answered in the 1:1 chat, never the channel", async () => {
    const channel = "19:canal-fidelizacion@thread.tacv2";
    const before = cardsOf("ana").length;
    const answer = await postSignedActivity(
      bot.url,
      standIn.botKey,
      clientId,
      activity("ana", {
        text: "<at>Correo Bomba</at> lista logistica",
        conversation: { id: `${channel};messageid=7`, conversationType: "channel", tenantId },
        entities: [
          {
            type: "mention",
            text: "<at>Correo Bomba</at>",
            mentioned: { id: BOT, name: "Correo Bomba" },
          },
        ],
      }),
    );
    expect(answer.status).toBe(200);
    const [card] = await waitFor(() => {
      const cards = cardsOf("ana").slice(before);
      return cards.length > 0 ? cards : null;
    }, "the list in Ana's chat");
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain("Logística");
    expect(cardText(card)).toContain("Hotel Miramar");
    expect(standIn.activities.map((held) => held.conversationId)).toEqual([chats.get("ana")]);
  });

  it("ver of a bomb someone may not see reads as not found", async () => {
    const [card] = await say(bot, "luis", "ver 1");
    // Luis directs Logística: he may see it. Carlos may see everything; a stranger number not.
    expect(cardText(card)).toContain("#1");
    const [missing] = await say(bot, "carlos", "ver 4242");
    expect(cardText(missing)).toContain(words.reasons.not_found({ id: 4242 }));
  });

  it("resumen: the working line first, then the digest", async () => {
    const cards = await say(bot, "ana", "resumen", 2);
    expect(cardText(cards[0])).toContain(words.chat.working.digest({ quarter: "2026-Q3" }));
    expect(cardText(cards[1])).toContain("Logística");
  });

  it("informe 2026-Q4: the working line, then the report", async () => {
    const cards = await say(bot, "carlos", "informe 2026-Q4", 2);
    expect(cardText(cards[0])).toContain(words.chat.working.report({ quarter: "2026-Q4" }));
    expect(cardText(cards[1])).toContain("2026");
  });

  it("resumen from someone not in charge is refused in one line", async () => {
    const [card] = await say(bot, "nacho", "resumen");
    const said = cardText(card);
    expect(said).toContain(words.chat.onlyInCharge(teamsSurface("es").command).slice(0, 40));
    expect(cardsOf("nacho")).toHaveLength(1);
  });
});

describe("the command words, in English", () => {
  let english: TeamsBot;
  beforeAll(async () => {
    english = await startTeamsBot(standIn, "en");
  }, 60_000);
  afterAll(async () => {
    await english?.stop();
  });

  it("new, list, list all, show, home, digest, report, help", async () => {
    const en = teamsCatalog("en");
    const enWords = catalog("en");
    const [fresh] = await say(english, "ana", "new");
    expect(cardText(fresh)).toContain(en.newReport.text);
    const [mine] = await say(english, "nacho", "list mine");
    expect(cardText(mine)).toContain(enWords.chat.listMine);
    const [all] = await say(english, "ana", "list all");
    expect(cardText(all)).toContain(enWords.chat.listAll);
    const [missing] = await say(english, "ana", "show 7");
    expect(cardText(missing)).toContain(enWords.reasons.not_found({ id: 7 }));
    const [home] = await say(english, "nacho", "home");
    expect(cardText(home)).toContain(enWords.chat.home.title);
    const digest = await say(english, "ana", "digest", 2);
    expect(cardText(digest[1])).not.toBe("");
    const report = await say(english, "carlos", "report 2026-Q4", 2);
    expect(cardText(report[0])).toContain("2026-Q4");
    const [help] = await say(english, "ana", "help");
    expect(cardText(help)).toContain(en.help.title);
  });
});
