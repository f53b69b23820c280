// Limits of the fold runner (TigerBeetle style: every structure has a named maximum).

/** Folds one kernel may run; a registration table longer than this is refused at start. */
export const folds_max = 256;

/** Canonical bytes of one fold state checked in development mode (states are small views, not copies of history). */
export const fold_state_bytes_max = 1024 * 1024;
