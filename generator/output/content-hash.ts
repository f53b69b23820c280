// The single place the output layer hashes bytes, so the hash function can be swapped in one line.
export { blake3Hex as contentHash } from "../../runtime/hash/index.js";
