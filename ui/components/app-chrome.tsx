import { Fragment, type ReactNode, useState } from "react";
import type { Preferences } from "../preferences";
import { pressMarked, useShortcuts } from "../shortcuts";
import type { AppLocation, Navigate } from "../url-state";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { VIEWS } from "./view-tabs";
import "./app-chrome.css";

interface Props {
  location: AppLocation;
  navigate: Navigate;
  prefs: Preferences;
  /** The header, which the chrome's own buttons join. */
  header: (buttons: ReactNode) => ReactNode;
}

/**
 * What frames every view: the header with the theme, presentation and shortcut buttons, the keys of the whole page,
 * the `?` dialog, and in presentation mode the small bar that brings the chrome back.
 */
export function AppChrome({ location, navigate, prefs, header }: Props) {
  const [help, setHelp] = useState(false);
  const { presenting, setPresenting, theme, toggleTheme } = prefs;

  const keys: Record<string, () => void> = {
    "?": () => setHelp((open) => !open),
    "/": () => pressMarked("search"),
    c: () => pressMarked("continue"),
    d: toggleTheme,
    p: () => setPresenting(!presenting),
    s: () =>
      location.view === "traffic" &&
      navigate({
        traffic: { ...location.traffic, mode: location.traffic.mode === "sequence" ? undefined : "sequence" },
      }),
    esc: () => location.exchange && navigate({ exchange: undefined }),
  };
  VIEWS.forEach((v, i) => {
    keys[String(i + 1)] = () => navigate({ view: v.id });
  });
  useShortcuts(keys);

  const themeLabel = theme === "dark" ? "Switch to the light theme" : "Switch to the dark theme";
  // Keyed: the header lists it beside its own actions.
  const buttons = (
    <Fragment key="chrome-buttons">
      <button
        type="button"
        className="header-chip theme-toggle"
        onClick={toggleTheme}
        aria-label={themeLabel}
        title={`${themeLabel} (d)`}
        data-testid="theme-toggle"
        data-theme={theme}
      >
        {theme === "dark" ? "☀" : "☾"}
      </button>
      <button
        type="button"
        className="header-chip"
        onClick={() => setPresenting(true)}
        aria-label="Presentation mode"
        title="Presentation mode: larger type, no chrome (p)"
        data-testid="present-toggle"
      >
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
          <rect
            x="1.5"
            y="2.5"
            width="13"
            height="9"
            rx="1.2"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.4"
          />
          <path d="M8 11.5v2.6M4.8 14.3h6.4" stroke="currentColor" strokeWidth="1.4" />
        </svg>
      </button>
      <button
        type="button"
        className="header-chip"
        onClick={() => setHelp(true)}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        data-testid="shortcuts-toggle"
      >
        ?
      </button>
    </Fragment>
  );

  return (
    <>
      {header(buttons)}
      <div className="present-bar" data-testid="present-bar">
        <button type="button" onClick={toggleTheme} aria-label={themeLabel}>
          {theme === "dark" ? "☀" : "☾"}
        </button>
        <button type="button" onClick={() => setPresenting(false)} data-testid="present-exit">
          Exit presentation
        </button>
      </div>
      {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
    </>
  );
}
