// The graph of a view: records, their ids, and the persistent Merkle tables that hold them.
export { GraphState } from "./graph-state.js";
export type { GraphChanges, GraphReader, GraphSnapshot } from "./graph-state.js";
export type { TableChange } from "./record-table.js";
export { isRecordId, record_id_chars } from "./record.js";
export type { Attrs, EdgeRecord, NodeRecord } from "./record.js";
