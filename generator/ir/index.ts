export * from "./types.js";
export { buildIR, typeRef } from "./build.js";
export { hashIR, hashRegistry, REGISTRY_HASH_TAG } from "./hash.js";
export { irToJSON } from "./json.js";
export { toPlainValue } from "./plain.js";
