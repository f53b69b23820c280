// INTERNAL is what no request, valid or not, should produce; this checks what a client would see if one did: a
// message that hides internals and says where to look, and the full error in the daemon's log.
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { KernelError } from "../../errors/index.js";
import { apiError, formatApiError } from "./api-error.js";

describe("formatApiError", () => {
  it("an unexpected error in a resolver is INTERNAL for the client and logged in full", () => {
    const logged: string[] = [];
    const error = new GraphQLError("Cannot read properties of undefined (reading 'x')", {
      path: ["graph", "nodes"],
      originalError: new TypeError("Cannot read properties of undefined (reading 'x')"),
    });
    const formatted = formatApiError(error, (line) => logged.push(line));
    expect(formatted.extensions).toEqual({ code: "INTERNAL" });
    expect(formatted.message).toMatch(/^internal error in jitosd; the daemon's log \(stderr\) has the details/);
    expect(formatted.message).not.toContain("reading 'x'");
    expect(formatted.path).toEqual(["graph", "nodes"]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/internal error at graph\.nodes: TypeError: Cannot read properties/);
  });

  it("a kernel error keeps its code, message and details", () => {
    const original = new KernelError("NOT_FOUND", "no overlay sws:9", { ids: ["a"] });
    const formatted = formatApiError(new GraphQLError(original.message, { originalError: original }), () => undefined);
    expect(formatted.extensions).toEqual({ code: "NOT_FOUND", details: { ids: ["a"] } });
    expect(formatted.message).toBe("no overlay sws:9");
  });

  it("graphql-js parse and validation errors are INVALID_INPUT; errors made with a code keep it", () => {
    expect(formatApiError(new GraphQLError("Syntax Error: Unexpected Name"), () => undefined).extensions).toEqual({ code: "INVALID_INPUT" });
    expect(formatApiError(apiError("CONFLICT", "busy"), () => undefined).extensions).toEqual({ code: "CONFLICT" });
    expect(formatApiError(new Error("Missing query"), () => undefined)).toEqual({
      message: 'Missing query: the request needs "query" (a GraphQL document)',
      extensions: { code: "INVALID_INPUT" },
    });
  });
});
