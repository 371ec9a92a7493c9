/**
 * Button clicks: ack, then the press-a-button use case (which re-checks the clicking user's role
 * against the bomb in the database), then its answer: the modal to fill, nothing (done), or a
 * private answer saying why not.
 */
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import { actions } from "../../chat/ids.ts";
import type { Org } from "../../core/org.ts";
import { buildRefusal } from "../blocks/bomb-status.ts";
import { buildNoticeModal, renderModal } from "../blocks/modals.ts";
import { personFor, renderContext, type SlackDeps, useCases } from "../context.ts";
import { openModal } from "../web-client.ts";

/** Registers every button of the interaction contract. */
export function registerActions(app: App, deps: SlackDeps): void {
  for (const actionId of Object.values(actions)) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      const person = personFor(deps, body.user.id);
      const result = await useCases(deps).pressButton(person, actionId, action.value);
      const ctx = renderContext(deps);
      switch (result.kind) {
        case "done":
          deps.kick();
          return;
        case "form":
          await openModal(client, body.trigger_id, renderModal(result.form, ctx));
          return;
        case "refusal":
          await answerPrivately(client, body, buildRefusal(result, ctx), ctx.org);
          return;
      }
    });
  }
}

/** An answer only the clicking user sees: ephemeral in the conversation, or a modal from App Home. */
async function answerPrivately(
  client: WebClient,
  body: BlockAction,
  message: { text: string; blocks?: KnownBlock[] },
  org: Org,
): Promise<void> {
  const channel = body.channel?.id ?? body.container?.channel_id;
  if (channel) {
    await client.chat.postEphemeral({
      channel,
      user: body.user.id,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
    });
    return;
  }
  await openModal(client, body.trigger_id, buildNoticeModal(org, message));
}
