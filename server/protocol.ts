// Wire types shared by the server and the UI: everything that crosses the HTTP or WS boundary, one file per area
// under protocol/. The UI imports only this file from server/.

export * from "./protocol/actions";
export * from "./protocol/api";
export * from "./protocol/check";
export * from "./protocol/cycles";
export * from "./protocol/directory";
export * from "./protocol/exchanges";
export * from "./protocol/faults";
export * from "./protocol/live";
export * from "./protocol/org";
export * from "./protocol/renderings";
export * from "./protocol/scenarios";
export * from "./protocol/signin";
export * from "./protocol/targets";
export * from "./protocol/traffic";
