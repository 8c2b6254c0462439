import type { RequestHandler } from "express";

/**
 * Libraries a router needs only once someone uses it, loaded by its first request rather than at every start. The
 * middleware loads them before the routes after it run, and `get()` hands them to those routes. A load that fails
 * fails that request, and the next request tries again.
 */
export function loadedOnFirstRequest<T>(load: () => Promise<T>): { middleware: RequestHandler; get(): T } {
  let loaded: T | null = null;
  let loading: Promise<T> | null = null;
  return {
    middleware: async (_req, _res, next) => {
      loading ??= load().catch((err: unknown) => {
        loading = null;
        throw err;
      });
      loaded = await loading;
      next();
    },
    get(): T {
      if (loaded === null) throw new Error("a library was used before the first request loaded it");
      return loaded;
    },
  };
}
