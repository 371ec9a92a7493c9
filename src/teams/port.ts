/**
 * The ChatPort for Microsoft Teams: neutral content rendered as Adaptive Cards 1.5
 * (`cards/`), sent through the Bot Connector (`connector.ts`), people and files through Graph
 * (`graph.ts`). Every failure is a `ChatError` classified once (`errors.ts`).
 *
 * Conversations as the port names them: a 1:1 chat by the connector's id (`a:1…`, created once
 * by `openConversation` and kept by the app); a channel as "team id/channel id" (the team id is
 * the team's Microsoft 365 group id, which Graph needs for the channel's files folder; the
 * channel id, `19:…@thread.tacv2`, is the connector's conversation).
 */
import {
  type ChatContent,
  ChatError,
  type ChatFile,
  type ChatPort,
  type Destination,
  type MessageRef,
  type MessageTag,
} from "../chat/port.ts";
import {
  type AdaptiveCard,
  adaptiveCard,
  CARD_BYTE_LIMIT,
  cardAttachment,
  textBlock,
} from "./cards/adaptive.ts";
import { buildBombCard } from "./cards/bomb-card.ts";
import { buildDigestCards, buildReportCards } from "./cards/channel-cards.ts";
import type { CardContext } from "./cards/context.ts";
import { escapeTeamsMarkdown } from "./cards/markup.ts";
import type { Connector, OutgoingActivity } from "./connector.ts";
import type { Graph, UploadedFile } from "./graph.ts";

/** The platform key of Teams addresses in the store. */
export const TEAMS_PLATFORM = "teams";

/** What the port needs: the two clients and, at each call, the cards' context as of now. */
export interface TeamsPortDeps {
  connector: Connector;
  graph: Graph;
  /** The org, its calendar, the clock, and who is who in Teams, as they stand now. */
  cards: () => CardContext;
}

/** A Teams channel: its team (Microsoft 365 group id) and its id. */
export interface TeamsChannel {
  teamId: string;
  channelId: string;
}

/**
 * The channel the org file names: the link Teams' "Get link to channel" gives
 * (`https://teams.microsoft.com/l/channel/19%3a…%40thread.tacv2/Name?groupId=…&tenantId=…`), or
 * "team id/channel id". Null for anything else (a Slack "#name" cannot be found in Teams).
 */
export function teamsChannelOf(name: string): TeamsChannel | null {
  const text = name.trim();
  const plain = /^([^/\s]+)\/(19:[^/\s]+)$/.exec(text);
  if (plain?.[1] !== undefined && plain[2] !== undefined) {
    return { teamId: plain[1], channelId: plain[2] };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const segments = url.pathname.split("/");
  if (url.protocol !== "https:" || segments[1] !== "l" || segments[2] !== "channel") return null;
  let channelId: string;
  try {
    channelId = decodeURIComponent(segments[3] ?? "");
  } catch {
    return null;
  }
  const teamId = url.searchParams.get("groupId")?.trim() ?? "";
  if (!channelId.startsWith("19:") || teamId === "") return null;
  return { teamId, channelId };
}

/** The channel a port conversation names, or null for a 1:1 chat. */
function channelOfConversation(conversation: string): TeamsChannel | null {
  const match = /^([^/]+)\/(19:[^/]+)$/.exec(conversation);
  return match?.[1] !== undefined && match[2] !== undefined
    ? { teamId: match[1], channelId: match[2] }
    : null;
}

/** The connector's conversation id of a port conversation. */
function connectorConversation(conversation: string): string {
  return channelOfConversation(conversation)?.channelId ?? conversation;
}

/** The card as a message activity (its fallback text is what notifications preview). */
function activityOf(card: AdaptiveCard): OutgoingActivity {
  return { type: "message", summary: card.fallbackText, attachments: [cardAttachment(card)] };
}

const CONTENT_TYPES: Record<string, string> = {
  csv: "text/csv; charset=utf-8",
  png: "image/png",
  md: "text/markdown; charset=utf-8",
};

function contentTypeOf(filename: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? "";
  return CONTENT_TYPES[extension] ?? "application/octet-stream";
}

/** Renders neutral content as the cards of one or more messages, each within `limit` bytes. */
export function renderContent(
  content: ChatContent,
  ctx: CardContext,
  limit: number = CARD_BYTE_LIMIT,
): AdaptiveCard[] {
  switch (content.type) {
    case "bomb":
      return [buildBombCard(content, ctx, limit)];
    case "notice":
      return [buildBombCard({ ...content, bomb: null }, ctx, limit)];
    case "digest":
      return buildDigestCards(content.digest, ctx, content.late, limit);
    case "report":
      return buildReportCards(content.report, ctx, content.late, limit);
  }
}

/** The smallest a card is made when Teams keeps refusing them as too big. */
export const MIN_CARD_BYTES = 8 * 1024;

function tooBig(error: unknown): boolean {
  return error instanceof ChatError && error.code === "MessageSizeTooBig";
}

/** The Teams ChatPort. */
export function teamsPort(deps: TeamsPortDeps): ChatPort {
  const { connector, graph } = deps;
  // Teams' size limit is about 40 KB, by Microsoft's word; should it refuse a card of ours as
  // too big (413) all the same, the port learns a smaller limit and splits finer from then on.
  let limit = CARD_BYTE_LIMIT;
  const shrink = (): boolean => {
    if (limit <= MIN_CARD_BYTES) return false;
    limit = Math.max(MIN_CARD_BYTES, Math.floor(limit / 2));
    return true;
  };

  const conversationOf = (to: Destination): string => {
    if ("conversation" in to) return to.conversation;
    const channel = teamsChannelOf(to.channel);
    // The org file names a channel Teams cannot find: no attempt will ever reach it.
    if (channel === null) throw new ChatError("permanent", "channel_not_teams");
    return `${channel.teamId}/${channel.channelId}`;
  };

  const sendCards = async (conversation: string, cards: AdaptiveCard[], firstPart = 1) => {
    const sent: MessageRef[] = [];
    for (const [index, card] of cards.entries()) {
      const ref = await connector.send(connectorConversation(conversation), activityOf(card));
      sent.push({ conversation, ref, part: firstPart + index });
    }
    return sent;
  };

  return {
    platform: TEAMS_PLATFORM,

    lookupByEmail: (email) => graph.userIdByEmail(email),

    openConversation: (address) => connector.createConversation(address),

    /**
     * Content too long for one card goes as several, never refused. When Teams refuses the first
     * card as too big, the content is split finer and sent from the start (nothing of it went
     * yet); when it refuses a later one, the parts before it are out, so the failure is
     * transient: the next attempt renders finer, and the parts already out may show twice.
     */
    async send(to, content, _tag) {
      const conversation = conversationOf(to);
      for (;;) {
        const cards = renderContent(content, deps.cards(), limit);
        const sent: MessageRef[] = [];
        try {
          for (const [index, card] of cards.entries()) {
            const ref = await connector.send(connectorConversation(conversation), activityOf(card));
            sent.push({ conversation, ref, part: index + 1 });
          }
          return sent;
        } catch (error) {
          if (!tooBig(error) || !shrink()) throw error;
          if (sent.length > 0) throw new ChatError("transient", "MessageSizeTooBig");
        }
      }
    },

    /**
     * Always empty, because there is no honest way to look a post up in Teams: Slack's port
     * reads the conversation's history for the outbox tag (`slack/outbox-tag.ts`); here:
     * - the Bot Connector (v3) cannot read a conversation back: its operations create a
     *   conversation, send, reply, update and delete an activity, list members (of the
     *   conversation or of one activity), upload a transcript or an attachment, and nothing
     *   returns the activities of a conversation (the SDK's `ConversationActivityClient`, 2.0.16,
     *   has create, update, reply, delete and getMembers, and no read);
     * - Graph reads a 1:1 chat only with the application permission `Chat.Read.All` (every chat
     *   of every person in the tenant, a protected API Microsoft grants on request), far more
     *   than a complaints bot should hold, and names the chat by another id than the connector's
     *   `a:1…`. Channels could be read more narrowly (resource-specific consent
     *   `ChannelMessage.Read.Group`, for the teams the app is installed in), which would cover the
     *   digest and the report but not the cards in people's chats; not done.
     * So a post whose answer was lost (a timeout after Teams took it) is sent again, and the
     * person may see the message twice. That is the remaining risk, and it stays small and
     * safe: the copy sent last is the one the app keeps and replaces after every change; the
     * other keeps its buttons, but every click is checked against the bomb as it stands (a stale
     * or repeated one is answered privately with its state and changes nothing), so a
     * duplicate can mislead nobody into acting twice. The outbox's own row key keeps anything
     * but a lost answer from sending twice.
     */
    async find(_to, _tag) {
      return [];
    },

    async update(at, content) {
      for (;;) {
        const cards = renderContent(content, deps.cards(), limit);
        const card = cards[at.part - 1] ?? cards[cards.length - 1];
        if (card === undefined) return null;
        try {
          await connector.update(connectorConversation(at.conversation), at.ref, activityOf(card));
          return null;
        } catch (error) {
          // Teams no longer holds that activity (too old, or deleted): the card goes anew.
          if (error instanceof ChatError && error.code === "ActivityNotFoundInConversation") {
            return sendCards(at.conversation, [card], at.part);
          }
          // Refused as too big: the same card, shorter (people's texts cut further).
          if (!tooBig(error) || !shrink()) throw error;
        }
      }
    },

    async retire(at) {
      try {
        await connector.remove(connectorConversation(at.conversation), at.ref);
      } catch (error) {
        if (error instanceof ChatError && error.code === "ActivityNotFoundInConversation") return;
        throw error;
      }
    },

    /**
     * Into a channel: each file into the channel's files folder through Graph (a file of the
     * same name is replaced, so a second attempt leaves no copy), then one reply under the
     * message linking them.
     *
     * Into a 1:1 chat: a bot may put files there only through a file consent card, one a person
     * must accept, file by file, every quarter (and the files would be drawn again at each
     * click). Instead the chat gets a card linking one shared copy: the one in the `shared`
     * channel's files folder (found there, or put there when the channel's own upload has not
     * run yet), or, with no Teams channel to share, the copy put in the bot's folder of the
     * organization's SharePoint site with a link everyone in the organization can open.
     */
    async upload(at, files: ChatFile[], _tag: MessageTag, _unknown, shared) {
      const channel = channelOfConversation(at.conversation);
      const sharedChannel =
        shared !== undefined && "channel" in shared ? teamsChannelOf(shared.channel) : null;
      const links: string[] = [];
      for (const file of files) {
        const type = contentTypeOf(file.filename);
        let uploaded: UploadedFile;
        if (channel !== null) {
          uploaded = await graph.uploadToChannel(
            channel.teamId,
            channel.channelId,
            file.filename,
            file.content,
            type,
          );
        } else if (sharedChannel !== null) {
          const { teamId, channelId } = sharedChannel;
          uploaded =
            (await graph.channelFile(teamId, channelId, file.filename)) ??
            (await graph.uploadToChannel(teamId, channelId, file.filename, file.content, type));
        } else {
          uploaded = await graph.uploadToOrgFiles(file.filename, file.content, type);
        }
        links.push(`- [${escapeTeamsMarkdown(file.title)}](${uploaded.webUrl})`);
      }
      const fallback = files.map((file) => file.title).join(" · ");
      const card = adaptiveCard(fallback.slice(0, 300), [textBlock(links.join("\r"))]);
      const into = channel === null ? at.conversation : `${channel.channelId};messageid=${at.ref}`;
      await connector.send(into, activityOf(card));
    },
  };
}
