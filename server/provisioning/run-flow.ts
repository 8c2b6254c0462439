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
  return advance(flow, answer, flow.next());
}

/**
 * Answers steps until the flow ends or an answer is still to come. A plain function rather than a closure per
 * run: the TypeScript loader names each closure as it is made, which at a cycle's pace is a cost of its own.
 */
function advance(
  flow: Flow,
  answer: (request: ScimRequest) => ScimResponse | Promise<ScimResponse>,
  first: ReturnType<Flow["next"]>,
): FlowResult | Promise<FlowResult> {
  let step = first;
  while (!step.done) {
    const response = answer(step.value);
    if (response instanceof Promise) return response.then((r) => advance(flow, answer, flow.next(r)));
    step = flow.next(response);
  }
  return step.value;
}
