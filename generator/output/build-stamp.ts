import { existsSync, readdirSync, readFileSync, type Dirent } from "node:fs";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATOR_VERSION } from "../version.js";
import { contentHash } from "./content-hash.js";
import { MANIFEST_FILE, parseManifest } from "./manifest.js";
import type { Manifest } from "./manifest.js";
import type { Diagnostic } from "./generator-ports.js";
import { listFilesRecursively } from "./out-dir.js";
import { comparePaths } from "./output-file.js";

/**
 * The no-op fast path (docs/adr/0052-no-op-build-stamp.md). After a successful build we record, outside the output
 * folder, "these exact inputs, read by this exact generator, produced the output whose manifest hashes to M". The
 * next build with the same inputs and an intact output folder can then stop before loading the parser, ts-morph or
 * prettier. The stamp is only a cache: losing it costs one full render, never a wrong output.
 */
export const BUILD_STAMP_FORMAT = "wesley-build-stamp/v1";

/** Bounds on what the generator fingerprint reads; the generator's own code is far below both. */
const FINGERPRINT_FILES_MAX = 2_000;
const FINGERPRINT_DEPTH_MAX = 8;
/** How far up from the working directory we look for node_modules/ to keep the cache in. */
const CACHE_DIR_SEARCH_LEVELS_MAX = 64;

export interface StampInputs {
  readonly cwd: string;
  readonly target: string;
  /** Resolved schema files, cwd-relative, as the loader will read them. */
  readonly schemaFiles: readonly string[];
  readonly registry?: string;
  /** Resolved operation documents (target client), cwd-relative. */
  readonly documentFiles?: readonly string[];
  /** Which scaffolded user files exist (jitos target): a deleted or orphaned scaffold must not be a no-op. */
  readonly scaffoldListing?: string;
}

interface BuildStamp {
  readonly format: typeof BUILD_STAMP_FORMAT;
  readonly inputsDigest: string;
  readonly manifestDigest: string;
  /** Warnings of the build that rendered, so a no-op rebuild still shows them. */
  readonly warnings: readonly Diagnostic[];
}

export interface FreshOutput {
  readonly manifest: Manifest;
  readonly warnings: readonly Diagnostic[];
}

/** Digest of everything that decides the output bytes: inputs' contents, target, and the generator itself. */
export async function computeInputsDigest(inputs: StampInputs): Promise<string> {
  const lines = [
    BUILD_STAMP_FORMAT,
    `target ${inputs.target}`,
    `generator ${GENERATOR_VERSION} ${await generatorFingerprint()}`,
  ];
  for (const file of [...inputs.schemaFiles].sort(comparePaths)) {
    lines.push(`schema ${file} ${contentHash(await readFile(resolve(inputs.cwd, file)))}`);
  }
  for (const file of [...(inputs.documentFiles ?? [])].sort(comparePaths)) {
    lines.push(`document ${file} ${contentHash(await readFile(resolve(inputs.cwd, file)))}`);
  }
  if (inputs.scaffoldListing !== undefined) lines.push(`scaffolds ${inputs.scaffoldListing}`);
  if (inputs.registry === undefined) {
    lines.push("registry none");
  } else {
    const bytes = await readFile(resolve(inputs.cwd, inputs.registry)).catch(() => undefined);
    lines.push(`registry ${inputs.registry} ${bytes === undefined ? "absent" : contentHash(bytes)}`);
  }
  return contentHash(new TextEncoder().encode(lines.join("\n")));
}

/** `node_modules/.cache/wesley` of the nearest node_modules at or above `cwd` (the find-cache-dir convention). */
export async function findCacheDir(cwd: string): Promise<string | undefined> {
  let dir = resolve(cwd);
  for (let level = 0; level < CACHE_DIR_SEARCH_LEVELS_MAX; level += 1) {
    const candidate = join(dir, "node_modules");
    if (await isDirectory(candidate)) return join(candidate, ".cache", "wesley");
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/**
 * The manifest of `outDir` (and the warnings that build had) when a stamp says `inputsDigest` produced exactly what
 * is in `outDir` now, verified file by file; else undefined.
 */
export async function freshOutput(
  cacheDir: string,
  outDir: string,
  inputsDigest: string,
): Promise<FreshOutput | undefined> {
  const stamp = await readStamp(cacheDir, outDir);
  if (stamp === undefined || stamp.inputsDigest !== inputsDigest) return undefined;
  const manifestBytes = await readFile(join(outDir, MANIFEST_FILE)).catch(() => undefined);
  if (manifestBytes === undefined || contentHash(manifestBytes) !== stamp.manifestDigest) return undefined;
  const manifest = parseManifest(manifestBytes.toString("utf8"));
  if (manifest === undefined) return undefined;
  // Someone may have edited or added files by hand since: the stamp vouches only for the manifest's contents.
  const expected = [...manifest.files.map((entry) => entry.path), MANIFEST_FILE].sort(comparePaths);
  const actual = await listFilesRecursively(outDir).catch(() => undefined);
  if (actual === undefined || actual.join("\n") !== expected.join("\n")) return undefined;
  for (const entry of manifest.files) {
    const bytes = await readFile(join(outDir, entry.path)).catch(() => undefined);
    if (bytes === undefined || contentHash(bytes) !== entry.blake3) return undefined;
  }
  return { manifest, warnings: stamp.warnings };
}

export async function writeStamp(
  cacheDir: string,
  outDir: string,
  inputsDigest: string,
  warnings: readonly Diagnostic[],
): Promise<void> {
  const manifestBytes = await readFile(join(outDir, MANIFEST_FILE));
  const manifestDigest = contentHash(manifestBytes);
  const stamp: BuildStamp = { format: BUILD_STAMP_FORMAT, inputsDigest, manifestDigest, warnings };
  const path = stampPath(cacheDir, outDir);
  await mkdir(dirname(path), { recursive: true });
  // Write-then-rename so a concurrent reader never sees half a stamp.
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(stamp)}\n`);
  await rename(temp, path);
}

async function readStamp(cacheDir: string, outDir: string): Promise<BuildStamp | undefined> {
  const text = await readFile(stampPath(cacheDir, outDir), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const data = JSON.parse(text) as Partial<BuildStamp>;
    if (data.format !== BUILD_STAMP_FORMAT || typeof data.inputsDigest !== "string") return undefined;
    if (typeof data.manifestDigest !== "string" || !Array.isArray(data.warnings)) return undefined;
    return data as BuildStamp;
  } catch {
    return undefined;
  }
}

function stampPath(cacheDir: string, outDir: string): string {
  return join(cacheDir, "build-stamps", `${contentHash(new TextEncoder().encode(resolve(outDir)))}.json`);
}

let fingerprintMemo: Promise<string> | undefined;

/**
 * Hash of the code that turns inputs into output: the generator's modules (compiled or source, whichever is
 * running), the runtime modules it shares (canonical encoding, hashing), and the versions of the libraries that
 * shape the bytes. During development the generator changes without a version bump; this keeps the stamp honest.
 */
function generatorFingerprint(): Promise<string> {
  fingerprintMemo ??= computeGeneratorFingerprint();
  return fingerprintMemo;
}

/**
 * Reads with the synchronous API on purpose: a hundred-odd small files read one `await` at a time spent ~70 ms of a
 * no-op rebuild waiting on thread-pool round trips, against a few ms read synchronously (ADR 0052's 0.3 s budget).
 */
async function computeGeneratorFingerprint(): Promise<string> {
  const generatorDir = fileURLToPath(new URL("../", import.meta.url));
  const codeRoot = dirname(generatorDir.replace(/[\\/]$/, ""));
  const roots = [generatorDir, join(codeRoot, "runtime", "canonical"), join(codeRoot, "runtime", "hash")];
  const lines: string[] = [];
  let fileCount = 0;
  for (const root of roots) {
    for (const file of listCodeFiles(root)) {
      fileCount += 1;
      if (fileCount > FINGERPRINT_FILES_MAX)
        throw new Error(`${root}: more than ${FINGERPRINT_FILES_MAX} generator files`);
      lines.push(`${file} ${contentHash(readFileSync(file))}`);
    }
  }
  for (const dependency of OUTPUT_SHAPING_DEPENDENCIES) {
    const manifest = findDependencyManifest(codeRoot, dependency);
    lines.push(`${dependency} ${manifest === undefined ? "absent" : contentHash(manifest)}`);
  }
  return contentHash(new TextEncoder().encode(lines.join("\n")));
}

/** Libraries whose version changes the bytes of the output. */
const OUTPUT_SHAPING_DEPENDENCIES = [
  "graphql",
  "prettier",
  "ts-morph",
  "@ts-morph/common",
  "@sinclair/typebox",
  "yaml",
];

function listCodeFiles(root: string): string[] {
  const found: string[] = [];
  function walk(dir: string, depth: number): void {
    if (depth > FINGERPRINT_DEPTH_MAX) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, depth + 1);
      else if (isGeneratorCode(entry.name)) found.push(path);
    }
  }
  walk(root, 0);
  return found.sort(comparePaths);
}

function isGeneratorCode(name: string): boolean {
  if (name.endsWith(".test.ts") || name.endsWith(".d.ts")) return false;
  return /\.(?:[cm]?js|[cm]?ts|graphql|json|ya?ml)$/.test(name);
}

function findDependencyManifest(from: string, dependency: string): Buffer | undefined {
  let dir = from;
  for (let level = 0; level < CACHE_DIR_SEARCH_LEVELS_MAX; level += 1) {
    const path = join(dir, "node_modules", dependency, "package.json");
    if (existsSync(path)) return readFileSync(path);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}
