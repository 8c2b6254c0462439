import { describe, expect, it } from "vitest";
import { type Answer, createAnswerReader } from "../server/provisioning/http1-answer";

/** Feeds the text one byte at a time, as the slowest network would deliver it, and returns the answer. */
function byteByByte(text: string, noBody = false): Answer | null {
  const reader = createAnswerReader(noBody);
  const bytes = Buffer.from(text, "latin1");
  let answer: Answer | null = null;
  for (let i = 0; i < bytes.length; i++) {
    const got = reader.feed(bytes.subarray(i, i + 1));
    if (got) {
      expect(i).toBe(bytes.length - 1);
      answer = got;
    }
  }
  return answer;
}

describe("reading an HTTP/1.1 answer from its socket", () => {
  it("reads a Content-Length body split into single bytes and keeps the socket for the next request", () => {
    const answer = byteByByte(
      'HTTP/1.1 201 Created\r\nContent-Type: application/scim+json\r\nContent-Length: 11\r\n\r\n{"id":"u1"}',
    );
    expect(answer).toMatchObject({
      status: 201,
      reusable: true,
      headers: { "content-type": "application/scim+json" },
    });
    expect(answer?.body.toString()).toBe('{"id":"u1"}');
  });

  it("reads a chunked body with chunk extensions and trailers, byte by byte", () => {
    const answer = byteByByte(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;name=value\r\n{"a"\r\nB\r\n:"0123456"}\r\n0\r\nX-Trailer: 1\r\n\r\n',
    );
    expect(answer?.body.toString()).toBe('{"a":"0123456"}');
    expect(answer?.reusable).toBe(true);
  });

  it("skips 100 Continue and 103 Early Hints and reads the final answer after them", () => {
    const answer = byteByByte(
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 204 No Content\r\nETag: W/"2"\r\n\r\n',
    );
    expect(answer).toMatchObject({ status: 204, headers: { etag: 'W/"2"' } });
    expect(answer?.headers.link).toBeUndefined();
  });

  it("joins a repeated header with a comma and a folded line with a space, under lower-case names", () => {
    const answer = byteByByte(
      "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nX-Long: one\r\n  two\r\nContent-Length: 0\r\n\r\n",
    );
    expect(answer?.headers).toEqual({ "set-cookie": "a=1, b=2", "x-long": "one two", "content-length": "0" });
  });

  it("ends a body with neither length nor chunks only when the connection closes, and never reuses that socket", () => {
    const reader = createAnswerReader(false);
    expect(reader.feed(Buffer.from("HTTP/1.1 200 OK\r\n\r\npart one, "))).toBeNull();
    expect(reader.feed(Buffer.from("part two"))).toBeNull();
    const answer = reader.end();
    expect(answer?.body.toString()).toBe("part one, part two");
    expect(answer?.reusable).toBe(false);
  });

  it("leaves an answer cut off before its Content-Length with nothing to end it", () => {
    const reader = createAnswerReader(false);
    expect(reader.feed(Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"))).toBeNull();
    expect(reader.end()).toBeNull();
    expect(reader.received()).toBe(true);
  });

  it("does not trust a socket with another request when the answer says close, is HTTP/1.0, or has bytes past its end", () => {
    expect(byteByByte("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")?.reusable).toBe(
      false,
    );
    expect(byteByByte("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")?.reusable).toBe(false);
    const extra = createAnswerReader(false).feed(
      Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}junk"),
    );
    expect(extra?.body.toString()).toBe("{}");
    expect(extra?.reusable).toBe(false);
  });

  it("keeps a header named like an object's own property as just a header", () => {
    const answer = byteByByte(
      "HTTP/1.1 200 OK\r\nConstructor: x\r\n__proto__: y\r\nContent-Length: 0\r\n\r\n",
    );
    expect(Object.entries(answer?.headers ?? {})).toEqual([
      ["constructor", "x"],
      ["__proto__", "y"],
      ["content-length", "0"],
    ]);
  });

  it("reads a chunked answer that also carries Content-Length by its chunks, and never reuses its socket", () => {
    const answer = byteByByte(
      "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    );
    expect(answer?.body.toString()).toBe("{}");
    expect(answer?.reusable).toBe(false);
  });

  it("refuses an endless run of informational answers once they pass the head budget", () => {
    const reader = createAnswerReader(false);
    const early = Buffer.from(`HTTP/1.1 103 Early Hints\r\nLink: <${"/a".repeat(500)}>\r\n\r\n`);
    expect(() => {
      for (let i = 0; i < 100; i++) reader.feed(early);
    }).toThrow(/heads and trailers over 65536 bytes/);
  });

  it("reads no body for a HEAD request, or for 204 and 304, whatever Content-Length says", () => {
    expect(byteByByte("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", true)?.body.length).toBe(0);
    expect(byteByByte("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n")?.status).toBe(304);
  });

  it("refuses what is not HTTP/1.1, saying what was wrong", () => {
    const bad = (text: string) => () => createAnswerReader(false).feed(Buffer.from(text));
    expect(bad("SSH-2.0-OpenSSH_9.6\r\n\r\n")).toThrow(/status line "SSH-2.0-OpenSSH_9.6"/);
    expect(bad("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")).toThrow(/header line "no colon here"/);
    expect(bad("HTTP/1.1 200 OK\r\nContent-Length: 3, 4\r\n\r\n")).toThrow(/Content-Length "3, 4"/);
    expect(bad("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")).toThrow(/chunk size "zz"/);
    expect(bad("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n")).toThrow(
      expect.objectContaining({ code: "TOO_LARGE" }),
    );
    expect(bad(`HTTP/1.1 200 OK\r\nX: ${"a".repeat(70_000)}`)).toThrow(/a head over 65536 bytes/);
  });
});
