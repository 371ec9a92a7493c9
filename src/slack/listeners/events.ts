/** App Home: the bombs a person holds or owns, published when they open the tab. */
import type { App } from "@slack/bolt";
import { buildHomeView } from "../blocks/bomb-status.ts";
import { personFor, renderContext, type SlackDeps, useCases } from "../context.ts";
import { publishHome } from "../web-client.ts";

/** Registers the events the app subscribes to. */
export function registerEvents(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    const home = await useCases(deps).openHome(personFor(deps, event.user));
    await publishHome(
      client,
      event.user,
      buildHomeView(home.held, home.owned, renderContext(deps)),
    );
  });
}
