/** The daily digest from what the store holds (what it says: src/report/digest.ts). */
import { type DigestData, digestOf } from "../report/digest.ts";
import type { Services } from "./services.ts";

/** Today's digest from the store, as of `now`: what `/bomba digest` and the daily post show. */
export async function loadDigest(svc: Services, now: number): Promise<DigestData> {
  return digestOf(await svc.store.digestRows(), svc.org, svc.calendar, now);
}
