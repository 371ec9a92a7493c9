/** The daily digest from what the store holds (what it says: src/report/digest.ts). */
import type { Bomb } from "../core/bomb.ts";
import { type DigestData, digestOf, digestStates } from "../report/digest.ts";
import type { Services } from "./services.ts";

/** The bombs a digest lists, read from the store. */
export function loadDigestBombs(svc: Pick<Services, "store">): Promise<Bomb[]> {
  return svc.store.bombsInStates(digestStates);
}

/** Today's digest from the store, as of `now`: what `/bomba digest` and the daily post show. */
export async function loadDigest(svc: Services, now: number): Promise<DigestData> {
  return digestOf(await loadDigestBombs(svc), svc.org, svc.calendar, now);
}
