import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

type Json = Record<string, unknown>;
type Change = { path: string[]; value?: unknown; removed?: boolean };

function applyChange(data: Json, change: Change): void {
  let at: Json = data;
  for (const key of change.path.slice(0, -1)) {
    at[key] ??= {};
    at = at[key] as Json;
  }
  const last = change.path.at(-1) as string;
  if (Array.isArray(at)) {
    const list = at as Array<{ id?: unknown }>;
    const i = list.findIndex((r) => r.id === last);
    if (change.removed) {
      if (i >= 0) list.splice(i, 1);
    } else if (i >= 0) list[i] = change.value as { id?: unknown };
    else list.push(change.value as { id?: unknown });
  } else if (change.removed) delete at[last];
  else at[last] = change.value;
}

/**
 * What a journaled data file holds on disk at this moment: its snapshot with every journal line beside it applied
 * in order, read the way a start-up reads it (lists of records by id, everything else by key). Synchronous, so a
 * test can read it inside an event handler and see exactly what was durable when the event fired.
 */
export function readStoreSync<T = Json>(file: string): T {
  const data = JSON.parse(readFileSync(file, "utf8")) as Json;
  const prefix = `${basename(file)}.journal.`;
  const journals = readdirSync(dirname(file))
    .filter((n) => n.startsWith(prefix))
    .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
  for (const name of journals) {
    for (const line of readFileSync(join(dirname(file), name), "utf8").split("\n")) {
      if (line.trim() !== "") applyChange(data, JSON.parse(line) as Change);
    }
  }
  return data as T;
}

export async function readStore<T = Json>(file: string): Promise<T> {
  return readStoreSync<T>(file);
}
