// jitosd's GraphQL API SDL: the v0 control plane plus the typed API derived from the domain.
export { api_sdl, api_sdl_domain } from "./api-sdl.generated.js";
export { deriveApiSdl, api_derivation_version } from "./derive-api-sdl.js";
export { ApiDerivationError, deriveTypedSdl, lowerFirst, upperFirst } from "./derive-typed-sdl.js";
export type { TypedSdl, TypedVerb } from "./derive-typed-sdl.js";
export type * from "./domain-model.js";
