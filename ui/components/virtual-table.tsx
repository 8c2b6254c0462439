import type { ReactNode, Ref } from "react";
import type { VirtualRows } from "../use-virtual-rows";

// A virtualized table body: the drawn rows sit between two spacers that stand in for the rest.

interface LoadingProps {
  index: number;
  columns: number;
  /** The rows' usual height: the virtualizer counts a row still loading at that height without measuring it. */
  height: number;
}

/** A row whose page is still on its way. */
function LoadingRow({ index, columns, height }: LoadingProps) {
  return (
    <tr
      data-index={index}
      className="row-loading"
      data-testid="row-loading"
      aria-busy="true"
      style={{ height }}
    >
      <td colSpan={columns}>
        <span className="muted">…</span>
      </td>
    </tr>
  );
}

/** Stands in for the rows above or below the drawn ones. */
function SpacerRow({ height, columns }: { height: number; columns: number }) {
  if (height <= 0) return null;
  return (
    <tr className="virtual-spacer">
      <td colSpan={columns} style={{ height }} />
    </tr>
  );
}

interface Props<T> {
  rows: VirtualRows<HTMLTableSectionElement>;
  columns: number;
  /** The row at a position, or undefined while its page loads. */
  at: (index: number) => T | undefined;
  bodyRef: Ref<HTMLTableSectionElement>;
  /** Draws a loaded row: a keyed <tr> with `data-index` and the virtualizer's `measureElement` as its ref. */
  children: (row: T, index: number) => ReactNode;
}

export function VirtualTableBody<T>({ rows, columns, at, bodyRef, children }: Props<T>) {
  return (
    <tbody ref={bodyRef}>
      <SpacerRow height={rows.before} columns={columns} />
      {rows.items.map(({ index }) => {
        const row = at(index);
        return row === undefined ? (
          <LoadingRow key={`loading-${index}`} index={index} columns={columns} height={rows.rowHeight} />
        ) : (
          children(row, index)
        );
      })}
      <SpacerRow height={rows.after} columns={columns} />
    </tbody>
  );
}
