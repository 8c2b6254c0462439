import { trafficApi } from "../api-traffic";
import { relativeUrl } from "../format";
import { useLoader } from "../use-loader";
import { Explanation } from "./explain-panel";
import "./step-requests.css";

async function load(ids: readonly string[]) {
  return Promise.all(
    ids.map(async (id) => {
      const [{ exchange }, explanation] = await Promise.all([
        trafficApi.exchange(id),
        trafficApi.explain(id),
      ]);
      return { exchange, explanation };
    }),
  );
}

/** Beside a trainer's caption: the requests the last step sent, and why each looks as it does. */
export function StepRequests({ ids }: { ids: readonly string[] }) {
  const loaded = useLoader(() => load(ids));
  if (ids.length === 0) return null;
  return (
    <aside
      className="step-requests"
      data-testid="step-requests"
      aria-label="The last step's requests, explained"
    >
      <h4 className="section-title">What the last step sent</h4>
      {loaded.error && <p className="muted">Could not explain the step's requests: {loaded.error}</p>}
      {loaded.data?.map(({ exchange, explanation }) => (
        <div key={exchange.id} className="step-request" data-exchange-id={exchange.id}>
          <div className="step-request-line mono">
            <b>{exchange.request.method}</b> {relativeUrl(exchange.request.url, undefined)}{" "}
            <span className="muted">→ {exchange.response?.status ?? "ERR"}</span>
          </div>
          <Explanation explanation={{ ...explanation, reasons: explanation.reasons.slice(0, 1) }} compact />
        </div>
      ))}
    </aside>
  );
}
