import type { UserSearch } from "../use-directory-lookup";

/** The search box of a user picker: what is typed goes to the server's search (useUserSearch). */
export function UserSearchInput({
  search,
  label,
  testId,
}: {
  search: UserSearch;
  label: string;
  testId: string;
}) {
  return (
    <input
      type="search"
      className="search"
      placeholder={`${label}…`}
      aria-label={label}
      data-testid={testId}
      value={search.query}
      onChange={(e) => search.setQuery(e.target.value)}
    />
  );
}
