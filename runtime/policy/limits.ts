// Limits of the policy layer.

/** Principals one kernel (or one token config file) may hold. */
export const principals_max = 10_000;

/** Capabilities one principal may hold. */
export const principal_capabilities_max = 256;

/** UTF-16 code units of a principal id (recorded in every rewrite's meta). */
export const principal_id_chars_max = 128;

/** Bytes of a principals config file. */
export const principals_config_bytes_max = 4 * 1024 * 1024;

/** Shortest bearer token accepted in a config file: shorter secrets are guessable. */
export const bearer_token_chars_min = 16;
