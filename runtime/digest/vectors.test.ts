// The golden graph-digest vectors hold for the from-scratch definition and for the incremental trie, whatever
// order the records go in.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GraphState } from "../graph/graph-state.js";
import { encodeEdgeRecordHash, encodeNodeRecordHash } from "./spec.js";
import { edgeFromTagged, expectedOf, nodeFromTagged, readGraphVectors } from "./test-support/graph-vectors.js";

const vectorPath = fileURLToPath(new URL("../../test-vectors/digests/graph-digests.json", import.meta.url));

describe("graph digest vectors", () => {
  for (const vector of readGraphVectors(vectorPath)) {
    const nodes = vector.nodes.map(nodeFromTagged);
    const edges = vector.edges.map(edgeFromTagged);

    it(`${vector.name}: from scratch`, () => {
      expect(expectedOf(nodes, edges)).toEqual(vector.expect);
    });

    it(`${vector.name}: incrementally, in reverse order, hashing as it goes`, () => {
      const state = GraphState.empty();
      for (const node of [...nodes].reverse()) {
        state.insertNode(node, encodeNodeRecordHash(node).hash);
        state.digest();
      }
      for (const edge of [...edges].reverse()) state.insertEdge(edge, encodeEdgeRecordHash(edge).hash);
      expect(state.digest()).toBe(vector.expect.digest);
    });
  }
});
