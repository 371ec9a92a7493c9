/**
 * The chat port over Slack's Web API: DMs and channel posts rendered with the Block Kit builders
 * from neutral content, edits with `chat.update`, files with `files.uploadV2`. Every failure is
 * classified here, once, into a `ChatError` kind (`chatErrorOf`).
 *
 * Each message carries its outbox row's tag in Slack's message metadata (`outbox-tag.ts`): an
 * attempt whose outcome is unknown is looked for in the conversation's history (`find`) before
 * it goes again. A channel named "#name" is found by its id: where the bot posted before, else
 * among the channels it is in. The report's files, which cannot carry metadata, are found as the
 * bot's message sharing files of the same names after the report's message.
 */
import type { WebClient } from "@slack/web-api";
import type {
  ChatContent,
  ChatFile,
  ChatPort,
  Destination,
  MessageRef,
  MessageTag,
} from "../chat/port.ts";
import { channelKeys, channelOfKey, type Org } from "../core/org.ts";
import type { BlockContext } from "./blocks/bomb-facts.ts";
import { buildBombMessage, type SlackMessage } from "./blocks/bomb-message.ts";
import {
  cannotLook,
  findInHistory,
  findTaggedParts,
  type HistoryMessage,
  outboxTag,
} from "./outbox-tag.ts";
import { renderPost } from "./render.ts";
import { chatErrorOf, mayHaveActed, platformErrorOf } from "./web-client.ts";

/** What the Slack port needs besides its client. */
export interface SlackPortDeps {
  /** What rendering needs now: the org, its calendar, who is who in Slack, the clock. */
  context: () => BlockContext;
  /**
   * The conversation id where the bot last posted to a channel the org names `channel`, or null
   * (a look-up for a "#name" starts there before it lists the bot's channels).
   */
  landedIn?: (channel: string) => Promise<string | null>;
  /** How content becomes Slack messages: `renderContent` unless told otherwise. */
  render?: (content: ChatContent, ctx: BlockContext) => SlackMessage[];
}

// `users.conversations`, to find a channel's id by its name: the bot's own channels, a few pages.
const channelPageSize = 200;
const channelPages = 5;

/** True for a channel as the org file may name it: "#name", or a channel id. */
export function isChannelName(recipient: string): boolean {
  return recipient.startsWith("#") || /^[CG][A-Z0-9]{2,}$/.test(recipient);
}

/**
 * Where the bot last posted to a channel as the org names it, from the deliveries the store
 * keeps by channel key.
 */
export function landedInOver(
  org: () => Org,
  channelLandedFor: (recipient: string) => Promise<string | null>,
): (channel: string) => Promise<string | null> {
  return async (channel) => {
    for (const key of Object.values(channelKeys)) {
      if (channelOfKey(org(), key) === channel) {
        const found = await channelLandedFor(key);
        if (found !== null) return found;
      }
    }
    return null;
  };
}

/** The Slack messages that say `content` now, in order. */
export function renderContent(content: ChatContent, ctx: BlockContext): SlackMessage[] {
  switch (content.type) {
    case "bomb":
    case "notice": {
      const bomb = content.type === "bomb" ? content.bomb : null;
      const { kind, params, recipient } = content;
      return [buildBombMessage({ kind, params, bomb, recipient }, ctx)];
    }
    case "digest":
    case "report": {
      const messages = renderPost(content, ctx);
      if (content.part === undefined) return messages;
      // One part of a content split before: that part as it reads now, if it still exists.
      const part = messages[content.part - 1];
      return part === undefined ? [] : [part];
    }
  }
}

/** The chat port over `client`. */
export function slackPort(client: WebClient, deps: SlackPortDeps): ChatPort {
  /** DM conversation ids by user id. */
  const dmChannels = new Map<string, string>();
  /** Channel ids by name, lower case, without "#". */
  const channelIds = new Map<string, string>();
  let bot: { user: string; botId: string | null } | null = null;
  const render = deps.render ?? renderContent;

  /**
   * The id of a conversation: as it is, or for a "#name" the channel where the bot posted to that
   * name before, else the one of that name among the channels it is in. Null when it is in none:
   * it cannot have posted there.
   */
  async function conversationIdOf(conversation: string): Promise<string | null> {
    if (!conversation.startsWith("#")) return conversation;
    const name = conversation.slice(1).toLowerCase();
    const known = channelIds.get(name) ?? (await deps.landedIn?.(conversation)) ?? null;
    if (known !== null) {
      channelIds.set(name, known);
      return known;
    }
    let cursor: string | undefined;
    for (let page = 0; page < channelPages; page++) {
      const answer = await client.users.conversations({
        types: "public_channel,private_channel",
        exclude_archived: true,
        limit: channelPageSize,
        ...(cursor === undefined ? {} : { cursor }),
      });
      const found = (answer.channels ?? []).find((c) => c.name?.toLowerCase() === name);
      if (found?.id !== undefined) {
        channelIds.set(name, found.id);
        return found.id;
      }
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (cursor === undefined) return null;
    }
    return null;
  }

  /** Runs a look-up; a look-up that cannot be made (`cannotLook`) finds nothing. */
  async function lookUp<T>(look: () => Promise<T | null>): Promise<T | null> {
    try {
      return await look();
    } catch (error) {
      if (cannotLook(error)) return null;
      throw chatErrorOf(error, true);
    }
  }

  /** Who the bot is in Slack: its user (its file shares are posted as it) and its bot id. */
  async function whoAmI(): Promise<{ user: string; botId: string | null }> {
    if (bot === null) {
      const who = await client.auth.test();
      if (typeof who.user_id !== "string") throw new Error("auth.test returned no user_id");
      bot = { user: who.user_id, botId: typeof who.bot_id === "string" ? who.bot_id : null };
    }
    return bot;
  }

  /** True for the bot's own message sharing every file named in `names`. */
  function sharesAll(
    message: HistoryMessage,
    names: readonly string[],
    me: { user: string; botId: string | null },
  ): boolean {
    const mine = message.user === me.user || (me.botId !== null && message.bot_id === me.botId);
    if (!mine) return false;
    const shared = new Set((message.files ?? []).map((f) => f.name));
    return names.every((name) => shared.has(name));
  }

  const conversationOf = (to: Destination) => ("conversation" in to ? to.conversation : to.channel);

  return {
    platform: "slack",

    async lookupByEmail(email) {
      try {
        const found = await client.users.lookupByEmail({ email });
        return found.user?.id ?? null;
      } catch (error) {
        if (platformErrorOf(error) === "users_not_found") return null;
        throw chatErrorOf(error);
      }
    },

    async openConversation(address) {
      const cached = dmChannels.get(address);
      if (cached !== undefined) return cached;
      try {
        const opened = await client.conversations.open({ users: address });
        const channel = opened.channel?.id;
        if (!channel) throw new Error("conversations.open returned no channel");
        dmChannels.set(address, channel);
        return channel;
      } catch (error) {
        throw chatErrorOf(error);
      }
    },

    async send(to, content, tag, left = []) {
      const channel = conversationOf(to);
      const messages = render(content, deps.context());
      // A digest or report in full is tagged part by part: an attempt cut short sends the rest.
      const parted = (content.type === "digest" || content.type === "report") && !content.part;
      const landed = new Map(left.map((ref) => [ref.part, ref]));
      let postedAny = false;
      let posting = false;
      try {
        for (const [i, message] of messages.entries()) {
          const part = i + 1;
          if (landed.has(part)) continue;
          posting = true;
          const posted = await client.chat.postMessage({
            channel,
            text: message.text,
            blocks: message.blocks,
            ...(content.type === "digest" || content.type === "report"
              ? { unfurl_links: false }
              : {}),
            metadata: parted ? outboxTag(tag, part) : outboxTag(tag),
          });
          posting = false;
          postedAny = true;
          if (posted.ts) {
            landed.set(part, { conversation: posted.channel ?? channel, ref: posted.ts, part });
          }
        }
      } catch (error) {
        // A part posted before the failure is in Slack: the next attempt must look first.
        throw chatErrorOf(error, postedAny || (posting && mayHaveActed(error)));
      }
      return [...landed.values()].sort((a, b) => a.part - b.part);
    },

    async find(to, tag) {
      const found = await lookUp(async () => {
        const id = await conversationIdOf(conversationOf(to));
        return id === null ? null : findTaggedParts(client, id, tag);
      });
      return [...(found ?? new Map()).entries()]
        .map(([part, at]) => ({ conversation: at.channel, ref: at.ts, part }))
        .sort((a, b) => a.part - b.part);
    },

    async update(at, content) {
      const messages = render(content, deps.context());
      const message = messages[at.part - 1] ?? messages[0];
      if (message === undefined) return null;
      try {
        await client.chat.update({ channel: at.conversation, ts: at.ref, ...message });
      } catch (error) {
        // A message someone deleted cannot hold a live button: nothing left to update.
        if (platformErrorOf(error) === "message_not_found") return null;
        throw chatErrorOf(error);
      }
      return null;
    },

    async retire(at) {
      try {
        await client.chat.delete({ channel: at.conversation, ts: at.ref });
      } catch (error) {
        if (platformErrorOf(error) === "message_not_found") return;
        throw chatErrorOf(error);
      }
    },

    async upload(at: MessageRef, files: ChatFile[], _tag: MessageTag, unknown = false) {
      if (unknown) {
        // An upload carries no metadata: the bot's share of these very files after the
        // message, in its conversation, is this row's (one files row per recipient).
        const names = files.map((f) => f.filename);
        const found = await lookUp(async () => {
          const me = await whoAmI();
          return findInHistory(client, at.conversation, (m) => sharesAll(m, names, me), at.ref);
        });
        if (found !== null) return;
      }
      try {
        await client.files.uploadV2({
          channel_id: at.conversation,
          file_uploads: files.map((f) => ({
            file: Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content),
            filename: f.filename,
            title: f.title,
          })),
        });
      } catch (error) {
        throw chatErrorOf(error, mayHaveActed(error));
      }
    },
  };
}
