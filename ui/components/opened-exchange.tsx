import { trafficApi } from "../api-traffic";
import { useLoader } from "../use-loader";
import { ExchangeDetail } from "./exchange-detail";
import { Panel } from "./panel";

/** The exchange the address names, read on its own: a link opens it even when it is far from the rows in view. */
export function OpenedExchange({ id, onClose }: { id: string; onClose: () => void }) {
  const loaded = useLoader(() => trafficApi.exchange(id));
  const data = loaded.data?.exchange.id === id ? loaded.data : undefined;
  return (
    <Panel
      title="Exchange"
      subtitle={<span className="mono">{id}</span>}
      className="panel-opened"
      testId="opened-exchange"
      actions={
        <button
          type="button"
          className="ghost small"
          onClick={onClose}
          data-testid="close-exchange"
          aria-label="Close the exchange"
        >
          ✕ Close
        </button>
      }
    >
      {loaded.error && (
        <p className="panel-error" role="alert">
          Could not open the exchange: {loaded.error}
        </p>
      )}
      {data && <ExchangeDetail exchange={data.exchange} names={data.names} />}
    </Panel>
  );
}
