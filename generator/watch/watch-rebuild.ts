import { watch } from "chokidar";
import { relative, resolve, sep } from "node:path";

/**
 * Quiet period after the last file event before rebuilding: editors write a file in several steps (truncate, write,
 * rename), and `git checkout` touches many files; one rebuild should see all of it.
 */
export const WATCH_DEBOUNCE_MS = 100;

export interface WatchRequest {
  /** Absolute paths of files and folders to watch (see `watchRoots`). */
  readonly roots: readonly string[];
  /** Absolute paths under which events are ignored (the output folder: our own writes must not trigger builds). */
  readonly ignoredPrefixes: readonly string[];
  /** Runs one rebuild; `changed` lists the absolute paths that changed. Never runs twice at once. */
  readonly rebuild: (changed: readonly string[]) => Promise<void>;
  /** Resolves when watching should stop; the in-flight rebuild, if any, finishes first. */
  readonly stopped: Promise<void>;
  /** Called once the watcher has scanned the roots: changes from here on are seen. */
  readonly onReady: () => void;
}

/** Watches until `stopped` resolves, running `rebuild` once per burst of changes. */
export async function watchAndRebuild(request: WatchRequest): Promise<void> {
  const ignored = (path: string): boolean => {
    const absolute = resolve(path);
    if (absolute.split(sep).some(isNeverWatched)) return true;
    return request.ignoredPrefixes.some((prefix) => isInside(prefix, absolute));
  };
  const watcher = watch([...request.roots], { ignoreInitial: true, ignored });
  await new Promise<void>((ready) => watcher.once("ready", () => ready()));
  request.onReady();

  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let rerunAfterCurrent = false;

  const runRebuild = async (): Promise<void> => {
    timer = undefined;
    if (running !== undefined) {
      rerunAfterCurrent = true;
      return;
    }
    const batch = [...changed].sort();
    changed.clear();
    running = request.rebuild(batch);
    try {
      await running;
    } finally {
      running = undefined;
    }
    if (rerunAfterCurrent) {
      rerunAfterCurrent = false;
      schedule();
    }
  };
  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void runRebuild(), WATCH_DEBOUNCE_MS);
  };
  watcher.on("all", (_event, path) => {
    changed.add(resolve(path));
    schedule();
  });

  await request.stopped;
  if (timer !== undefined) clearTimeout(timer);
  await watcher.close();
  await running;
}

/** Dependencies, git internals, and the temp/old folders of an output swap (generator/output/atomic-swap.ts). */
function isNeverWatched(segment: string): boolean {
  return segment === "node_modules" || segment === ".git" || /\.wesley-(?:tmp|old)-\d+$/.test(segment);
}

function isInside(parent: string, path: string): boolean {
  const rel = relative(parent, path);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep) && rel !== path);
}
