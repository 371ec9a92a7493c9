/** `/bomba` and its subcommands. Acks at once; replies are ephemeral. */
import type { App } from "@slack/bolt";
import { isLoyaltyManager } from "../../core/org.ts";
import { catalog } from "../../i18n/catalog.ts";
import { listOpenBombs } from "../../store/bomb-queries.ts";
import { loadBomb, loadTimeline } from "../../store/bomb-store.ts";
import { buildBombDetail, buildBombList, buildHelp } from "../blocks/bomb-status.ts";
import { buildOpenModal } from "../blocks/modals.ts";
import { describeCommandProblem, parseCommandText } from "../command-text.ts";
import { personFor, renderContext, type SlackDeps } from "../context.ts";
import { slashCommand } from "../ids.ts";
import { maySee } from "./visibility.ts";

/** Registers the slash command. */
export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(slashCommand, async ({ command, ack, client }) => {
    const { org } = deps.svc;
    const words = catalog(org.locale);
    const person = personFor(deps, command.user_id);
    const parsed = parseCommandText(command.text);
    const ctx = renderContext(deps);
    switch (parsed.kind) {
      case "open": {
        await ack();
        await client.views.open({
          trigger_id: command.trigger_id,
          view: buildOpenModal({ org, reporterIsLoyaltyManager: isLoyaltyManager(org, person) }),
        });
        return;
      }
      case "help":
        await ack({ response_type: "ephemeral", ...buildHelp(org.locale) });
        return;
      case "list": {
        const scope = parsed.scope;
        const mine = scope === "mine" || !maySee.everything(org, person);
        const bombs = mine
          ? listOpenBombs(deps.svc.db, { holder: person })
          : scope === "all"
            ? listOpenBombs(deps.svc.db, { all: true })
            : listOpenBombs(deps.svc.db, { department: scope.department });
        const title = mine
          ? words.slack.listMine
          : scope === "all"
            ? words.slack.listAll
            : (org.departments.get((scope as { department: string }).department)?.name ??
              String((scope as { department: string }).department));
        await ack({ response_type: "ephemeral", ...buildBombList(bombs, ctx, title) });
        return;
      }
      case "show": {
        const bomb = loadBomb(deps.svc.db, parsed.id);
        if (bomb === null || !maySee.bomb(org, person, bomb)) {
          await ack({
            response_type: "ephemeral",
            text: words.reasons.not_found({ id: parsed.id }),
          });
          return;
        }
        await ack({
          response_type: "ephemeral",
          ...buildBombDetail(bomb, loadTimeline(deps.svc.db, bomb.id), ctx, person),
        });
        return;
      }
      case "digest":
      case "report":
        await ack({ response_type: "ephemeral", text: words.slack.notYet });
        return;
      case "invalid":
        await ack({
          response_type: "ephemeral",
          ...buildHelp(org.locale),
          text: describeCommandProblem(parsed, org.locale),
        });
        return;
    }
  });
}
