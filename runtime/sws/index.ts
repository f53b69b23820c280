// Speculative overlays (SWS) and view names.
export { SwsRegistry } from "./registry.js";
export type { SwsInfo, SwsState } from "./registry.js";
export { formatView, isSwsId, parseTarget, parseView, swsView, system_view } from "./view.js";
export type { ParsedView, ViewName } from "./view.js";
