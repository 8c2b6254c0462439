import type { Exchange, LogFilter, LogPage, Profile, RequestExplanation } from "../server/protocol";
import { request } from "./request";

/** The traffic view's narrowing and text search, as `GET /api/log` and its export take them. */
export interface TrafficQuery extends LogFilter {
  /** A piece of the method, URL or status. */
  filter?: string;
  /** Only exchanges that started after this instant (a viewer's "clear"). */
  after?: string | null;
  failed?: boolean;
}

function paramsOf(query: TrafficQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  return params;
}

export const trafficApi = {
  /** One page of the log, oldest first, with the names of the people and groups it is about. */
  page: (query: TrafficQuery, startIndex: number, count: number) => {
    const params = paramsOf(query);
    params.set("startIndex", String(startIndex));
    params.set("count", String(count));
    return request<LogPage>("GET", `/api/log?${params}`);
  },
  count: async (query: TrafficQuery) => (await trafficApi.page(query, 1, 1)).totalResults,
  /** Where the browser downloads what the query selects, as HAR or JSON. */
  exportUrl: (query: TrafficQuery, format: "har" | "json") => {
    const params = paramsOf(query);
    params.set("format", format);
    return `/api/log/export?${params}`;
  },
  exchange: (id: string) =>
    request<{ exchange: Exchange; names: Record<string, string> }>(
      "GET",
      `/api/log/${encodeURIComponent(id)}`,
    ),
  explain: (exchangeId: string) =>
    request<RequestExplanation>("GET", `/api/log/${encodeURIComponent(exchangeId)}/explain`),
  explainRendered: (profile: Profile, rendered: { method: string; url: string; body: unknown }) =>
    request<RequestExplanation>("POST", "/api/dialects/explain", { profile, request: rendered }),
};
