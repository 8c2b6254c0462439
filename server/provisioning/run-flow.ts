import type { Flow, FlowResult, ScimRequest, ScimResponse } from "./dialects/types";

/**
 * The one driver of a dialect flow: each request the flow yields is answered, and the answer is handed back
 * until the flow returns its result. Sending answers over HTTP (asynchronously); a dry run answers from canned
 * responses (synchronously), and then the whole run is synchronous too.
 */
export function runFlow(flow: Flow, answer: (request: ScimRequest) => ScimResponse): FlowResult;
export function runFlow(
  flow: Flow,
  answer: (request: ScimRequest) => Promise<ScimResponse>,
): Promise<FlowResult>;
export function runFlow(
  flow: Flow,
  answer: (request: ScimRequest) => ScimResponse | Promise<ScimResponse>,
): FlowResult | Promise<FlowResult> {
  let step = flow.next();
  const loop = (): FlowResult | Promise<FlowResult> => {
    while (!step.done) {
      const response = answer(step.value);
      if (response instanceof Promise) {
        return response.then((r) => {
          step = flow.next(r);
          return loop();
        });
      }
      step = flow.next(response);
    }
    return step.value;
  };
  return loop();
}
