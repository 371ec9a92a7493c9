/** The connector's posts paced per conversation under Teams' limits, on a fake clock. */
import { describe, expect, it } from "vitest";
import { ChatError } from "../../src/chat/port.ts";
import type { Connector } from "../../src/teams/connector.ts";
import { type PaceClock, pacedConnector } from "../../src/teams/pace.ts";

function fakes(): { clock: PaceClock; connector: Connector; posts: { to: string; at: number }[] } {
  let now = 0;
  const posts: { to: string; at: number }[] = [];
  const clock: PaceClock = {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
  const connector: Connector = {
    createConversation: async (user) => `a:${user}`,
    send: async (to) => {
      posts.push({ to, at: now });
      return String(posts.length);
    },
    update: async (to) => {
      posts.push({ to, at: now });
    },
    remove: async () => {},
  };
  return { clock, connector, posts };
}

const message = { type: "message" as const, text: "x" };

describe("pacedConnector", () => {
  it("sends at most 7 a second to one conversation, waiting its turn, in order", async () => {
    const { clock, connector, posts } = fakes();
    const paced = pacedConnector(connector, clock);
    const ids = await Promise.all(Array.from({ length: 20 }, () => paced.send("a:1", message)));
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
    for (const post of posts) {
      const inSecond = posts.filter((p) => p.at >= post.at && p.at < post.at + 1000);
      expect(inSecond.length).toBeLessThanOrEqual(7);
    }
    // Not slower than it must be: 20 posts in under 3 seconds.
    expect(posts.at(-1)?.at ?? 0).toBeLessThan(3000);
  });

  it("keeps conversations apart: another chat does not wait", async () => {
    const { clock, connector, posts } = fakes();
    const paced = pacedConnector(connector, clock);
    for (let i = 0; i < 7; i++) await paced.send("a:1", message);
    await paced.send("a:2", message);
    expect(posts.at(-1)).toEqual({ to: "a:2", at: 0 });
  });

  it("counts edits and a channel's replies with their conversation", async () => {
    const { clock, connector, posts } = fakes();
    const paced = pacedConnector(connector, clock);
    for (let i = 0; i < 4; i++) await paced.update("19:c@thread.tacv2", "1", message);
    for (let i = 0; i < 4; i++) await paced.send("19:c@thread.tacv2;messageid=1", message);
    expect(posts.at(-1)?.at ?? 0).toBeGreaterThanOrEqual(1000);
  });

  it("counts a post from when its answer came back: a slow first post and a quick eighth never land within one second at Teams", async () => {
    // Each post reaches Teams some milliseconds after its call starts (here 120 ms for the first
    // of a burst, 1 ms for the rest) and its answer comes back 1 ms later; Teams counts arrivals.
    let now = 0;
    const arrivals: number[] = [];
    const clock: PaceClock = {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    };
    const slowFirst: Connector = {
      createConversation: async (user) => `a:${user}`,
      send: async () => {
        now += arrivals.length === 0 ? 120 : 1;
        arrivals.push(now);
        now += 1;
        return String(arrivals.length);
      },
      update: async () => {},
      remove: async () => {},
    };
    const paced = pacedConnector(slowFirst, clock);
    await Promise.all(Array.from({ length: 15 }, () => paced.send("a:1", message)));
    expect(arrivals).toHaveLength(15);
    for (const arrival of arrivals) {
      // Teams' window: the posts that arrived in the second up to and including this one.
      const inSecond = arrivals.filter((a) => a > arrival - 1000 && a <= arrival);
      expect(inSecond.length).toBeLessThanOrEqual(7);
    }
  });

  it("past 60 in 30 seconds, fails as retry_after rather than hold the round", async () => {
    const { clock, connector, posts } = fakes();
    const paced = pacedConnector(connector, clock);
    for (let i = 0; i < 60; i++) await paced.send("a:1", message);
    const failure = await paced.send("a:1", message).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChatError);
    expect(failure).toMatchObject({ kind: "retry_after", code: "paced" });
    expect((failure as ChatError).retryAfterMs ?? 0).toBeGreaterThan(0);
    expect(posts).toHaveLength(60);
  });

  it("counts a post when its answer came, not when it left: a slow first one does not let an eighth in", async () => {
    // Teams counts a post when it arrives, somewhere between leaving and the answer; here the
    // first takes 300 ms on the way and arrives at its end, the others at once.
    let now = 0;
    const arrivals: number[] = [];
    const clock: PaceClock = {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    };
    const connector: Connector = {
      createConversation: async (user) => `a:${user}`,
      send: async () => {
        if (arrivals.length === 0) now += 300;
        arrivals.push(now);
        return String(arrivals.length);
      },
      update: async () => {},
      remove: async () => {},
    };
    const paced = pacedConnector(connector, clock);
    await Promise.all(Array.from({ length: 9 }, () => paced.send("a:1", message)));
    for (const at of arrivals) {
      expect(arrivals.filter((t) => t >= at && t < at + 1000).length).toBeLessThanOrEqual(7);
    }
  });
});
