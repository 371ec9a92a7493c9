/**
 * Button clicks. Each re-checks the clicking user's role against the bomb in the database,
 * never the message it came from: a stale or foreign button answers with the bomb's current
 * state, privately, and changes nothing.
 */
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { actOnBomb } from "../../app/bomb-actions.ts";
import { actions } from "../../chat/ids.ts";
import type { Bomb } from "../../core/bomb.ts";
import { isLoyaltyManager, type Org } from "../../core/org.ts";
import { allowedCommands, type CommandType } from "../../core/roles.ts";
import { catalog } from "../../i18n/catalog.ts";
import { reasonText } from "../blocks/bomb-facts.ts";
import { buildBombStatus } from "../blocks/bomb-status.ts";
import {
  buildAcceptModal,
  buildDefuseModal,
  buildForwardModal,
  buildNoticeModal,
  buildOpenModal,
  buildReopenModal,
  buildResolveModal,
  buildVerifyModal,
} from "../blocks/modals.ts";
import { personFor, renderContext, type SlackDeps } from "../context.ts";

// Digits only: "0x1" or "1e0" are not bomb 1.
const bombIdValue = z
  .string()
  .regex(/^[1-9]\d{0,15}$/)
  .transform(Number);

const commandOf: Record<(typeof actions)[keyof typeof actions], CommandType> = {
  [actions.accept]: "accept",
  [actions.forward]: "forward",
  [actions.resolve]: "resolve",
  [actions.verify]: "verify",
  [actions.reopen]: "reopen",
  [actions.defuse]: "defuse",
  [actions.triageActivate]: "activate",
  [actions.triageDismiss]: "dismiss",
};

/** Registers every button of the interaction contract. */
export function registerActions(app: App, deps: SlackDeps): void {
  for (const actionId of Object.values(actions)) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      const { org } = deps.svc;
      const person = personFor(deps, body.user.id);
      const words = catalog(org.locale);
      const id = bombIdValue.safeParse(action.value);
      const bomb = id.success ? await deps.svc.store.loadBomb(id.data) : null;
      if (bomb === null) {
        await answerPrivately(
          client,
          body,
          { text: words.reasons.not_found({ id: action.value ?? "?" }) },
          org,
        );
        return;
      }
      const command = commandOf[actionId];
      if (!allowedCommands(bomb, person, org).includes(command)) {
        deps.log.warn(`refused ${actionId} on bomb #${bomb.id} by ${person} (state ${bomb.state})`);
        await answerPrivately(client, body, buildBombStatus(bomb, renderContext(deps)), org);
        return;
      }
      if (command === "dismiss") {
        const result = await actOnBomb(
          deps.svc,
          bomb.id,
          { person, now: deps.now(), via: "slack" },
          { type: "dismiss", reason: "" },
        );
        if (result.ok) deps.kick();
        else
          await answerPrivately(
            client,
            body,
            { text: reasonText(result, renderContext(deps)) },
            org,
          );
        return;
      }
      await client.views.open({
        trigger_id: body.trigger_id,
        view: modalFor(command, bomb, deps, person),
      });
    });
  }
}

function modalFor(command: CommandType, bomb: Bomb, deps: SlackDeps, person: string) {
  const ctx = renderContext(deps);
  switch (command) {
    case "activate":
      return buildOpenModal({
        org: deps.svc.org,
        reporterIsLoyaltyManager: isLoyaltyManager(deps.svc.org, person),
        prefill: bomb,
        bombId: bomb.id,
      });
    case "accept":
      return buildAcceptModal(bomb, ctx);
    case "forward":
      return buildForwardModal(bomb, ctx);
    case "resolve":
      return buildResolveModal(bomb, ctx);
    case "verify":
      return buildVerifyModal(bomb, ctx);
    case "reopen":
      return buildReopenModal(bomb, ctx);
    default:
      return buildDefuseModal(bomb, ctx);
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
  await client.views.open({ trigger_id: body.trigger_id, view: buildNoticeModal(org, message) });
}
