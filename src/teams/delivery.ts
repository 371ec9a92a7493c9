/**
 * The Teams ChatPort as the outbox uses it: each person's 1:1 conversation created once and kept
 * with their address in the store (a restart does not create it again), and a person the bot
 * cannot reach because the app is not installed for them (403 `BotNotInConversationRoster`) gets
 * it installed through Graph, after which the call is made once more.
 */
import { ChatError, type ChatPort } from "../chat/port.ts";
import type { Graph } from "./graph.ts";
import { TEAMS_PLATFORM } from "./port.ts";

/** Where kept conversations are read and written (the store's addresses). */
export interface ConversationBook {
  conversationsOn(platform: string): Promise<Map<string, string>>;
  keepConversation(platform: string, address: string, conversation: string): Promise<void>;
}

/** What `deliveringPort` needs besides the port. */
export interface DeliveringDeps {
  graph: Graph;
  book: ConversationBook;
  /** The manifest's id, which Graph calls the app's `externalId` (our package: the client id). */
  appExternalId: string;
  /** Told of each installation made (the log). */
  installed?: (address: string) => void;
}

/**
 * Installs the bot's app for the person at `address`: the catalog id found once, then the
 * installation (already installed is no error). Throws `ChatError`: an app not in the tenant's
 * catalog, or a person Teams will not install it for, is permanent.
 */
export function appInstaller(
  graph: Graph,
  appExternalId: string,
): (address: string) => Promise<void> {
  let catalogId: string | null = null;
  return async (address) => {
    if (catalogId === null) {
      catalogId = await graph.catalogAppId(appExternalId);
      if (catalogId === null) throw new ChatError("permanent", "app_not_in_catalog");
    }
    await graph.installApp(address, catalogId);
  };
}

/** `port` with conversations kept and the app installed where it is missing. */
export function deliveringPort(port: ChatPort, deps: DeliveringDeps): ChatPort {
  const install = appInstaller(deps.graph, deps.appExternalId);
  let kept: Map<string, string> | null = null;
  // Whose conversation each one is, to know whom to install the app for when a post is refused.
  const owners = new Map<string, string>();

  const conversations = async (): Promise<Map<string, string>> => {
    if (kept === null) {
      kept = await deps.book.conversationsOn(TEAMS_PLATFORM);
      for (const [address, conversation] of kept) owners.set(conversation, address);
    }
    return kept;
  };

  /** Runs `call`; refused as not installed, installs the app for `address` and runs it once more. */
  const reaching = async <T>(address: string | undefined, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (
        !(error instanceof ChatError) ||
        error.kind !== "not_installed" ||
        address === undefined
      ) {
        throw error;
      }
      await install(address);
      deps.installed?.(address);
      return call();
    }
  };

  const ownerOf = async (conversation: string): Promise<string | undefined> => {
    await conversations();
    return owners.get(conversation);
  };

  return {
    platform: port.platform,
    lookupByEmail: (email) => port.lookupByEmail(email),
    async openConversation(address) {
      const known = (await conversations()).get(address);
      if (known !== undefined) return known;
      const opened = await reaching(address, () => port.openConversation(address));
      await deps.book.keepConversation(TEAMS_PLATFORM, address, opened);
      kept?.set(address, opened);
      owners.set(opened, address);
      return opened;
    },
    async send(to, content, tag, left) {
      const owner = "conversation" in to ? await ownerOf(to.conversation) : undefined;
      return reaching(owner, () => port.send(to, content, tag, left));
    },
    find: (to, tag) => port.find(to, tag),
    async update(at, content) {
      return reaching(await ownerOf(at.conversation), () => port.update(at, content));
    },
    retire: (at) => port.retire(at),
    upload: (at, files, tag, unknown, shared) => port.upload(at, files, tag, unknown, shared),
  };
}
