import type { ReactNode, Ref } from "react";

interface Props {
  title: string;
  subtitle?: ReactNode;
  count?: number;
  actions?: ReactNode;
  className?: string;
  testId?: string;
  /** The body, which scrolls on its own: a virtual list measures its view by it. */
  bodyRef?: Ref<HTMLDivElement>;
  children: ReactNode;
}

/** The card every section of the page sits in: a title bar with actions, and a body that scrolls on its own. */
export function Panel({ title, subtitle, count, actions, className, testId, bodyRef, children }: Props) {
  return (
    <section className={`panel ${className ?? ""}`} data-testid={testId} aria-label={title}>
      <header className="panel-head">
        <div className="panel-title">
          <h2>
            {title}
            {count !== undefined && (
              <span className="count" data-testid="panel-count">
                {count.toLocaleString()}
              </span>
            )}
          </h2>
          {subtitle && <div className="panel-subtitle">{subtitle}</div>}
        </div>
        {actions && <div className="panel-actions">{actions}</div>}
      </header>
      <div className="panel-body" ref={bodyRef}>
        {children}
      </div>
    </section>
  );
}
