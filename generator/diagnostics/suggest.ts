/** Candidates further than this many edits (relative to the name's length) are not worth suggesting. */
const SUGGESTION_DISTANCE_RATIO_MAX = 0.4;
const SUGGESTIONS_MAX = 3;
/** Beyond this many candidates, suggestions are skipped: they are a courtesy and must not cost seconds. */
const SUGGESTION_CANDIDATES_MAX = 20_000;

/**
 * Names close to `name` (case-insensitive edit distance), best first, for "did you mean" hints. Used only when
 * an error is already being reported, so its cost never touches a valid build.
 */
export function suggestNames(name: string, candidates: Iterable<string>): string[] {
  const scored: { candidate: string; distance: number }[] = [];
  const threshold = Math.max(1, Math.floor(name.length * SUGGESTION_DISTANCE_RATIO_MAX));
  const lower = name.toLowerCase();
  let seen = 0;
  for (const candidate of candidates) {
    if (++seen > SUGGESTION_CANDIDATES_MAX) break;
    if (candidate === name) continue;
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase(), threshold);
    if (distance <= threshold) scored.push({ candidate, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0));
  return scored.slice(0, SUGGESTIONS_MAX).map((s) => s.candidate);
}

/** "Did you mean "A" or "B"?" or "" when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const names = suggestNames(name, candidates).map((n) => `"${n}"`);
  if (names.length === 0) return "";
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
  return `Did you mean ${list}?`;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so "Tsak" is one edit from
 * "Task"), giving up (returning threshold + 1) once it cannot be within `threshold`.
 */
function editDistance(a: string, b: string, threshold: number): number {
  if (Math.abs(a.length - b.length) > threshold) return threshold + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (beforePrevious[j - 2] ?? 0) + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > threshold) return threshold + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? threshold + 1;
}
