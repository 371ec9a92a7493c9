/**
 * Delivers outbox rows as Slack DMs and keeps a bomb's earlier DMs current with `chat.update`.
 * Each DM carries its row's tag; a row whose last attempt's outcome is unknown is looked for in
 * the DM's history before it is posted again.
 */
import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { Landed, Sender, SendOutcome } from "../app/deliver.ts";
import type { Directory } from "../app/directory.ts";
import type { Bomb } from "../core/bomb.ts";
import type { Params } from "../core/effects.ts";
import type { PersonId } from "../core/org.ts";
import { type OutboxRow, outcomeUnknown } from "../store/store.ts";
import { cannotLook, carriesTag, findInHistory, outboxTag } from "./outbox-tag.ts";
import { mayHaveActed, outcomeOfError, outcomeOfFailure, platformErrorOf } from "./web-client.ts";

/** Renders one DM from the bomb as it stands now. */
export type RenderMessage = (input: {
  kind: string;
  params: Params;
  bomb: Bomb | null;
  recipient: PersonId;
}) => { text: string; blocks: KnownBlock[] };

/** A `Sender` over the Web API. */
export function slackSender(
  client: WebClient,
  directory: () => Directory,
  render: RenderMessage,
): Sender {
  const dmChannels = new Map<string, string>();

  async function dmChannelOf(userId: string): Promise<string> {
    const cached = dmChannels.get(userId);
    if (cached) return cached;
    const opened = await client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error("conversations.open returned no channel");
    dmChannels.set(userId, channel);
    return channel;
  }

  /** Where an earlier attempt posted `row` in `channel`, or null when it did not (or cannot be told). */
  async function lookFor(
    channel: string,
    row: OutboxRow,
  ): Promise<{ channel: string; ts: string } | null> {
    try {
      return await findInHistory(client, channel, (m) => carriesTag(m, row));
    } catch (error) {
      if (cannotLook(error)) return null;
      throw error;
    }
  }

  /** The Slack user a row goes to: an org person's address, or the one in a "slack:U…" id. */
  function userOf(row: OutboxRow): string | null {
    return directory().addressOf(row.recipient);
  }

  return {
    async find(row) {
      const userId = userOf(row);
      return userId === null ? null : lookFor(await dmChannelOf(userId), row);
    },

    async send(row, bomb): Promise<SendOutcome> {
      const userId = userOf(row);
      if (userId === null) return { type: "permanent", error: "no_slack_user" };
      // Until Slack says otherwise, an earlier attempt may have posted this row already.
      let unknown = outcomeUnknown(row);
      let posting = false;
      try {
        const channel = await dmChannelOf(userId);
        if (unknown) {
          const found = await lookFor(channel, row);
          if (found !== null) return { type: "sent", landed: found };
          unknown = false;
        }
        const message = render({
          kind: row.kind,
          params: row.params as Params,
          bomb,
          recipient: row.recipient,
        });
        posting = true;
        const posted = await client.chat.postMessage({
          channel,
          ...message,
          metadata: outboxTag(row),
        });
        const ts = posted.ts;
        return { type: "sent", landed: ts ? { channel: posted.channel ?? channel, ts } : null };
      } catch (error) {
        return outcomeOfFailure(error, posting ? mayHaveActed(error) : unknown);
      }
    },

    async refresh(bomb: Bomb, landed: Landed[]): Promise<SendOutcome> {
      for (const earlier of landed) {
        const message = render({
          kind: earlier.kind,
          params: earlier.params as Params,
          bomb,
          recipient: earlier.recipient,
        });
        try {
          await client.chat.update({ channel: earlier.channel, ts: earlier.ts, ...message });
        } catch (error) {
          // A message someone deleted cannot hold a live button: nothing left to update.
          if (platformErrorOf(error) === "message_not_found") continue;
          const outcome = outcomeOfError(error);
          if (outcome.type !== "permanent") return outcome;
        }
      }
      return { type: "sent", landed: null };
    },
  };
}
