import type { Exchange, Target } from "../../server/protocol";
import { exchangesOf, pathOf, type Running } from "./simulator";

// What crossed the wire to the embedded org, in the shapes the dialect tests assert on.

/** A target's exchanges from the `from`-th on. */
export const since = (r: Running, target: Target, from: number): Exchange[] =>
  exchangesOf(r, target.id).slice(from);

/** Each exchange as `METHOD /path → status`. */
export const lines = (exchanges: Exchange[]) =>
  exchanges.map((e) => `${e.request.method} ${pathOf(e)} → ${e.response?.status}`);

/** The embedded org's copy of a user, found by userName; throws when the org has none. */
export async function remoteOf(
  r: Running,
  userName: string,
): Promise<Record<string, unknown> & { id: string }> {
  const found = await r.scim<{ Resources: Array<Record<string, unknown> & { id: string }> }>(
    "GET",
    `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
  );
  const user = found.body.Resources[0];
  if (!user) throw new Error(`${userName} is not on the org`);
  return user;
}
