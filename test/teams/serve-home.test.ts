/**
 * The "what I hold" card in a person's 1:1 chat, through the real `bomba serve` on Teams with
 * signed activities: `inicio` answers it; a change made elsewhere (the person accepting from the
 * bomb's own card, in a dialog) puts it again in place, as it now stands, while it is the latest
 * message in the chat; once another message went into the chat after it, it is left as it is.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeOrg } from "../../src/app/org-change.ts";
import { catalog } from "../../src/i18n/catalog.ts";
import { parseOrg } from "../../src/org/load-org.ts";
import { openStore } from "../../src/store/open-store.ts";
import { connector } from "../../src/teams/connector.ts";
import { tokenProvider } from "../../src/teams/tokens.ts";
import { REFERENCE_CLOCK, stopChild, tempDir, waitFor } from "../e2e/harness.ts";
import { orgYaml } from "../fixtures/org.ts";
import { cardProblems, cardText } from "../support/adaptive-cards.ts";
import { personalActivity, startTeamsServe, type TeamsServe } from "../support/teams-serve.ts";
import {
  startTeamsStandIn,
  TEAMS_STAND_IN_IDENTITY,
  type TeamsStandIn,
} from "../support/teams-stand-in.ts";
import { postSignedActivity } from "../support/teams-tokens.ts";

const { clientId, clientSecret, tenantId } = TEAMS_STAND_IN_IDENTITY;
const people = {
  ana: { id: "dddddddd-0000-4000-8000-000000000001", displayName: "Ana", mail: "ana@example.com" },
  nacho: {
    id: "dddddddd-0000-4000-8000-000000000003",
    displayName: "Nacho",
    mail: "nacho@example.com",
  },
  luis: {
    id: "dddddddd-0000-4000-8000-000000000002",
    displayName: "Luis",
    mail: "luis@example.com",
  },
};
type Who = keyof typeof people;
const home = catalog("es").chat.home;

let standIn: TeamsStandIn;
let dir: { path: string; remove(): void };
let serve: TeamsServe;
let url = "";
const chats = new Map<Who, string>();
let sequence = 0;

function activity(who: Who, over: Record<string, unknown>): Record<string, unknown> {
  const person = people[who];
  sequence += 1;
  const from = { id: `29:${who}`, aadObjectId: person.id, name: person.displayName };
  return personalActivity(standIn, from, chats.get(who), { id: `h-${sequence}`, ...over });
}

/** The activities in `who`'s chat, oldest first. */
function heldIn(who: Who) {
  return standIn.activities.filter((held) => held.conversationId === chats.get(who));
}

function cardOf(held: { activity: Record<string, unknown> } | undefined): Record<string, unknown> {
  const attachments = (held?.activity.attachments ?? []) as { content: Record<string, unknown> }[];
  return attachments[0]?.content ?? {};
}

/** Says `text` as `who`; the activity of the card it answers with. */
async function say(who: Who, text: string) {
  const before = heldIn(who).length;
  const answer = await postSignedActivity(url, standIn.botKey, clientId, activity(who, { text }));
  expect(answer.status).toBe(200);
  return waitFor(() => heldIn(who)[before], `the card answering "${text}"`);
}

/** Posts an invoke as `who`; its answer's body. */
async function invoke(who: Who, name: string, value: unknown): Promise<Record<string, unknown>> {
  const posted = activity(who, { type: "invoke", name, value, text: undefined });
  const answer = await postSignedActivity(url, standIn.botKey, clientId, posted);
  expect(answer.status).toBe(200);
  return answer.body as Record<string, unknown>;
}

beforeAll(async () => {
  standIn = await startTeamsStandIn({ users: Object.values(people), channels: {} });
  dir = tempDir();
  const orgPath = join(dir.path, "org.yaml");
  const text = orgYaml({ digest: undefined, report: undefined });
  writeFileSync(orgPath, text);
  const db = join(dir.path, "bomba.db");
  const parsed = parseOrg(text);
  if (!parsed.ok) throw new Error("the fixture org does not load");
  const store = await openStore(db);
  const addresses = new Map(Object.values(people).map((p) => [p.mail, p.id] as const));
  await changeOrg(store, parsed.org, addresses, Date.parse(REFERENCE_CLOCK), "import");
  await store.close();
  serve = await startTeamsServe(standIn, dir.path, REFERENCE_CLOCK);
  url = `${serve.url}/api/messages`;
  const tokens = tokenProvider({ clientId, clientSecret, tenantId, loginUrl: standIn.loginUrl });
  const client = connector({ clientId, tenantId, serviceUrl: standIn.serviceUrl, tokens });
  for (const who of Object.keys(people) as Who[]) {
    chats.set(who, await client.createConversation(people[who].id));
  }
}, 60_000);

afterAll(async () => {
  if (serve !== undefined) await stopChild(serve);
  await standIn?.close();
  dir?.remove();
});

describe("the home card on Teams, kept in place through the real serve", () => {
  let first: ReturnType<typeof heldIn>[number] | undefined;

  it("inicio answers the home card: nothing held yet", async () => {
    first = await say("nacho", "inicio");
    expect(cardProblems(cardOf(first))).toEqual([]);
    expect(cardText(cardOf(first))).toContain(home.empty);
  });

  it("a bomb's card posted after it supersedes it: the earlier home card is left as it was", async () => {
    const body = await invoke("ana", "task/submit", {
      data: {
        action: "bomba_open",
        customer: "Hotel Miramar",
        contact: "Marta, 600 000 000",
        complaint: "Tres entregas tarde este mes",
        source: "direct",
        department: "logistica",
      },
    });
    expect(JSON.stringify(body)).toContain('"type":"message"');
    await waitFor(() => heldIn("nacho").length >= 2, "the bomb's card in Nacho's chat");
    expect(cardText(cardOf(heldIn("nacho")[1]))).toContain("Hotel Miramar");
    // Its delivery edits nothing in Nacho's chat: the home card above is not the latest any more.
    expect(first?.updates).toBe(0);
    expect(cardText(cardOf(first))).toContain(home.empty);
  });

  it("the latest home card is put again in place after a change made from the bomb's card", async () => {
    const latest = await say("nacho", "inicio");
    expect(cardText(cardOf(latest))).toContain(home.held);
    expect(cardText(cardOf(latest))).toContain("Hotel Miramar");
    const body = await invoke("nacho", "task/submit", {
      data: {
        action: "bomba_accept",
        bombId: 1,
        severity: "minor",
        due: "2026-12-22",
        visit_by: people.nacho.id,
        visit_on: "2026-12-16",
        plan: "Llamar y visitar",
      },
    });
    expect(JSON.stringify(body)).toContain('"type":"message"');
    await waitFor(() => latest.updates > 0, "the home card put again");
    const card = cardOf(latest);
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain(home.owned);
    expect(cardText(card)).not.toContain(home.held);
    // In place: nothing new in Nacho's chat after it.
    expect(heldIn("nacho").at(-1)).toBe(latest);
    // The earlier, superseded one was never touched.
    expect(first?.updates).toBe(0);
  });
});
