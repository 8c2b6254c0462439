import { useState } from "react";
import type { Exchange } from "../../server/protocol";
import { trafficApi } from "../api-traffic";
import { curlOf, curlVariables } from "../curl";
import { ExplainPanel } from "./explain-panel";
import "./exchange-actions.css";

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard (plain http on another host, or permission refused): the command is shown to select by hand.
    return false;
  }
}

/** What a tester does with one exchange: copy it as curl, ask why it looks as it does. */
export function ExchangeActions({ exchange }: { exchange: Exchange }) {
  const [curl, setCurl] = useState<{ text: string; copied: boolean } | null>(null);
  const [explaining, setExplaining] = useState(false);
  const variables = curlVariables(exchange);

  const copyCurl = async () => {
    const text = curlOf(exchange);
    setCurl({ text, copied: await copy(text) });
  };

  return (
    <div className="exchange-actions">
      <div className="exchange-buttons">
        <button type="button" className="small" onClick={copyCurl} data-testid="copy-curl">
          Copy as curl
        </button>
        <button
          type="button"
          className="small"
          onClick={() => setExplaining((on) => !on)}
          aria-expanded={explaining}
          data-testid="explain-exchange"
        >
          {explaining ? "Hide explanation" : "Explain this request"}
        </button>
      </div>
      {curl && (
        <div className="curl-box">
          <p className="muted" role="status">
            {curl.copied ? "Copied to the clipboard." : "Select and copy the command below."}
            {variables.length > 0 && (
              <> Set {variables.map((v) => `$${v}`).join(", ")} first: the log never keeps secrets.</>
            )}
          </p>
          <pre className="mono curl-text" data-testid="curl-text">
            {curl.text}
          </pre>
        </div>
      )}
      {explaining && <ExplainPanel load={() => trafficApi.explain(exchange.id)} />}
    </div>
  );
}
