/**
 * The Bot Connector calls the bot makes on its own (proactive messages): open a 1:1
 * conversation, post, replace and delete an activity, on the SDK's api client (no retries of its
 * own: the outbox retries, after looking for what a lost attempt left). Every failure is a
 * `ChatError` (`errors.ts`). One service URL serves every call: Teams' global one
 * (`TEAMS_SERVICE_URL`) reaches any conversation of the tenant, so no conversation needs the
 * regional URL an activity came from kept beside it.
 */
import { Client } from "@microsoft/teams.api";
import type { ChatError } from "../chat/port.ts";
import { classifyFailure } from "./errors.ts";
import { BOT_SCOPE, type TokenProvider } from "./tokens.ts";

/** How long a connector call gets before its outcome is unknown. */
export const CONNECTOR_TIMEOUT_MS = 15_000;

/** An activity as the connector takes it (a message with its card attachments). */
export interface OutgoingActivity {
  type: "message";
  text?: string;
  summary?: string;
  attachments?: { contentType: string; content: unknown }[];
}

/** The connector calls, each throwing `ChatError`. */
export interface Connector {
  /** The 1:1 conversation with the user of this Entra object id (Teams answers the same id again). */
  createConversation(userId: string): Promise<string>;
  /** Posts `activity` to a conversation (a 1:1 or a channel); the new activity's id. */
  send(conversationId: string, activity: OutgoingActivity): Promise<string>;
  /** Replaces an activity in place. */
  update(conversationId: string, activityId: string, activity: OutgoingActivity): Promise<void>;
  /** Deletes an activity. */
  remove(conversationId: string, activityId: string): Promise<void>;
}

/** What the connector needs: who the bot is, where to call, its tokens. */
export interface ConnectorSettings {
  clientId: string;
  tenantId: string;
  serviceUrl: string;
  tokens: TokenProvider;
  timeoutMs?: number;
}

/** A connector over the SDK's api client. */
export function connector(settings: ConnectorSettings): Connector {
  const client = new Client(settings.serviceUrl.replace(/\/+$/, ""), {
    token: () => settings.tokens.get(BOT_SCOPE),
    timeout: settings.timeoutMs ?? CONNECTOR_TIMEOUT_MS,
  });
  /** Runs a call, classifying its failure; a refused token is forgotten for the next one. */
  const call = async <T>(write: boolean, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const failure: ChatError = classifyFailure(error, write);
      if (failure.code === "http_401" || failure.code === "Unauthorized") {
        settings.tokens.forget(BOT_SCOPE);
      }
      throw failure;
    }
  };
  return {
    // Asking again for the 1:1 answers the same conversation: not a write whose loss matters.
    createConversation: (userId) =>
      call(false, async () => {
        const created = await client.conversations.create({
          isGroup: false,
          bot: { id: `28:${settings.clientId}` },
          members: [{ id: userId, role: "user", name: "" }],
          tenantId: settings.tenantId,
          channelData: { tenant: { id: settings.tenantId } },
        });
        return created.id;
      }),
    send: (conversationId, activity) =>
      call(true, async () => {
        const sent = await client.conversations
          .activities(conversationId)
          .create(
            activity as Parameters<ReturnType<Client["conversations"]["activities"]>["create"]>[0],
          );
        return sent.id;
      }),
    update: (conversationId, activityId, activity) =>
      call(true, async () => {
        await client.conversations
          .activities(conversationId)
          .update(
            activityId,
            activity as Parameters<ReturnType<Client["conversations"]["activities"]>["update"]>[1],
          );
      }),
    remove: (conversationId, activityId) =>
      call(true, async () => {
        await client.conversations.activities(conversationId).delete(activityId);
      }),
  };
}
