import type { Page } from "./api";

/** The page a read sent at tick `sent` answered, with every row patched since put back as patched. */
export function patchedPage<T>(
  page: Page<T>,
  sent: number,
  patched: ReadonlyMap<string, { row: T; tick: number }>,
  key: (row: T) => string,
): Page<T> {
  if (patched.size === 0) return page;
  const Resources = page.Resources.map((row) => {
    const later = patched.get(key(row));
    return later && later.tick > sent ? later.row : row;
  });
  return { ...page, Resources };
}
