/** `users.lookupByEmail` as the org sync wants it: an id, null for "no such user", or a throw. */
import type { WebClient } from "@slack/web-api";
import type { LookupByEmail } from "../app/org-sync.ts";
import { platformErrorOf } from "./web-client.ts";

/** Looks people up through the Web API. */
export function lookupByEmail(client: WebClient): LookupByEmail {
  return async (email) => {
    try {
      const found = await client.users.lookupByEmail({ email });
      return found.user?.id ?? null;
    } catch (error) {
      if (platformErrorOf(error) === "users_not_found") return null;
      throw error;
    }
  };
}
