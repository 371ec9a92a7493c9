/**
 * The Teams port as the outbox uses it: conversations created once and kept (across a restart,
 * through the store's book), and a person without the app given it through Graph, then the call
 * made once more.
 */
import { describe, expect, it } from "vitest";
import { type ChatContent, ChatError, type ChatPort } from "../../src/chat/port.ts";
import { type ConversationBook, deliveringPort } from "../../src/teams/delivery.ts";
import type { Graph } from "../../src/teams/graph.ts";

interface World {
  port: ChatPort;
  graph: Graph;
  book: ConversationBook & { rows: Map<string, string> };
  installedFor: Set<string>;
  created: string[];
  sent: string[];
  installs: string[];
}

/** A fake Teams: people in `lacking` have no app until Graph installs it. */
function world(lacking: string[] = [], catalog: string | null = "cat-1"): World {
  const installedFor = new Set<string>();
  const created: string[] = [];
  const sent: string[] = [];
  const installs: string[] = [];
  const reachable = (address: string) => !lacking.includes(address) || installedFor.has(address);
  const port: ChatPort = {
    platform: "teams",
    lookupByEmail: async () => null,
    openConversation: async (address) => {
      if (!reachable(address)) throw new ChatError("not_installed", "BotNotInConversationRoster");
      created.push(address);
      return `a:${address}`;
    },
    send: async (to) => {
      const conversation = "conversation" in to ? to.conversation : to.channel;
      if (!reachable(conversation.slice(2))) {
        throw new ChatError("not_installed", "BotNotInConversationRoster");
      }
      sent.push(conversation);
      return [{ conversation, ref: String(sent.length), part: 1 }];
    },
    find: async () => [],
    update: async () => null,
    retire: async () => {},
    upload: async () => {},
  };
  const graph = {
    catalogAppId: async () => catalog,
    installApp: async (user: string, id: string) => {
      installs.push(`${user}@${id}`);
      if (user === "guest") throw new ChatError("permanent", "Forbidden");
      installedFor.add(user);
      return true;
    },
  } as unknown as Graph;
  const rows = new Map<string, string>();
  const book = {
    rows,
    conversationsOn: async () => new Map(rows),
    keepConversation: async (_platform: string, address: string, conversation: string) => {
      rows.set(address, conversation);
    },
  };
  return { port, graph, book, installedFor, created, sent, installs };
}

const content: ChatContent = { type: "notice", kind: "k", params: {}, recipient: "x" };
const tag = { rowId: 1, key: "k" };

describe("deliveringPort", () => {
  it("creates a person's conversation once, keeps it, and a restart reads it back", async () => {
    const w = world();
    const first = deliveringPort(w.port, { graph: w.graph, book: w.book, appExternalId: "app" });
    expect(await first.openConversation("u1")).toBe("a:u1");
    expect(await first.openConversation("u1")).toBe("a:u1");
    expect(w.book.rows).toEqual(new Map([["u1", "a:u1"]]));
    const restarted = deliveringPort(w.port, {
      graph: w.graph,
      book: w.book,
      appExternalId: "app",
    });
    expect(await restarted.openConversation("u1")).toBe("a:u1");
    expect(w.created).toEqual(["u1"]);
  });

  it("installs the app for someone who lacks it, then creates the conversation", async () => {
    const w = world(["u2"]);
    const installed: string[] = [];
    const port = deliveringPort(w.port, {
      graph: w.graph,
      book: w.book,
      appExternalId: "app",
      installed: (address) => installed.push(address),
    });
    expect(await port.openConversation("u2")).toBe("a:u2");
    expect(w.installs).toEqual(["u2@cat-1"]);
    expect(installed).toEqual(["u2"]);
  });

  it("a post refused as not installed installs the app for the conversation's person, once", async () => {
    const w = world();
    w.book.rows.set("u3", "a:u3");
    // The person removed the app after the conversation was kept.
    const lacking = world(["u3"]);
    const refusing = deliveringPort(lacking.port, {
      graph: lacking.graph,
      book: w.book,
      appExternalId: "app",
    });
    expect(await refusing.send({ conversation: "a:u3" }, content, tag)).toHaveLength(1);
    expect(lacking.installs).toEqual(["u3@cat-1"]);
    expect(lacking.sent).toEqual(["a:u3"]);
  });

  it("someone Teams will not install it for: the installation's refusal, not a loop", async () => {
    const w = world(["guest"]);
    const port = deliveringPort(w.port, { graph: w.graph, book: w.book, appExternalId: "app" });
    await expect(port.openConversation("guest")).rejects.toMatchObject({
      kind: "permanent",
      code: "Forbidden",
    });
    expect(w.installs).toEqual(["guest@cat-1"]);
    expect(w.book.rows.size).toBe(0);
  });

  it("an app the admin never uploaded: permanent, said as such", async () => {
    const w = world(["u4"], null);
    const port = deliveringPort(w.port, { graph: w.graph, book: w.book, appExternalId: "app" });
    await expect(port.openConversation("u4")).rejects.toMatchObject({
      kind: "permanent",
      code: "app_not_in_catalog",
    });
  });
});
