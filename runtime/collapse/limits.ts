// Named maxima of a collapse (TigerBeetle style: a limit on everything a request can make the kernel produce).

/** Conflicts listed in a failed collapse's history entry and error; the total count is always given. */
export const collapse_conflicts_listed_max = 256;
