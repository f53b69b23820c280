/** The generator's version, written into every generated file header and registry constant. Bump with package.json. */
export const GENERATOR_VERSION = "0.1.0";
export const GENERATOR_NAME = "wesley";
