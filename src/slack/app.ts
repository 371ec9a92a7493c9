/**
 * The Bolt app: HTTP receiver on PORT (with /healthz) or Socket Mode, listeners registered by
 * type. Transport stays here; listeners only see Bolt's arguments.
 */
import { createServer, type Server } from "node:http";
import { App, type CustomRoute } from "@slack/bolt";
import type { SlackDeps } from "./context.ts";
import { registerActions } from "./listeners/actions.ts";
import { registerCommands } from "./listeners/commands.ts";
import { registerEvents } from "./listeners/events.ts";
import { registerViews } from "./listeners/views.ts";
import { webClientOptions } from "./web-client.ts";

/** How to reach Slack. */
export interface SlackConfig {
  token: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  apiUrl: string | undefined;
  port: number;
}

/** A started app. */
export interface RunningSlackApp {
  app: App;
  stop(): Promise<void>;
}

/** Builds the Bolt app with every listener registered. */
export function createSlackApp(config: SlackConfig, deps: SlackDeps): App {
  const health: CustomRoute = {
    path: "/healthz",
    method: ["GET"],
    handler: (_req, res) => {
      void deps.svc.store.healthy().then((ok) => {
        res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok }));
      });
    },
  };
  const common = {
    token: config.token,
    // auth.test is awaited in `startSlackApp`: a Slack that cannot be reached is a clear
    // start-up error, not an unhandled rejection.
    deferInitialization: true,
    logger: deps.log.child("bolt"),
    // Without it Bolt resets its logger to INFO, whatever LOG_LEVEL says.
    logLevel: deps.log.getLevel(),
    clientOptions: webClientOptions(config.apiUrl),
    // Bolt's conversation store (context.conversation) is unused here, and its default in-memory
    // store rejects with a new Error for every request in a conversation it has never stored:
    // a stack trace captured per click and per command (issue 14).
    convoStore: false as const,
  };
  const app =
    config.appToken !== undefined
      ? new App({ ...common, appToken: config.appToken, socketMode: true })
      : new App({ ...common, signingSecret: config.signingSecret ?? "", customRoutes: [health] });
  app.error(async (error) => {
    deps.log.error("listener failed:", error);
  });
  // Another process may have put a new org in force: every request sees the one in force.
  const refresh = deps.refresh;
  if (refresh !== undefined) {
    app.use(async ({ next }) => {
      try {
        await refresh();
      } catch (error) {
        deps.log.error("org reload failed; keeping the current org:", error);
      }
      await next();
    });
  }
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
  return app;
}

/** Creates and starts the app; in Socket Mode a small server still answers /healthz on PORT. */
export async function startSlackApp(
  config: SlackConfig,
  deps: SlackDeps,
): Promise<RunningSlackApp> {
  const app = createSlackApp(config, deps);
  await app.init();
  let healthServer: Server | null = null;
  if (config.appToken !== undefined) {
    await app.start();
    healthServer = createServer((req, res) => {
      if (req.url !== "/healthz") {
        res.writeHead(404).end();
        return;
      }
      void deps.svc.store.healthy().then((ok) => res.writeHead(ok ? 200 : 503).end());
    });
    await new Promise<void>((resolve) => healthServer?.listen(config.port, resolve));
  } else {
    await app.start(config.port);
  }
  return {
    app,
    async stop() {
      await app.stop();
      await new Promise<void>((resolve) =>
        healthServer ? healthServer.close(() => resolve()) : resolve(),
      );
    },
  };
}
