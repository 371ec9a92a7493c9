/**
 * The quarterly report on Teams through the real `bomba serve`, over HTTP on loopback, against
 * the stand-ins. With a report channel: the channel's card shows the chart as an image the bot
 * serves at an unguessable https address on its domain, the CSV and the charts go to the
 * channel's files folder and are linked under the card, and the CEO and each director get the
 * report in their 1:1 chat with links to those same files (no file consent card, no second copy).
 * With no report channel: one copy in the organization's SharePoint site, linked for everyone in
 * the organization. Neither leaves a failed row or alerts the loyalty managers.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Running, stopChild, tempDir, waitFor } from "../e2e/harness.ts";
import { orgYaml } from "../fixtures/org.ts";
import { cardProblems, cardText, TEAMS_MESSAGE_LIMIT } from "../support/adaptive-cards.ts";
import { startTeamsServe } from "../support/teams-serve.ts";
import {
  ORG_DRIVE_ID,
  startTeamsStandIn,
  type TeamsStandIn,
  type TeamsUser,
} from "../support/teams-stand-in.ts";

const TEAM = "8d0e6c1a-4a0b-4f7e-9a55-1d2b3c4d5e6f";
const CHANNEL = "19:direccion0001@thread.tacv2";
const DOMAIN = "bomba.example.com";
const NAMES = ["carlos", "olga", "luis", "nacho", "marcos", "jorge", "raul", "sergio", "ana"];
const USERS: TeamsUser[] = NAMES.map((name, index) => ({
  id: `cccccccc-0000-4000-8000-${String(index + 1).padStart(12, "0")}`,
  displayName: name,
  mail: `${name}@example.com`,
}));
const idOf = (name: string): string =>
  USERS.find((u) => u.mail === `${name}@example.com`)?.id ?? "";
/** Who gets the report in their chat: the CEO and the two directors. */
const READERS = ["carlos", "luis", "raul"];

/** The first working day of 2027, half an hour into it: the report of 2026-Q4 is due. */
const REPORT_DAY = DateTime.fromISO("2027-01-04T09:30", { zone: "Europe/Madrid" });

let standIn: TeamsStandIn;
const dirs: { path: string; remove(): void }[] = [];
let serve: Running | null = null;

/** Starts `bomba serve` on Teams in `dir`; resolves with its base URL once healthy. */
async function startServe(dir: string, extra: Record<string, string> = {}): Promise<string> {
  const started = await startTeamsServe(standIn, dir, REPORT_DAY.toISO() ?? "", extra);
  serve = started;
  return started.url;
}

async function stopServe(): Promise<void> {
  if (serve !== null) await stopChild(serve);
  serve = null;
}

/** A fresh folder with the fixture org (no digest) and the report going to `report`. */
function workspace(report: { channel: string } | undefined): string {
  const dir = tempDir();
  dirs.push(dir);
  writeFileSync(join(dir.path, "org.yaml"), orgYaml({ digest: undefined, report }));
  return dir.path;
}

/** The 1:1 conversation the connector holds with a person, if any. */
function chatOf(name: string): string | undefined {
  return [...standIn.conversations.values()].find(
    (c) => c.kind === "personal" && c.userId === idOf(name),
  )?.id;
}

type Card = Record<string, unknown>;

/** The cards posted in a conversation (or in replies under its messages), oldest first. */
function cardsIn(conversationId: string | undefined, replies = false): Card[] {
  if (conversationId === undefined) return [];
  return standIn.activities
    .filter(
      (held) =>
        !held.deleted &&
        (held.conversationId === conversationId ||
          (replies && held.conversationId.startsWith(`${conversationId};messageid=`))),
    )
    .map((held) => {
      const attachments = (held.activity.attachments ?? []) as { content: Card }[];
      return attachments[0]?.content ?? {};
    });
}

/** Every Image element of a card. */
function imagesOf(card: Card): { url: string; altText?: string }[] {
  const found: { url: string; altText?: string }[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === "object" && value !== null) {
      const record = value as Record<string, unknown>;
      if (record.type === "Image") found.push(record as { url: string; altText?: string });
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** Reads the store of `dir` (read-only, beside the running bot). */
function read<T>(dir: string, fn: (db: Sqlite.Database) => T): T {
  const db = new Sqlite(join(dir, "bomba.db"), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Rows of the store's outbox that were given up. */
function failedRows(dir: string): { kind: string; recipient: string; last_error: string }[] {
  return read(
    dir,
    (db) =>
      db
        .prepare("SELECT kind, recipient, last_error FROM outbox WHERE status = 'failed'")
        .all() as { kind: string; recipient: string; last_error: string }[],
  );
}

/** Rows of the outbox still waiting to go. */
function pendingRows(dir: string): number {
  return read(
    dir,
    (db) =>
      (
        db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as {
          n: number;
        }
      ).n,
  );
}

/** A GET with a bounded time and one retry on a network error. */
async function get(url: string): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(20_000) });
    } catch (error) {
      if (attempt >= 1) throw error;
    }
  }
}

beforeAll(async () => {
  standIn = await startTeamsStandIn({ users: USERS, channels: { [TEAM]: [CHANNEL] } });
}, 30_000);

afterAll(async () => {
  await stopServe();
  await standIn?.close();
  for (const dir of dirs) dir.remove();
});

describe("the quarterly report on Teams, through the real serve", () => {
  let dir = "";
  let base = "";

  it("the channel's card shows the chart, and links the files put in the channel's folder", async () => {
    dir = workspace({ channel: `${TEAM}/${CHANNEL}` });
    base = await startServe(dir, { TEAMS_BOT_DOMAIN: DOMAIN });
    // The report's card(s), then the reply linking the files.
    const cards = await waitFor(
      () => {
        const found = cardsIn(CHANNEL, true);
        return found.length >= 2 && standIn.files.length >= 4 ? found : null;
      },
      "the report and its files in the channel",
      40_000,
    );
    for (const card of cards) {
      expect(cardProblems(card)).toEqual([]);
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(TEAMS_MESSAGE_LIMIT);
    }
    expect(cardText(cards[0])).toContain("2026-Q4");
    // The CSV, the company's chart and one per department, in the channel's files folder.
    expect(standIn.files.map((file) => file.name).sort()).toEqual([
      "informe-2026-Q4-comercial.png",
      "informe-2026-Q4-logistica.png",
      "informe-2026-Q4-total.png",
      "informe-2026-Q4.csv",
    ]);
    const reply = cards.at(-1) ?? {};
    for (const file of standIn.files) expect(JSON.stringify(reply)).toContain(file.webUrl);

    const [image] = imagesOf(cards[0] ?? {});
    expect(image?.url).toMatch(
      new RegExp(
        `^https://${DOMAIN.replaceAll(".", "\\.")}/charts/2026-Q4-[A-Za-z0-9_-]{43}\\.png$`,
      ),
    );
    expect(image?.altText).toContain("2026-Q4");
  }, 60_000);

  it("the chart's address answers the PNG; a changed MAC, quarter or path answers 404", async () => {
    const card = cardsIn(CHANNEL)[0] ?? {};
    const url = new URL(imagesOf(card)[0]?.url ?? "https://x/none");
    const served = await get(`${base}${url.pathname}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    const png = Buffer.from(await served.arrayBuffer());
    // The very chart put in the channel's files folder.
    const company = standIn.files.find((file) => file.name === "informe-2026-Q4-total.png");
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(png.equals(company?.content ?? Buffer.alloc(0))).toBe(true);

    const mac = url.pathname.slice("/charts/".length).slice("2026-Q4-".length, -".png".length);
    const flipped = `${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`;
    for (const path of [
      `/charts/2026-Q4-${flipped}.png`,
      `/charts/2026-Q3-${mac}.png`,
      `/charts/2026-Q4-${mac}.jpg`,
      "/charts/",
      "/charts/2026-Q4.png",
    ]) {
      const answer = await get(`${base}${path}`);
      expect([path, answer.status]).toEqual([path, 404]);
    }
  }, 30_000);

  it("the CEO and each director get the report in their chat, linking the channel's files", async () => {
    const readers = await waitFor(
      () => {
        const found = READERS.map((name) => cardsIn(chatOf(name)));
        return found.every((cards) => cards.length >= 2) ? found : null;
      },
      "the report and its links in the CEO's and the directors' chats",
      40_000,
    );
    const channelUrls = standIn.files.map((file) => file.webUrl);
    for (const cards of readers) {
      for (const card of cards) expect(cardProblems(card)).toEqual([]);
      expect(cardText(cards[0])).toContain("2026-Q4");
      expect(imagesOf(cards[0] ?? {})).toHaveLength(1);
      const links = JSON.stringify(cards.at(-1));
      for (const url of channelUrls) expect(links).toContain(url);
    }
    // One copy of each file, put once: the chats link it, nobody uploaded it again.
    expect(standIn.files.map((file) => file.replaced)).toEqual([0, 0, 0, 0]);
    expect(standIn.callsTo("graph", "PUT").filter((call) => call.status === 201)).toHaveLength(4);
    await waitFor(() => pendingRows(dir) === 0, "the outbox drained", 20_000);
    await stopServe();
    expect(failedRows(dir)).toEqual([]);
    // No alert to the loyalty manager: nothing failed.
    expect(cardsIn(chatOf("ana"))).toEqual([]);
  }, 60_000);

  it("with no report channel, one copy in the organization's site, linked for everyone in it", async () => {
    standIn.reset();
    const plain = workspace(undefined);
    await startServe(plain);
    const readers = await waitFor(
      () => {
        const found = READERS.map((name) => cardsIn(chatOf(name)));
        return found.every((cards) => cards.length >= 2) ? found : null;
      },
      "the report and its links in the CEO's and the directors' chats",
      40_000,
    );
    expect(standIn.files.map((file) => [file.driveId, file.parentId]).sort()).toEqual(
      Array.from({ length: 4 }, () => [ORG_DRIVE_ID, "Correo Bomba"]),
    );
    for (const file of standIn.files) {
      expect(file.links.map((link) => [link.type, link.scope])).toEqual([["view", "organization"]]);
    }
    for (const cards of readers) {
      for (const card of cards) expect(cardProblems(card)).toEqual([]);
      // No domain set: no chart image in the card.
      expect(imagesOf(cards[0] ?? {})).toEqual([]);
      const links = JSON.stringify(cards.at(-1));
      for (const file of standIn.files) expect(links).toContain(file.links[0]?.webUrl ?? "none");
    }
    await waitFor(() => pendingRows(plain) === 0, "the outbox drained", 20_000);
    await stopServe();
    expect(failedRows(plain)).toEqual([]);
    expect(cardsIn(chatOf("ana"))).toEqual([]);
  }, 60_000);
});
