// Rebuild on change: which paths to watch, and the debounced, serialised watch loop.
export { watchRoots } from "./watch-roots.js";
export { WATCH_DEBOUNCE_MS, watchAndRebuild } from "./watch-rebuild.js";
export type { WatchRequest } from "./watch-rebuild.js";
