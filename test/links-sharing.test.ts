import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openLinks } from "../server/provisioning/links";
import { tempDataDir } from "./support/simulator";
import { userRecord } from "./support/user-record";

const user = userRecord;

describe("links read back from disk", () => {
  it("share the directory's record where it is what was pushed, and keep their own copy where it is not", async () => {
    const file = join(await tempDataDir(), "links.json");
    const first = await openLinks(file);
    await first.set("t1", "same", { remoteId: "r1", pushed: user("same"), at: "x" });
    await first.set("t1", "edited", { remoteId: "r2", pushed: user("edited"), at: "x" });
    await first.close();

    const links = await openLinks(file);
    const directory = new Map([
      ["same", user("same")],
      ["edited", user("edited", { title: "Engineer", updatedAt: "2026-02-01T00:00:00.000Z" })],
    ]);
    expect(links.share((id) => directory.get(id))).toBe(1);
    expect(links.get("t1", "same")?.pushed).toBe(directory.get("same"));
    // What was pushed before the edit stays what the next update is planned against.
    expect(links.get("t1", "edited")?.pushed.title).toBeNull();
    expect(links.get("t1", "edited")?.pushed).not.toBe(directory.get("edited"));
    await links.close();
  });
});
