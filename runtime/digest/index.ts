// The graph digest: its definition, and the from-scratch computation the incremental one is checked against.
export { graphDigestFromScratch, tableRootFromScratch } from "./from-scratch.js";
export {
  combineTableRoots,
  encodeEdgeRecordHash,
  encodeNodeRecordHash,
  graph_digest_tag,
  node_record_tag,
  edge_record_tag,
  trie_leaf_tag,
  trie_inner_tag,
  trie_fanout,
  trie_leaf_records_max,
} from "./spec.js";
export type { RecordEncoding } from "./spec.js";
