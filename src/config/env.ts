/**
 * The environment, parsed once with zod. A missing or malformed variable becomes one line that
 * names it; secrets are never echoed back.
 */
import * as z from "zod";
import { isClockYear } from "../core/calendar.ts";

const level = z.enum(["debug", "info", "warn", "error"]);

const schema = z.object({
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, "must start with xoxb-")
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(8, "looks too short").optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, "must start with xapp-")
    .optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  BOMBA_DB: z.string().min(1).default("./data/bomba.db"),
  BOMBA_ORG: z.string().min(1).default("./org.yaml"),
  LOG_LEVEL: level.default("info"),
  /** Demos and end-to-end tests: the bot's clock starts at this instant and runs from there. */
  BOMBA_CLOCK: z.iso
    .datetime({ offset: true })
    // The year as written: the calendar's century of margin makes the offset's hours immaterial.
    .refine((text) => isClockYear(Number(text.slice(0, 4))), "is outside the calendar's years")
    .optional(),
});

/** The parsed environment. */
export type Env = z.infer<typeof schema>;

/** Parses the environment; on failure, the first line a person needs to fix it, and the variable. */
export function parseEnv(
  source: Record<string, string | undefined>,
): { ok: true; env: Env } | { ok: false; error: string; variable: string } {
  // An empty variable (KEY= in .env) means "not set", not "set to nothing".
  const present = Object.fromEntries(
    Object.keys(schema.shape).flatMap((k) => (source[k] ? [[k, source[k]]] : [])),
  );
  const parsed = schema.safeParse(present);
  if (parsed.success) return { ok: true, env: parsed.data };
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? "environment");
  return { ok: false, error: `${name}: ${issue?.message ?? "invalid"}`, variable: name };
}

/** The bot's clock: real time, or real time shifted so that it started at `BOMBA_CLOCK`. */
export function clockOf(env: Env, realNow: () => number = Date.now): () => number {
  if (env.BOMBA_CLOCK === undefined) return realNow;
  const offset = Date.parse(env.BOMBA_CLOCK) - realNow();
  return () => realNow() + offset;
}
