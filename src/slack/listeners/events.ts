/** App Home: the bombs a person holds or owns, published when they open the tab. */
import type { App } from "@slack/bolt";
import { buildHomeView } from "../blocks/bomb-status.ts";
import { personFor, renderContext, type SlackDeps } from "../context.ts";

/** Registers the events the app subscribes to. */
export function registerEvents(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    const person = personFor(deps, event.user);
    const mine = await deps.svc.store.listOpenBombs({ holder: person });
    const held = mine.filter((b) => b.state === "pending");
    const owned = mine.filter((b) => b.state !== "pending");
    await client.views.publish({
      user_id: event.user,
      view: buildHomeView(held, owned, renderContext(deps)),
    });
  });
}
