import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { numberLiteral, stringLiteral } from "./literals.js";

async function prettierPrinted(expression: string): Promise<string> {
  const formatted = await prettier.format(`x = ${expression};\n`, { parser: "typescript", printWidth: 120 });
  return formatted.slice("x = ".length, -";\n".length);
}

describe("literals are printed exactly as prettier prints them", () => {
  const strings = [
    "plain",
    'say "hi"',
    "it's",
    `both ' and "" quotes`,
    "back\\slash",
    "new\nline\ttab",
    "`${template}`",
    "line\u2028separator",
    "Schrödinger 🐈",
    "^[0-9a-f]{64}$",
  ];
  it.each(strings)("string %j", async (text) => {
    const literal = stringLiteral(text);
    expect(await prettierPrinted(literal)).toBe(literal);
    expect(new Function(`return ${literal};`)()).toBe(text);
  });

  it.each([0, -0, 1, -7, 0.5, 1e21, 1.5e-7, 2147483647, -2147483648])("number %d", async (value) => {
    const literal = numberLiteral(value);
    expect(await prettierPrinted(literal)).toBe(literal);
    expect(Number(literal)).toBe(value === 0 ? 0 : value);
  });
});
