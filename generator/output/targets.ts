/**
 * Build targets `wesley build --target` accepts. A target is a set of emitters over the same IR; adding one (the
 * typed `client` target is next) means adding its name here and its emitter in `generator-ports.ts`.
 */
export const TARGET_NAMES = ["jitos"] as const;

export type TargetName = (typeof TARGET_NAMES)[number];

export function isTargetName(name: string): name is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(name);
}
