import { useEffect, useId, useState } from "react";
import { api, type OrgSwitches, type OrgSwitchInfo } from "../api";
import { useSubmit } from "../use-submit";
import { FormError } from "./form-dialog";
import { FormField } from "./form-field";

interface Props {
  /** The switches the active preset shows. */
  switches: OrgSwitchInfo[];
  values: OrgSwitches | undefined;
  onChanged: () => void;
}

/** A number switch is sent once typing is done (Enter or leaving the field), not on every keystroke. */
function NumberSwitch({
  id,
  value,
  testId,
  invalid,
  onCommit,
}: {
  id: string;
  value: number;
  testId: string;
  invalid: boolean;
  onCommit: (value: number) => void;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const commit = () => {
    const number = Number(text);
    // An empty or unparsable field goes back to what the org has; a number, even a refused one, is sent.
    if (text.trim() === "" || !Number.isFinite(number)) setText(String(value));
    else if (number !== value) onCommit(number);
  };
  return (
    <input
      id={id}
      type="number"
      min={0}
      step={1}
      value={text}
      aria-invalid={invalid || undefined}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          commit();
        }
      }}
      data-testid={testId}
    />
  );
}

/**
 * The behaviours the SaaS leaves undocumented, each applied as soon as it is changed. Every one is an assumption,
 * and says so with the reason it is open.
 */
export function OrgSwitchesForm({ switches, values, onChanged }: Props) {
  const submit = useSubmit({ fieldsOnly: true });
  const idPrefix = useId();

  const apply = (name: OrgSwitchInfo["name"], value: string | number) =>
    submit.run(async () => {
      // The value comes from the switch's own choices, so it fits; the server checks it all the same.
      await api.configureOrg({ switches: { [name]: value } as Partial<OrgSwitches> });
      onChanged();
    });

  return (
    <>
      <div className="form-grid org-switches" data-testid="org-switches">
        {switches.map((sw) => {
          const id = `${idPrefix}-${sw.name}`;
          const path = `switches.${sw.name}`;
          const current = values?.[sw.name];
          const testId = `org-switch-${sw.name}`;
          const hint = (
            <>
              <span className="pill pill-assumed">assumed</span> {sw.why}
            </>
          );
          return (
            <FormField
              key={sw.name}
              label={sw.label}
              name={path}
              htmlFor={id}
              error={submit.fieldErrors[path]}
              hint={hint}
            >
              {sw.choices.length === 0 ? (
                <NumberSwitch
                  id={id}
                  value={typeof current === "number" ? current : 0}
                  testId={testId}
                  invalid={path in submit.fieldErrors}
                  onCommit={(value) => void apply(sw.name, value)}
                />
              ) : (
                <select
                  id={id}
                  value={current === undefined ? "" : String(current)}
                  disabled={submit.busy}
                  onChange={(e) => {
                    // A select's value is text; the switch wants the choice itself, 403 as a number.
                    const choice = sw.choices.find((c) => String(c) === e.target.value);
                    if (choice !== undefined) void apply(sw.name, choice);
                  }}
                  data-testid={testId}
                >
                  {sw.choices.map((choice) => (
                    <option key={choice} value={String(choice)}>
                      {choice}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          );
        })}
      </div>
      <FormError error={submit.error} testId="org-switches-error" />
    </>
  );
}
