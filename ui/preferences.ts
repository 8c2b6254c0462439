import { useCallback, useEffect, useState } from "react";

export type ThemeChoice = "system" | "light" | "dark";
export type Theme = "light" | "dark";

const THEME_KEY = "scimulator.theme";
const PRESENT_KEY = "scimulator.presenting";
const DARK_QUERY = "(prefers-color-scheme: dark)";

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // A browser that keeps nothing (private mode, storage off) still switches; it just forgets on reload.
  }
}

const isChoice = (v: string | null): v is ThemeChoice => v === "system" || v === "light" || v === "dark";

function useSystemTheme(): Theme {
  const [dark, setDark] = useState(() => window.matchMedia(DARK_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(DARK_QUERY);
    const onChange = () => setDark(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  return dark ? "dark" : "light";
}

/**
 * The viewer's own settings, kept in this browser: the theme (following the system unless chosen) and presentation
 * mode. Both are applied to the root element, where the style sheets read them.
 */
export function usePreferences() {
  const system = useSystemTheme();
  const [choice, setChoice] = useState<ThemeChoice>(() => {
    const saved = stored(THEME_KEY);
    return isChoice(saved) ? saved : "system";
  });
  const [presenting, setPresentingState] = useState(() => stored(PRESENT_KEY) === "true");
  const theme: Theme = choice === "system" ? system : choice;

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  useEffect(() => {
    document.documentElement.classList.toggle("presenting", presenting);
  }, [presenting]);

  const setTheme = useCallback((next: ThemeChoice) => {
    setChoice(next);
    store(THEME_KEY, next);
  }, []);
  /** Flips between light and dark; the choice is explicit from then on. */
  const toggleTheme = useCallback(() => setTheme(theme === "dark" ? "light" : "dark"), [theme, setTheme]);
  const setPresenting = useCallback((next: boolean) => {
    setPresentingState(next);
    store(PRESENT_KEY, String(next));
  }, []);
  return { choice, theme, setTheme, toggleTheme, presenting, setPresenting };
}

export type Preferences = ReturnType<typeof usePreferences>;
