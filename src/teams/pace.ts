/**
 * Keeps the bot's posts within Teams' per-conversation limits (about 7 a second, 60 in 30
 * seconds), so that a burst (a catch-up, a digest split in parts, a refresh of many cards) goes
 * out at the pace Teams takes rather than half of it refused with 429. Under the per-second limit
 * a post waits its turn (well under a second); when the 30-second window is full, the post is
 * not made and fails as `retry_after`, which pauses the outbox rather than holding a round for
 * half a minute.
 *
 * Teams counts a post when it arrives, which is some time after the call starts and before its
 * answer comes back. A post is therefore counted from when its call settled, the latest instant
 * it can have reached Teams: counted from its start instead, a first post slow to arrive and an
 * eighth quick one could land within one second at Teams and be refused with 429.
 */
import { ChatError } from "../chat/port.ts";
import type { Connector } from "./connector.ts";

/** Teams' per-conversation limits for a bot, kept with a margin of none: the stand-in's. */
export const TEAMS_CONVERSATION_LIMITS = { perSecond: 7, per30Seconds: 60 } as const;

/** The clock and the wait the pacer uses (real ones in production, a fake in tests). */
export interface PaceClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: PaceClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The conversation a connector id posts to (a channel reply names its thread after `;`). */
function conversationKey(conversationId: string): string {
  return conversationId.split(";")[0] ?? conversationId;
}

/** `connector` with its posts and edits paced per conversation. */
export function pacedConnector(connector: Connector, clock: PaceClock = realClock): Connector {
  const recent = new Map<string, number[]>();
  // Posts to one conversation take their turns one after the other, in the order asked.
  const queues = new Map<string, Promise<unknown>>();

  /**
   * Waits until one more post fits Teams' second, or fails as `retry_after` when the 30-second
   * window is full. The post is counted when its call settles (see the module's note).
   */
  const turn = async (conversationId: string): Promise<void> => {
    const key = conversationKey(conversationId);
    for (;;) {
      const at = clock.now();
      const times = (recent.get(key) ?? []).filter((time) => time > at - 30_000);
      recent.set(key, times);
      if (times.length >= TEAMS_CONVERSATION_LIMITS.per30Seconds) {
        const waitMs = Math.ceil((times[0] ?? at) + 30_000 - at);
        throw new ChatError("retry_after", "paced", { retryAfterMs: Math.max(waitMs, 1) });
      }
      const lastSecond = times.filter((time) => time > at - 1000);
      if (lastSecond.length < TEAMS_CONVERSATION_LIMITS.perSecond) return;
      await clock.sleep(Math.ceil((lastSecond[0] ?? at) + 1000 - at) + 1);
    }
  };

  const paced = <T>(conversationId: string, call: () => Promise<T>): Promise<T> => {
    const key = conversationKey(conversationId);
    const before = queues.get(key) ?? Promise.resolve();
    // One call at a time per conversation: the turn sees every earlier post of it counted.
    const go = async (): Promise<T> => {
      await turn(conversationId);
      try {
        return await call();
      } finally {
        const times = recent.get(key) ?? [];
        times.push(clock.now());
        recent.set(key, times);
      }
    };
    const mine = before.then(go, go);
    const settled = mine.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return mine;
  };

  return {
    createConversation: (userId) => connector.createConversation(userId),
    send: (conversationId, activity) =>
      paced(conversationId, () => connector.send(conversationId, activity)),
    update: (conversationId, activityId, activity) =>
      paced(conversationId, () => connector.update(conversationId, activityId, activity)),
    remove: (conversationId, activityId) => connector.remove(conversationId, activityId),
  };
}
