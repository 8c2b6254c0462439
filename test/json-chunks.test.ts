import { describe, expect, it } from "vitest";
import { jsonChunks, RawJson } from "../server/store/json-chunks";

const samples: Array<[string, unknown]> = [
  [
    "a store of lists and records",
    {
      users: [{ a: 1, b: [1, 2, { c: null }], d: "line\nbreak" }, { e: {} }],
      groups: [],
      targets: { t1: { users: { u1: { remoteId: "r", pushed: { x: [1, { q: 2 }] } } } } },
      gone: undefined,
      none: null,
    },
  ],
  ["empty containers", { a: [], b: {}, c: [[], [{}]] }],
  ["values with no JSON form inside a list and a record", { list: [undefined, () => 1, 3], f: () => 1 }],
  ["a value with its own JSON form", { at: new Date(0), deep: [[1, [2, [3]]]] }],
  ["a bare string", "text"],
];

describe("a snapshot written in pieces", () => {
  it.each(samples)(
    "is exactly JSON.stringify's text for %s, compact and indented, in any piece size",
    (_name, value) => {
      for (const indent of [undefined, 2]) {
        for (const pieceBytes of [1, 7, 1 << 20]) {
          expect([...jsonChunks(value, indent, pieceBytes)].join("")).toBe(
            JSON.stringify(value, null, indent),
          );
        }
      }
    },
  );

  it("holds no piece much larger than asked for, however large the store", () => {
    const users = Array.from({ length: 20_000 }, (_, i) => ({
      id: `u${i}`,
      userName: `user.${i}@example.com`,
    }));
    const pieces = [...jsonChunks({ users }, undefined, 64 * 1024)];
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(64 * 1024 + 200);
  });

  it("writes each value in the form its store gives for its path, and copies a form already written as JSON", () => {
    const store = {
      targets: { t1: { users: { u1: { pushed: { a: 1 } }, u2: { pushed: { b: 2 } } } } },
      n: 1,
    };
    const seen: string[] = [];
    const form = (path: readonly string[], value: unknown) => {
      seen.push(path.join("."));
      if (path.join(".") === "targets.t1.users.u1") return new RawJson('{"pushed":"ref"}');
      return path.at(-1) === "n" ? 2 : value;
    };
    for (const pieceBytes of [1, 1 << 20]) {
      expect([...jsonChunks(store, undefined, pieceBytes, form)].join("")).toBe(
        '{"targets":{"t1":{"users":{"u1":{"pushed":"ref"},"u2":{"pushed":{"b":2}}}}},"n":2}',
      );
    }
    expect(seen.slice(0, 7)).toEqual([
      "",
      "targets",
      "targets.t1",
      "targets.t1.users",
      "targets.t1.users.u1",
      "targets.t1.users.u2",
      "n",
    ]);
  });
});
