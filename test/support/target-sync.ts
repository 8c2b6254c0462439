import type { CycleRecord } from "../../server/protocol";
import type { Running } from "./simulator";

// A target's cycle run through the control API, and the users the embedded org holds after it.

type List = {
  totalResults: number;
  Resources: Array<{ id: string; userName: string; title?: string; active: boolean }>;
};

export const orgUsers = async (r: Running) => (await r.scim<List>("GET", "/Users?count=1000")).body;
export const sync = (r: Running, id: string, body?: object) =>
  r.api<CycleRecord>("POST", `/targets/${id}/sync`, body);
