// The primitive graph changes a planned rewrite turns into. Planning (which may fail) produces them; committing
// them (which may not) applies them to a GraphState. Collapse (issue 4) can replay the same list into system.
import type { GraphState } from "../graph/graph-state.js";
import type { EdgeRecord, NodeRecord } from "../graph/record.js";

export type Mutation =
  | { readonly type: "insertNode"; readonly record: NodeRecord; readonly hash: Uint8Array }
  | { readonly type: "replaceNode"; readonly record: NodeRecord; readonly hash: Uint8Array }
  | { readonly type: "removeNode"; readonly id: string }
  | { readonly type: "insertEdge"; readonly record: EdgeRecord; readonly hash: Uint8Array }
  | { readonly type: "replaceEdge"; readonly record: EdgeRecord; readonly hash: Uint8Array }
  | { readonly type: "removeEdge"; readonly id: string };

export function commitMutations(state: GraphState, mutations: readonly Mutation[]): void {
  for (const mutation of mutations) {
    switch (mutation.type) {
      case "insertNode":
        state.insertNode(mutation.record, mutation.hash);
        break;
      case "replaceNode":
        state.replaceNode(mutation.record, mutation.hash);
        break;
      case "removeNode":
        state.removeNode(mutation.id);
        break;
      case "insertEdge":
        state.insertEdge(mutation.record, mutation.hash);
        break;
      case "replaceEdge":
        state.replaceEdge(mutation.record, mutation.hash);
        break;
      case "removeEdge":
        state.removeEdge(mutation.id);
        break;
    }
  }
}
