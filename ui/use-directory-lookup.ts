import { useEffect, useMemo, useState } from "react";
import type { User } from "../server/protocol";
import { api } from "./api";
import { useDebounced } from "./use-debounced";

/** Ids per look-up request: the server takes up to 500. */
const CHUNK = 200;

/**
 * The users with these ids, read from the server in chunks: a dialog names the people it shows without reading
 * a directory of 100k. Ids not (or no longer) in the directory are simply absent from the map.
 */
export function useUsersById(ids: readonly string[]): Map<string, User> {
  const key = useMemo(() => [...new Set(ids)].sort().join(","), [ids]);
  const [found, setFound] = useState<Map<string, User>>(() => new Map());
  useEffect(() => {
    let alive = true;
    const wanted = key ? key.split(",") : [];
    const chunks = Array.from({ length: Math.ceil(wanted.length / CHUNK) }, (_, i) =>
      wanted.slice(i * CHUNK, (i + 1) * CHUNK),
    );
    Promise.all(chunks.map((chunk) => api.usersByIds(chunk)))
      .then((pages) => {
        if (alive) setFound(new Map(pages.flatMap((p) => p.Resources).map((u) => [u.id, u])));
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [key]);
  return found;
}

export interface UserSearch {
  query: string;
  setQuery(query: string): void;
  /** The first matches in userName order, as the server found them. */
  matches: User[];
  /** How many users match in all (the whole directory for an empty search). */
  total: number | null;
}

/** A search of the directory on the server, once per pause in typing, for pickers over a directory of any size. */
export function useUserSearch(count = 50): UserSearch {
  const [query, setQuery] = useState("");
  const settled = useDebounced(query.trim(), 200);
  const [result, setResult] = useState<{ matches: User[]; total: number | null }>({
    matches: [],
    total: null,
  });
  useEffect(() => {
    let alive = true;
    api
      .usersPage(settled, 1, count)
      .then((page) => {
        if (alive) setResult({ matches: page.Resources, total: page.totalResults });
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [settled, count]);
  return { query, setQuery, ...result };
}
