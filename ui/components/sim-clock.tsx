import { useState } from "react";
import { api, type ClockState, messageOf } from "../api";
import { type ClockReading, describeScale, formatScale, simTimeParts, useSimulatedNow } from "../sim-time";
import { usePopover } from "../use-popover";
import "./sim-clock.css";

const SCALES = [1, 60, 600, 3600] as const;
const HOUR = 3_600_000;
const ADVANCES = [
  { id: "1h", label: "+1 h", ms: HOUR },
  { id: "1d", label: "+1 d", ms: 24 * HOUR },
  { id: "31d", label: "+31 d", ms: 31 * 24 * HOUR },
] as const;

interface Props {
  reading: ClockReading | null;
  onReading: (state: ClockState) => void;
  onError: (message: string) => void;
}

/** The simulated clock in the header: its running time and speed; a click opens the speed and jump controls. */
export function SimClock({ reading, onReading, onError }: Props) {
  const now = useSimulatedNow(reading);
  const parts = now === null ? null : simTimeParts(now);
  const popover = usePopover();
  const [custom, setCustom] = useState("");
  const [busy, setBusy] = useState(false);

  const patch = async (body: { scale?: number; advanceMs?: number; reset?: true }) => {
    setBusy(true);
    try {
      onReading(await api.setClock(body));
    } catch (err) {
      onError(`Clock: ${messageOf(err)}`);
    } finally {
      setBusy(false);
    }
  };

  const scale = reading?.scale;
  const customValue = Number(custom);
  const customValid = custom.trim() !== "" && Number.isFinite(customValue) && customValue > 0;

  return (
    <div className="sim-clock" ref={popover.root}>
      <button
        type="button"
        className={`header-chip clock-chip ${scale !== undefined && scale !== 1 ? "clock-fast" : ""}`}
        ref={popover.trigger}
        onClick={popover.toggle}
        aria-expanded={popover.open}
        aria-haspopup="dialog"
        title="Simulated clock: schedules, backoff, Retry-After and soft-delete windows run on it"
        data-testid="clock-toggle"
      >
        <span className="clock-icon" aria-hidden="true">
          ◷
        </span>
        <span
          className="clock-time mono"
          data-testid="clock-time"
          title={parts === null ? undefined : `${parts.day} ${parts.time}`}
        >
          {parts === null ? (
            "—"
          ) : (
            <>
              <span className="clock-day">{parts.day} </span>
              {parts.time}
            </>
          )}
        </span>
        {reading?.paused && (
          <span className="clock-held" data-testid="clock-held" title="Held while a trainer step waits">
            held
          </span>
        )}
        <span className="clock-scale" data-testid="clock-scale" data-scale={scale}>
          {scale === undefined ? "" : formatScale(scale)}
        </span>
      </button>
      {popover.open && (
        <div className="clock-pop" role="dialog" aria-label="Simulated clock" data-testid="clock-panel">
          <div className="control-label">Speed</div>
          <div className="segmented clock-scales">
            {SCALES.map((s) => (
              <button
                key={s}
                type="button"
                className={scale === s ? "selected" : ""}
                onClick={() => patch({ scale: s })}
                disabled={busy}
                title={describeScale(s)}
                data-testid={`clock-scale-${s}`}
              >
                ×{s}
              </button>
            ))}
          </div>
          <form
            className="clock-custom"
            onSubmit={(event) => {
              event.preventDefault();
              if (customValid) void patch({ scale: customValue });
            }}
          >
            <input
              type="number"
              min="0.001"
              step="any"
              placeholder="custom ×"
              value={custom}
              onChange={(event) => setCustom(event.target.value)}
              aria-label="Custom time scale"
              data-testid="clock-scale-custom"
            />
            <button
              type="submit"
              className="small"
              disabled={busy || !customValid}
              data-testid="clock-scale-apply"
            >
              Set
            </button>
          </form>
          <p className="clock-hint muted">{scale !== undefined && describeScale(scale)}</p>
          <div className="control-label">Jump forward</div>
          <div className="clock-advances">
            {ADVANCES.map((a) => (
              <button
                key={a.id}
                type="button"
                className="small"
                onClick={() => patch({ advanceMs: a.ms })}
                disabled={busy}
                data-testid={`clock-advance-${a.id}`}
              >
                {a.label}
              </button>
            ))}
          </div>
          <button
            type="button"
            className="small clock-reset"
            onClick={() => patch({ reset: true })}
            disabled={busy}
            title="Undo every jump and speed-up: the clock shows the real time again"
            data-testid="clock-reset"
          >
            Reset clock to real time
          </button>
        </div>
      )}
    </div>
  );
}
