/**
 * The report's chart as an image in its Teams card. Teams renders an Adaptive Card `Image` from
 * an https URL its clients fetch; a data: URI would carry the PNG inside the message (a 960×540
 * chart is about 16 KB, 21 KB in base64: half of the 40 KB a message may carry, in every card
 * of the report to the channel, the CEO and each director). So the bot serves
 * the chart itself at `https://TEAMS_BOT_DOMAIN/charts/<quarter>-<mac>.png`: the MAC (HMAC-SHA256
 * under a key drawn from the bot's client secret) makes the address unguessable, so only who was
 * given the card can load it, and it holds no state, so it still works after a restart.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** Where the bot serves charts. */
export const CHARTS_PATH = "/charts/";

const QUARTER = /^\d{4}-Q[1-4]$/;
const FILE = /^(\d{4}-Q[1-4])-([A-Za-z0-9_-]{43})\.png$/;

/** The charts' addresses: made for a quarter, and read back from a request's path. */
export interface ChartLinks {
  /** The https URL of the quarter's company chart. */
  urlOf(quarter: string): string;
  /** The quarter a request's path names with a valid MAC; null for anything else. */
  quarterOf(path: string): string | null;
}

/** The chart links of the bot at `domain`, keyed by its client secret. */
export function chartLinks(clientSecret: string, domain: string): ChartLinks {
  const key = createHmac("sha256", clientSecret).update("correo-bomba chart links").digest();
  const macOf = (quarter: string): Buffer =>
    createHmac("sha256", key).update(`chart\n${quarter}`).digest();
  return {
    urlOf(quarter) {
      if (!QUARTER.test(quarter)) throw new Error(`no quarter: ${quarter}`);
      return `https://${domain}${CHARTS_PATH}${quarter}-${macOf(quarter).toString("base64url")}.png`;
    },
    quarterOf(path) {
      if (!path.startsWith(CHARTS_PATH)) return null;
      const match = FILE.exec(path.slice(CHARTS_PATH.length));
      const quarter = match?.[1];
      const given = match?.[2];
      if (quarter === undefined || given === undefined) return null;
      const mac = Buffer.from(given, "base64url");
      const expected = macOf(quarter);
      return mac.length === expected.length && timingSafeEqual(mac, expected) ? quarter : null;
    },
  };
}
