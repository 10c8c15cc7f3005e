import type { Duration } from "./model";

/** What a duration looks like, for error messages. */
export const DURATION_EXPECTATION = 'a duration such as "90s", "30m", "2h" or "1h30m"';

/** Parses "1h30m", "45m", "90s"; undefined when malformed or zero. */
export function parseDuration(text: string): Duration | undefined {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!match || text.trim() === "") return undefined;
  const [, hours = "0", minutes = "0", seconds = "0"] = match;
  const total = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  return total > 0 ? { text: text.trim(), seconds: total } : undefined;
}
