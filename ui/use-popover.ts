import { type KeyboardEvent, type RefObject, useCallback, useEffect, useRef, useState } from "react";

export interface Popover {
  open: boolean;
  toggle: () => void;
  /** Closes the popup and puts focus back on the button that opened it. */
  close: () => void;
  /** The element holding the trigger and the popup: a mousedown outside it closes the popup. */
  root: RefObject<HTMLDivElement | null>;
  trigger: RefObject<HTMLButtonElement | null>;
  /** For a role="menu" popup: its first item takes focus when it opens. */
  menu: RefObject<HTMLDivElement | null>;
  /** For a role="menu" popup: Up and Down move between the items, wrapping; Home and End go to the ends. */
  onMenuKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
}

function itemsOf(menu: HTMLElement | null): HTMLElement[] {
  return menu ? [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)')] : [];
}

/** A button's popup: opens and closes, and closes on Escape or a click elsewhere, as the WAI-ARIA patterns do. */
export function usePopover(): Popover {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  const toggle = useCallback(() => setOpen((o) => !o), []);
  const close = useCallback(() => {
    setOpen(false);
    trigger.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    // A click elsewhere leaves focus where it lands, so this one does not move it back to the trigger.
    const onDown = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape") close();
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, close]);

  useEffect(() => {
    if (open) itemsOf(menu.current)[0]?.focus();
  }, [open]);

  const onMenuKeyDown = useCallback((event: KeyboardEvent<HTMLElement>) => {
    const items = itemsOf(menu.current);
    if (items.length === 0) return;
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next: Record<string, number> = {
      ArrowDown: (at + 1) % items.length,
      ArrowUp: (at - 1 + items.length) % items.length,
      Home: 0,
      End: items.length - 1,
    };
    const index = next[event.key];
    if (index === undefined) return;
    event.preventDefault();
    items[index]?.focus();
  }, []);

  return { open, toggle, close, root, trigger, menu, onMenuKeyDown };
}
