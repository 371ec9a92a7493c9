/**
 * The Teams ChatPort as `serve` and `tick` deliver through it: cards through the Bot Connector
 * (paced per conversation), people and installations through Graph, each person's 1:1
 * conversation kept with their address in the store. Loaded only when the Teams variables are set.
 */
import type { Directory } from "../app/directory.ts";
import type { Services } from "../app/services.ts";
import type { ChatPort } from "../chat/port.ts";
import type { TeamsSettings } from "../config/env.ts";
import type { Store } from "../store/store.ts";
import { type Connector, connector } from "../teams/connector.ts";
import { deliveringPort } from "../teams/delivery.ts";
import { type Graph, graph as graphClient } from "../teams/graph.ts";
import { pacedConnector } from "../teams/pace.ts";
import { teamsPort } from "../teams/port.ts";
import { type TokenProvider, tokenProvider } from "../teams/tokens.ts";

/** The clients every Teams command shares: one token cache for the connector and Graph. */
export interface TeamsClients {
  tokens: TokenProvider;
  graph: Graph;
}

/**
 * The Bot Connector paced per conversation (`pace.ts`). One per process, shared by everything
 * that posts: the outbox and the answers in a person's chat count against the same limit.
 */
export function pacedTeamsConnector(teams: TeamsSettings, clients: TeamsClients): Connector {
  return pacedConnector(connector({ ...teams, tokens: clients.tokens }));
}

/** Tokens and Graph for `teams`, on the bot's clock. */
export function teamsClients(teams: TeamsSettings, now: () => number): TeamsClients {
  const tokens = tokenProvider(teams, now);
  return { tokens, graph: graphClient({ graphUrl: teams.graphUrl, tokens }) };
}

/** What the delivering port reads as it goes. */
export interface TeamsDeliveryDeps {
  store: Store;
  /** The services over the org in force (read at each call: an org change may replace it). */
  svc: Services;
  directory: () => Directory;
  now: () => number;
  /** Told of each installation of the app the port made. */
  installed?: (address: string) => void;
  /** The paced connector the process shares (`pacedTeamsConnector`); one of its own if none. */
  connector?: Connector;
  /** The https address of a quarter's chart for the report's card (serve's, with a domain). */
  reportChart?: (quarter: string) => string;
}

/** The Teams ChatPort the outbox delivers through; rendering runs on the bot's clock. */
export function teamsDeliveryPort(
  teams: TeamsSettings,
  clients: TeamsClients,
  deps: TeamsDeliveryDeps,
): ChatPort {
  const { svc, now } = deps;
  return deliveringPort(
    teamsPort({
      connector: deps.connector ?? pacedTeamsConnector(teams, clients),
      graph: clients.graph,
      cards: () => ({
        org: svc.org,
        calendar: svc.calendar,
        now: now(),
        teamsUserOf: (person) => deps.directory().addressOf(person),
        ...(deps.reportChart === undefined ? {} : { reportChart: deps.reportChart }),
      }),
    }),
    {
      graph: clients.graph,
      book: deps.store,
      appExternalId: teams.clientId,
      ...(deps.installed === undefined ? {} : { installed: deps.installed }),
    },
  );
}
