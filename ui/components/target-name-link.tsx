interface Props {
  id: string;
  name: string;
  onSelect?: (id: string) => void;
}

/**
 * A target's name as a link to it (`/?target=…`): a plain click picks the card out in place, a modified click
 * opens the link as a browser would, and the address can be copied from it.
 */
export function TargetNameLink({ id, name, onSelect }: Props) {
  return (
    <a
      className="target-name"
      data-testid="target-name"
      href={`/?target=${encodeURIComponent(id)}`}
      title="A link to this target"
      onClick={(event) => {
        if (!onSelect || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        onSelect(id);
      }}
    >
      {name}
    </a>
  );
}
