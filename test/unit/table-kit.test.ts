import { describe, expect, it } from "vitest";
import { capRows, columnWidths, LAYOUT_BATCH, table } from "../../src/render/table-kit.js";
import { clip, displayWidth } from "../../src/render/text.js";

const head = ["Id", "Name", "Note"];

/** The display column at which each line's last cell starts, given the last cells top to bottom. */
function lastCellStarts(text: string, lastCells: string[]): number[] {
  const lines = text.split("\n").filter((line) => !line.startsWith("─"));
  return lines.map((line, i) => displayWidth(line) - displayWidth(lastCells[i] ?? ""));
}

describe("table kit, terminal", () => {
  it("lays out titles, a rule under them, columns two spaces apart, no trailing blanks", () => {
    const text = table(
      [
        ["1", "web", "ok"],
        ["22", "database", ""],
      ],
      { head, aligns: ["right"] },
    );
    expect(text.split("\n")).toEqual([
      "Id  Name      Note",
      "──  ────────  ────",
      " 1  web       ok",
      "22  database",
    ]);
  });

  it("fits the terminal by cutting the shrinking column, and keeps a tail whole", () => {
    const rows = [["i-1", "web", { text: "word ".repeat(30).trim(), tail: "(+2 more)" }]];
    const text = table(rows, { head, fit: [undefined, undefined, { shrink: true, min: 10 }], width: 40 });
    const [, , row] = text.split("\n");
    expect(row).toHaveLength(40);
    expect(row).toMatch(/^i-1 {2}web {3}word word .*… \(\+2 more\)$/);
  });

  it("never shrinks a column below its floor, even when the table then overflows", () => {
    const rows = [["i-1", "a-long-name", "a message that goes on"]];
    const fit = [undefined, undefined, { shrink: true, min: 12 }];
    expect(columnWidths(rows, { head, fit, width: 10 })).toEqual([3, 11, 12]);
    expect(columnWidths(rows, { head, fit })).toEqual([3, 11, 22]);
  });

  it("narrows the widest shrinking column first", () => {
    const rows = [["x".repeat(30), "y".repeat(20), "z"]];
    const fit = [{ shrink: true }, { shrink: true }, undefined];
    // 30 + 20 + 4 + 2 gaps = 58; 18 too many: the first gives 10 to reach 20, then both give 4.
    expect(columnWidths(rows, { head, fit, width: 40 })).toEqual([16, 16, 4]);
  });

  it("caps a column at its max whatever the width", () => {
    const text = table([["1", "a name that is far too long", "x"]], { head, fit: [undefined, { max: 10 }] });
    expect(text.split("\n")[2]).toBe("1   a name th…  x");
  });

  it("keeps full-width (CJK) and combining characters aligned, cut or not", () => {
    const rows = [
      ["1", "本番ウェブサーバー01", "a"],
      ["2", "cafe\u0301 bar", "b"],
      ["3", "web", "c"],
    ];
    for (const fit of [undefined, [undefined, { max: 8 }]]) {
      const text = table(rows, { head, fit });
      const noteStarts = lastCellStarts(text, ["Note", "a", "b", "c"]);
      expect(new Set(noteStarts).size, text).toBe(1);
    }
    expect(table(rows, { head, fit: [undefined, { max: 8 }] })).toContain("本番ウ…");
  });

  it("applies the heading style to titles only", () => {
    const text = table([["1", "x", "y"]], { head, heading: (t) => `<${t}>` });
    expect(text.split("\n")[0]).toBe("<Id>  <Name>  <Note>");
  });
});

describe("table kit, markdown", () => {
  it("writes a GitHub table, escapes cells, and never cuts", () => {
    const long = "n".repeat(200);
    const text = table([["a|b", long, { text: "msg", tail: "(+1 more)" }]], {
      head,
      markdown: true,
      fit: [undefined, { max: 5 }],
      width: 20,
    });
    expect(text.split("\n")).toEqual([
      "| Id | Name | Note |",
      "|---|---|---|",
      `| a\\|b | ${long} | msg (+1 more) |`,
    ]);
  });
});

describe("clip", () => {
  it("cuts to a display width with an ellipsis, never inside a character", () => {
    expect(clip("abcdef", 4)).toBe("abc…");
    expect(clip("abc", 3)).toBe("abc");
    expect(clip("abc", 0)).toBe("");
    expect(clip("ウェブサーバー", 6)).toBe("ウェ…");
    expect(clip("ab😀cd", 4)).toBe("ab…");
    expect(clip("cafe\u0301s bar", 6)).toBe("cafe\u0301s…");
  });
});

describe("capRows", () => {
  it("keeps the first rows and admits the cut, in the singular too; 0 means no cap", () => {
    expect(capRows([1, 2, 3], 2, "finding", " (see all)")).toEqual({
      shown: [1, 2],
      note: "… and 1 more finding (see all)",
    });
    expect(capRows([1, 2, 3], 1, "change").note).toBe("… and 2 more changes");
    expect(capRows([1, 2, 3], 0, "change")).toEqual({ shown: [1, 2, 3], note: "" });
  });
});

describe("table kit, many rows", () => {
  it("lays out rows in batches that line up exactly as one table", () => {
    const rows = Array.from({ length: LAYOUT_BATCH * 2 + 7 }, (_, i) => [
      String(i),
      "x".repeat(i % 13),
      "end",
    ]);
    const text = table(rows, { head, aligns: ["right"] });
    const id = String(rows.length - 1).length;
    const line = (i: number) => `${String(i).padStart(id)}  ${"x".repeat(i % 13).padEnd(12)}  end`;
    expect(text.split("\n")).toEqual([
      `${"Id".padStart(id)}  Name          Note`,
      `${"─".repeat(id)}  ────────────  ────`,
      ...rows.map((_, i) => line(i)),
    ]);
  });
});
