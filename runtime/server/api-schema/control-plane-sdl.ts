// The hand-written half of jitosd's GraphQL API: views, paging, the v0 control plane of the job-fabric design
// (names fixed by issue 5) and the shapes every typed mutation shares. The typed half is derived from the domain
// (derive-typed-sdl.ts); derive-api-sdl.ts joins both and prints the result sorted (docs/adr/0100-api-schema-derivation.md).

/** Field names every node or edge type has; a domain attribute with one of these names is refused. */
export const record_reserved_field_names: readonly string[] = ["attrs", "from", "fromNode", "id", "kind", "to", "toNode"];

export const control_plane_sdl = /* GraphQL */ `
"""
Any JSON value. Carries the deprecated v0 ops, caller meta and raw record attributes. Byte strings in stored
records appear as {"$base64": "<RFC 4648 base64>"}.
"""
scalar JSON

"Which graph a view is: the system graph or one speculative overlay (SWS)."
enum ViewKind {
  SYSTEM
  SWS
}

"""
A view to read or write. SYSTEM takes no swsId; SWS needs the overlay's id, a decimal string as createSws returned
it ("0", "1", ...).
"""
input ViewInput {
  kind: ViewKind!
  swsId: String
}

"A view as the kernel names it."
type View {
  kind: ViewKind!
  "The overlay id for SWS views, null for SYSTEM."
  swsId: String
  """The view's name: "system" or "sws:<id>"."""
  name: String!
}

"""
A page request: at most first items (1 to ServerLimits.pageSizeMax, default 100) after the cursor. Node and edge
cursors are record ids, overlay cursors are overlay ids; pass the previous page's pageInfo.endCursor.
"""
input PageInput {
  first: Int
  after: String
}

"A page request over history: at most first entries with an idx greater than after."
input RewritePageInput {
  first: Int
  after: Int
}

type PageInfo {
  hasNextPage: Boolean!
  "Cursor of the last item examined; pass it as after for the next page. Null when the page is empty."
  endCursor: String
}

type RewritePageInfo {
  hasNextPage: Boolean!
  "idx of the last entry returned; pass it as after for the next page. Null when the page is empty."
  endCursor: Int
}

"The limits this daemon enforces (all configurable at start)."
type ServerLimits {
  "Largest HTTP request body and WebSocket message, in bytes."
  bodyBytesMax: Int!
  "Deepest field nesting an operation may have."
  queryDepthMax: Int!
  "Highest estimated cost of one operation (each field 1, list pages multiply by their page size)."
  queryCostMax: Int!
  "Largest page any list returns."
  pageSizeMax: Int!
  "Subscriptions one WebSocket connection may hold open."
  subscriptionsPerConnectionMax: Int!
}

"What this daemon runs."
type KernelInfo {
  "jitosd version."
  version: String!
  "BLAKE3-256 of the domain's canonical IR (64 lowercase hex)."
  schemaHash: String!
  "BLAKE3-256 of the domain's kind registry (64 lowercase hex)."
  registryHash: String!
  "The kind registry's name (registry: in kinds.yaml)."
  registryName: String!
  "The wesley version that generated the domain code."
  generatorVersion: String!
  "Identifies the active access policy; null when the daemon runs without --auth."
  policyId: String
  "True when every accepted command is in the write-ahead log before it is acknowledged."
  durable: Boolean!
  "The idx the next history entry will get (the number of entries so far)."
  nextIdx: Int!
  limits: ServerLimits!
}

"Lifecycle of an overlay."
enum SwsStatus {
  OPEN
  COLLAPSED
  DISCARDED
}

"A speculative overlay (SWS) over a snapshot of the system graph."
type SwsInfo {
  "Decimal id, assigned from 0 up and never reused."
  id: String!
  view: View!
  state: SwsStatus!
  "Digest of the system snapshot the overlay was opened on."
  baseDigest: String!
  "History idx of the overlay's creation."
  createdAtIdx: Int!
  "History idx of the discard, when discarded."
  discardedAtIdx: Int
  "History idx of the collapse, when collapsed."
  collapsedAtIdx: Int
}

type SwsPage {
  items: [SwsInfo!]!
  pageInfo: PageInfo!
}

"What a lifecycle command did: the overlay afterwards and the history entry that records the change."
type SwsChange {
  sws: SwsInfo!
  receipt: RewriteReceipt!
}

"One record that stops a collapse."
type CollapseConflict {
  "The record the conflict is about."
  id: ID!
  """
  EXISTS_DIFFERENT (the overlay created a record the system now holds with other content), CHANGED_IN_SYSTEM (the
  overlay changed a record the system changed since the overlay's snapshot) or DANGLING_REFERENCE (the merged graph
  would hold an edge to a missing node).
  """
  reason: String!
  """Which table the id is in: "node" or "edge"."""
  table: String!
  "For DANGLING_REFERENCE on an edge: the endpoint node ids missing from the merged graph; otherwise empty."
  related: [ID!]!
}

"""
The outcome of collapsing an overlay into the system graph. A conflict changes nothing but history: committed is
false, code is CONFLICT, and conflicts lists the records at fault. Either way the attempt is a history entry.
"""
type CollapseResult {
  committed: Boolean!
  "CONFLICT when not committed, otherwise null."
  code: String
  "What stopped the collapse, for a person; null when committed."
  message: String
  "The overlay afterwards (COLLAPSED, or still OPEN after a conflict)."
  sws: SwsInfo!
  "The history entry of the collapse; its view is the system view and viewDigest the system digest after it."
  receipt: RewriteReceipt!
  "Digest of the system snapshot the overlay was opened on."
  baseDigest: String!
  "Digest of the overlay at the collapse."
  overlayDigest: String!
  "Rewrites merged into the system (0 on conflict)."
  rewritesMerged: Int!
  "Ops merged into the system (0 on conflict)."
  opsMerged: Int!
  "Conflicts found in total; conflicts lists the first of them."
  conflictCount: Int!
  conflicts: [CollapseConflict!]!
}

"Proof that a command was applied: its place in history and the digest of the view right after it."
type RewriteReceipt {
  """
  The rewrite's number within its view, from 0: an overlay counts its rewrites, the system view counts the collapses
  that committed. Receipts of other entries (createSws, discardSws, a conflicting collapse, a refusal) carry the
  number of rewrites the view had received so far.
  """
  rewriteIdx: Int!
  "The entry's place in history: one order over every view (rewrites(page: {after: idx - 1}) starts at it)."
  idx: Int!
  view: View!
  "Digest of the view after the command (64 lowercase hex)."
  viewDigest: String!
}

"A record of the graph. Registered kinds are typed objects (use fragments: ... on Task); other kinds are V0Node."
interface Node {
  "64 lowercase hex characters, derived from the view and the op that created it."
  id: ID!
  kind: String!
  "Every stored attribute as JSON."
  attrs: JSON!
}

"A relation between two nodes. Registered kinds are typed objects; other kinds are V0Edge."
interface Edge {
  id: ID!
  kind: String!
  "Id of the node the edge starts at."
  from: ID!
  "Id of the node the edge points to."
  to: ID!
  attrs: JSON!
}

"A node of an unregistered kind, created by the deprecated v0 AddNode op."
type V0Node implements Node {
  id: ID!
  kind: String!
  attrs: JSON!
}

"An edge of an unregistered kind, created by the deprecated v0 AddEdge op."
type V0Edge implements Edge {
  id: ID!
  kind: String!
  from: ID!
  to: ID!
  attrs: JSON!
}

type NodePage {
  items: [Node!]!
  pageInfo: PageInfo!
}

type EdgePage {
  items: [Edge!]!
  pageInfo: PageInfo!
}

"One view as of this request: its digest and a page of its nodes and edges, read from the same state."
type Graph {
  view: View!
  "Graph digest of the view (64 lowercase hex)."
  digest: String!
  "The snapshot's id; equal to digest (a snapshot is named by its content)."
  snapshotId: String!
  "Nodes in the whole view, ignoring filters."
  nodeCount: Int!
  "Edges in the whole view, ignoring filters."
  edgeCount: Int!
  "Nodes in id order, after filtering."
  nodes: NodePage!
  "Edges in id order, after filtering."
  edges: EdgePage!
}

"""
One history entry. type is "rewrite", "sws.create", "sws.discard" or, with collapse, "sws.collapse" (more may be
added; treat unknown types as opaque).
"""
type Rewrite {
  idx: Int!
  type: String!
  view: View!
  "The ops as validated and logged (typed ops with defaults filled in); empty for lifecycle entries."
  ops: [JSON!]!
  meta: JSON!
  receipt: RewriteReceipt!
  "The whole entry as JSON, for fields specific to its type."
  entry: JSON!
}

type RewritePage {
  items: [Rewrite!]!
  pageInfo: RewritePageInfo!
}

"A v0 rewrite: JSON ops applied as one all-or-nothing batch."
input RewriteInput {
  "v0 ops ({op: AddNode|AddEdge|RemoveNode|RemoveEdge, data}) or typed ops ({op: <verb>, input})."
  ops: [JSON!]!
  "Caller data recorded with the rewrite (who, why, correlation ids); a JSON object."
  meta: JSON
}

type ApplyRewriteResult {
  "Always true: a rejected rewrite is an error with extensions.code instead."
  accepted: Boolean!
  receipt: RewriteReceipt!
  "Ids of the records the rewrite created, in op order."
  createdIds: [ID!]!
}

type ApplyOpsResult {
  receipt: RewriteReceipt!
  "Ids of the records the rewrite created, in op order."
  createdIds: [ID!]!
}

"Comparisons on a String (or ID) attribute; all given ones must hold."
input StringPredicate {
  eq: String
  in: [String!]
  prefix: String
}

"Comparisons on an Int attribute; all given ones must hold."
input IntPredicate {
  eq: Int
  in: [Int!]
  gt: Int
  gte: Int
  lt: Int
  lte: Int
}

"Comparisons on a Float attribute; all given ones must hold."
input FloatPredicate {
  eq: Float
  gt: Float
  gte: Float
  lt: Float
  lte: Float
}

input BooleanPredicate {
  eq: Boolean
}

"Tests on a list-of-String attribute."
input StringListPredicate {
  contains: String
}

"Tests on a list-of-Int attribute."
input IntListPredicate {
  contains: Int
}

type Query {
  "Versions, hashes and limits of this daemon."
  kernelInfo: KernelInfo!
  "One overlay by id; NOT_FOUND for an id never assigned."
  sws(id: String!): SwsInfo!
  "Every overlay ever created (open, collapsed and discarded), by id."
  listSws(page: PageInput): SwsPage!
  "A view's digest, counts and a page each of its nodes and edges."
  graph(view: ViewInput!, nodesPage: PageInput, edgesPage: PageInput, nodeFilter: NodeFilter, edgeFilter: EdgeFilter): Graph!
  "One node by id; null when the view has none with this id."
  node(view: ViewInput!, id: ID!): Node
  "One edge by id; null when the view has none with this id."
  edge(view: ViewInput!, id: ID!): Edge
  "History entries in idx order; only those of one view when view is given."
  rewrites(view: ViewInput, page: RewritePageInput): RewritePage!
}

type Mutation {
  "Open an overlay over the current system snapshot."
  createSws(meta: JSON): SwsChange!
  "Merge an overlay into the system graph as one transaction, or record a CONFLICT and change nothing else."
  collapseSws(id: String!, meta: JSON): CollapseResult!
  "Drop an overlay's changes; the discard is recorded in history."
  discardSws(id: String!, meta: JSON): SwsChange!
  "Apply JSON ops to an overlay as one all-or-nothing rewrite."
  applyRewrite(view: ViewInput!, rewrite: RewriteInput!): ApplyRewriteResult!
    @deprecated(reason: "__V0_DEPRECATION_REASON__")
  "Apply several typed ops to an overlay as one all-or-nothing rewrite."
  applyOps(view: ViewInput!, ops: [OpInput!]!, meta: JSON): ApplyOpsResult!
}

type Subscription {
  """
  Every history entry of one view as it is applied. With after, entries with a greater idx that already exist are
  sent first, so a reader that reconnects misses nothing.
  """
  rewrites(view: ViewInput!, after: Int): Rewrite!
}
`;
