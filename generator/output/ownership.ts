import { MANIFEST_FILE } from "./manifest.js";
import type { OutDirState } from "./out-dir.js";

/**
 * Wesley replaces the whole output folder on every build (docs/adr/0051-atomic-output-folder.md), so it must never
 * do that to a folder holding anything it did not write. Returns why the folder cannot be replaced, or undefined.
 * `shownOutDir` is the path as the user should read it (relative to the working directory).
 */
export function ownershipProblem(state: OutDirState, shownOutDir: string): string | undefined {
  switch (state.kind) {
    case "absent":
    case "empty":
      return undefined;
    case "not-a-directory":
      return `${shownOutDir} exists and is not a folder; remove it or choose another --out.`;
    case "under-a-file": {
      const file = shownOutDir.split("/").slice(0, -state.depth).join("/");
      return `${shownOutDir} cannot be created: ${file} is a file, not a folder; choose another --out.`;
    }
    case "foreign":
      return (
        `${shownOutDir}/ is not empty and has no Wesley ${MANIFEST_FILE}, so Wesley did not write it; ` +
        `refusing to replace it. Empty or delete it, or choose another --out.`
      );
    case "generated": {
      const foreign = filesNotInManifest(state);
      if (foreign.length === 0) return undefined;
      return (
        `${shownOutDir}/ contains files Wesley did not write: ${foreign.map((f) => `${shownOutDir}/${f}`).join(", ")}. ` +
        `Wesley replaces the whole folder on each build and would delete them; move them out of ${shownOutDir}/ ` +
        `(hand-written code lives next to generated code, not inside it).`
      );
    }
  }
}

export function filesNotInManifest(state: Extract<OutDirState, { kind: "generated" }>): string[] {
  const listed = new Set(state.manifest.files.map((entry) => entry.path));
  listed.add(MANIFEST_FILE);
  return state.files.filter((file) => !listed.has(file));
}
