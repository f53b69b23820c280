// The part of the wesley IR (wesley-ir/v1, generator/ir/types.ts) that the API deriver reads, restated as plain
// structural types so runtime code never imports generator internals (DESIGN.md §2): the generator's WesleyIR is
// assignable to ApiDomain, and so is the JSON `wesley ir` prints.

export type ApiTypeRef =
  | { readonly kind: "named"; readonly name: string }
  | { readonly kind: "list"; readonly of: ApiTypeRef }
  | { readonly kind: "nonNull"; readonly of: ApiTypeRef };

export type ApiPlainValue =
  | null
  | boolean
  | number
  | string
  | readonly ApiPlainValue[]
  | { readonly [key: string]: ApiPlainValue };

export interface ApiConstraint {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly min?: number;
  readonly max?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export interface ApiField {
  readonly name: string;
  readonly description?: string;
  readonly type: ApiTypeRef;
  /** Field arguments (root Query fields: `task(id: ID!)`); absent or empty for input fields. */
  readonly args?: readonly { readonly name: string; readonly type: ApiTypeRef }[];
  readonly defaultValue?: ApiPlainValue;
  readonly constraint?: ApiConstraint;
  readonly deprecationReason?: string;
  readonly derivedFrom?: string;
  readonly requiresCaps?: readonly string[];
  readonly op?: {
    readonly effect: "creates" | "updates" | "deletes";
    readonly target: string;
    readonly input: string;
  };
}

export type ApiTypeDef =
  | {
      readonly kind: "object";
      readonly name: string;
      readonly description?: string;
      readonly fields: readonly ApiField[];
      readonly node?: true;
      readonly edge?: { readonly from: string; readonly to: string };
    }
  | {
      readonly kind: "input";
      readonly name: string;
      readonly description?: string;
      readonly fields: readonly ApiField[];
      readonly oneOf?: true;
    }
  | {
      readonly kind: "enum";
      readonly name: string;
      readonly description?: string;
      readonly values: readonly { readonly name: string; readonly description?: string; readonly deprecationReason?: string }[];
    }
  | { readonly kind: "scalar"; readonly name: string; readonly description?: string; readonly builtin?: true }
  | { readonly kind: "interface" | "union"; readonly name: string };

export interface ApiDomain {
  readonly roots: { readonly query?: string; readonly mutation?: string };
  readonly types: readonly ApiTypeDef[];
  /** Registry ids order the verbs where an example is needed (the oldest verb first). */
  readonly registry?: { readonly ops: readonly { readonly name: string; readonly id: number }[] };
}

/** What the API SDL was derived from; the daemon refuses to serve an API derived from another domain. */
export interface ApiDomainHashes {
  readonly schemaHash: string;
  readonly registryHash: string;
}
