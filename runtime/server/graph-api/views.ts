// ViewInput {kind: SYSTEM | SWS, swsId} <-> the kernel's view names ("system", "sws:<n>").
import { invalidInput } from "../../errors/index.js";
import { isSwsId } from "../../sws/view.js";

export interface ViewInputValue {
  readonly kind: "SYSTEM" | "SWS";
  readonly swsId?: string | null;
}

export interface ViewObject {
  readonly kind: "SYSTEM" | "SWS";
  readonly swsId: string | null;
  readonly name: string;
}

/** The kernel's name for a ViewInput, or INVALID_INPUT saying how to write it. `path` names the argument. */
export function viewNameOf(view: ViewInputValue, path = "view"): string {
  const swsId = view.swsId ?? null;
  if (view.kind === "SYSTEM") {
    if (swsId !== null) {
      throw invalidInput(
        path,
        `kind SYSTEM takes no swsId (got ${JSON.stringify(swsId)}); for overlay ${swsId} write {kind: SWS, swsId: ${JSON.stringify(swsId)}}, for the system graph leave swsId out`,
      );
    }
    return "system";
  }
  if (swsId === null) throw invalidInput(path, 'kind SWS needs swsId, the overlay id createSws returned (e.g. {kind: SWS, swsId: "0"})');
  if (!isSwsId(swsId)) {
    throw invalidInput(`${path}.swsId`, `${JSON.stringify(swsId)} is not an overlay id; ids are decimal u64 strings without leading zeros ("0", "17")`);
  }
  return `sws:${swsId}`;
}

export function viewObjectOf(name: string): ViewObject {
  return name === "system" ? { kind: "SYSTEM", swsId: null, name } : { kind: "SWS", swsId: name.slice("sws:".length), name };
}
