export function ActiveBadge({ active }: { active: boolean | undefined }) {
  const on = active !== false;
  return (
    <span className={`badge ${on ? "badge-active" : "badge-inactive"}`} data-testid="active-badge">
      {on ? "Active" : "Inactive"}
    </span>
  );
}
