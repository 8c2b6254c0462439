import { useEffect, useRef } from "react";

/** Every key the page answers, as the `?` dialog lists them. */
export const SHORTCUTS = [
  { keys: ["?"], what: "Show these shortcuts" },
  { keys: ["1", "2", "3", "4", "5"], what: "Users, Groups, Traffic, Compare dialects, Scenarios" },
  { keys: ["/"], what: "Search or filter the current view" },
  { keys: ["c"], what: "Continue a paused trainer run" },
  { keys: ["s"], what: "Traffic: switch between the table and the sequence diagram" },
  { keys: ["p"], what: "Presentation mode on or off" },
  { keys: ["d"], what: "Dark or light theme" },
  { keys: ["Esc"], what: "Close a dialog or an opened exchange" },
  { keys: ["Tab", "Shift+Tab"], what: "Move between controls; Enter or Space presses one" },
] as const;

/** Keys typed into a field belong to the field. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * Calls the handler of each single key pressed outside a text field, with no Ctrl, Alt or Meta, while no modal
 * dialog is open (a dialog's own keys come first).
 */
export function useShortcuts(handlers: Record<string, () => void>): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) return;
      if (event.key !== "?" && document.querySelector("dialog[open]")) return;
      const handler = current.current[event.key === "Escape" ? "esc" : event.key];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

/** Presses the first visible control marked with this shortcut role (a Continue button, a search field). */
export function pressMarked(role: string): void {
  const element = document.querySelector<HTMLElement>(`[data-shortcut="${role}"]`);
  if (!element) return;
  if (element instanceof HTMLInputElement) element.focus();
  else element.click();
}
