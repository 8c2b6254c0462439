// The shared sheets load before any component's own, so a component's rule wins a tie with them.
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/panels.css";
import "./styles/tables.css";
import "./styles/badges.css";
import "./styles/dialogs.css";
import "./styles/forms.css";
import "./styles/theme.css";
import "./styles/presentation.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app";

const root = document.getElementById("root");
if (!root) throw new Error('index.html has no <div id="root">');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
