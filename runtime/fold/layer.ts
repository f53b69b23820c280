// Fold states of one view. An overlay's layer holds only what its own events changed and reads through to the
// system layer it was created over; the system layer is copied before it changes while an overlay still reads
// through it (copy on write), so an overlay always sees the fold states of its base snapshot.

export class FoldLayer {
  /** fold name -> record id -> state (record-scoped folds). */
  private readonly records = new Map<string, Map<string, unknown>>();
  /** fold name -> state (view-scoped folds). */
  private readonly views = new Map<string, unknown>();

  constructor(private readonly parent: FoldLayer | null) {}

  recordState(fold: string, recordId: string): unknown {
    const own = this.records.get(fold)?.get(recordId);
    if (own !== undefined) return own;
    return this.parent === null ? undefined : this.parent.recordState(fold, recordId);
  }

  setRecordState(fold: string, recordId: string, state: unknown): void {
    let states = this.records.get(fold);
    if (states === undefined) this.records.set(fold, (states = new Map()));
    states.set(recordId, state);
  }

  viewState(fold: string): unknown {
    if (this.views.has(fold)) return this.views.get(fold);
    return this.parent === null ? undefined : this.parent.viewState(fold);
  }

  setViewState(fold: string, state: unknown): void {
    this.views.set(fold, state);
  }

  /** Record ids with a state for `fold`, own and inherited, sorted. */
  recordIds(fold: string): string[] {
    const ids = new Set<string>(this.parent === null ? [] : this.parent.recordIds(fold));
    for (const id of this.records.get(fold)?.keys() ?? []) ids.add(id);
    return [...ids].sort();
  }

  /** A standalone copy (states are frozen values, so sharing them is safe). Only used on parentless layers. */
  copy(): FoldLayer {
    const copy = new FoldLayer(null);
    for (const [fold, states] of this.records) copy.records.set(fold, new Map(states));
    for (const [fold, state] of this.views) copy.views.set(fold, state);
    return copy;
  }
}
