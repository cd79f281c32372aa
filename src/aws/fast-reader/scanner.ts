// A one-pass XML scanner over a reply's bytes that follows the AWS SDK's own XML parser
// (@aws-sdk/xml-builder's parseXML) rule for rule where a value imds keeps is concerned: the same
// entities, CDATA, comments, whitespace and line-end handling. It builds no tree: a reader walks
// the elements it wants and skips the rest. Anything it is not sure to read as the SDK would (an
// attribute, text beside child elements, a DOCTYPE, a malformed tag) throws Decline, and the
// caller hands the reply to the SDK's parser instead.
//
// Why not a SAX library: on a page of 1,000 realistic instances (8.8 MB), CPU per page measured on
// the same (busy) machine: the SDK's parser 590 ms, sax 450 ms, htmlparser2 250 ms, saxes 150 ms
// for its events alone (already the whole CPU budget of 150 us per instance), this scanner about
// 40 ms with the fields extracted (22 ms since the skip below). And a library's rules differ from
// the SDK's where it matters (numeric references above U+FFFF, unknown entities, text beside
// elements), which would need as many checks again; following the SDK's parser directly makes
// "identical records" the design.
//
// Most of a realistic reply (8.8 KB an instance, 45% of it indentation) is skipped, so skip() is
// one loop with its state in locals that reads four bytes at a time where it can (the next `<`,
// the end of a name, a closing name against the open one, an indent). Searching for an unwanted
// element's closing tag (Buffer.indexOf of `</name`) instead was tried and measured slower (48 us
// an instance against 36 for the old tag walk and 22 for this one, the reader alone on the same
// pages in one process): Node's search of a multi-byte needle costs more per call than the walk it
// saves, and the walk also checks every tag nests, as the SDK does (which the search would not).

/** This reply is not read here: the SDK's parser must read it. */
export class Decline extends Error {}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const AMP = 0x26;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/** Bytes that end a tag name, as the SDK's parser reads one: white space, `>` and `/`. */
const ENDS_NAME = new Uint8Array(256);
for (const c of [GT, SLASH, SPACE, LF, TAB, CR]) ENDS_NAME[c] = 1;

/** Nesting deeper than this is declined (EC2 replies nest about 12 deep). */
const MAX_DEPTH = 64;

/**
 * The SDK's entity decoding, to the letter: the same pattern, numeric references through
 * fromCharCode (so above U+FFFF they wrap, as in the SDK). A name other than XML's five declines:
 * the SDK looks those up on a plain object (`&constructor;` becomes a function's source text).
 */
const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-zA-Z][a-zA-Z0-9]{0,30}));/g;
const NAMED = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
]);

function decodeEntities(s: string): string {
  return s.replace(ENTITY, (_, hex: string | undefined, dec: string | undefined, named: string) => {
    if (hex) return String.fromCharCode(Number.parseInt(hex, 16));
    if (dec) return String.fromCharCode(Number.parseInt(dec, 10));
    const text = NAMED.get(named);
    if (text === undefined) throw new Decline(`entity &${named};`);
    return text;
  });
}

export class Scanner {
  private pos = 0;
  /** Name ranges of the open elements, outermost first. */
  private readonly starts = new Int32Array(MAX_DEPTH);
  private readonly ends = new Int32Array(MAX_DEPTH);
  private depth = 0;
  /** The child just opened closed itself (`<x/>`): it has no content. */
  private selfClosed = false;
  private nameStart = 0;
  private nameEnd = 0;

  /** The same bytes, read four at a time. */
  private readonly view: DataView;

  constructor(private readonly buf: Buffer) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Skips the prolog, comments and white space, then opens the root, which must be `name`. */
  openRoot(name: Uint8Array): void {
    const { buf } = this;
    for (;;) {
      let i = this.pos;
      while (i < buf.length && isSpace(buf[i] as number)) i++;
      if (buf[i] !== LT) throw new Decline("content before the root element");
      this.pos = i;
      if (buf[i + 1] === QUESTION) this.jumpPast("?>", i);
      else if (this.startsWith("<!--", i)) this.jumpPast("-->", i);
      else break;
    }
    this.readName(this.pos + 1);
    if (!this.is(name)) throw new Decline("unexpected root element");
    // The root's attributes (its xmlns) are the one place attributes are expected.
    let i = this.nameEnd;
    while (i < buf.length && buf[i] !== GT && buf[i] !== LT) {
      const q = buf[i];
      if (q === 0x22 || q === 0x27) i = buf.indexOf(q as number, i + 1);
      if (i < 0) throw new Decline("unterminated attribute");
      i++;
    }
    if (buf[i] !== GT || buf[i - 1] === SLASH) throw new Decline("malformed root tag");
    this.push();
    this.pos = i + 1;
  }

  /**
   * Moves to the next child element of the current one and opens it (true), or consumes the
   * current element's closing tag (false). Text between children must be white space with a line
   * break, which the SDK drops; any other text would replace the element's value in the SDK.
   */
  nextChild(): boolean {
    if (this.selfClosed) {
      this.selfClosed = false;
      return false;
    }
    const { buf } = this;
    for (;;) {
      let i = this.pos;
      let breaks = false;
      // The usual case first: a line break and an indent, as AWS lays out its replies.
      if (buf[i] === LF) {
        breaks = true;
        i = spacesFrom(buf, this.view, i + 1);
      }
      for (; i < buf.length; i++) {
        const c = buf[i] as number;
        if (c === LT) break;
        if (c === LF || c === CR) breaks = true;
        else if (c !== SPACE && c !== TAB) throw new Decline("text beside child elements");
      }
      if (i > this.pos && !breaks)
        throw new Decline("white space without a line break beside child elements");
      this.pos = i;
      const next = buf[i + 1];
      if (next === SLASH) {
        this.closeTag();
        return false;
      }
      if (next === QUESTION) this.jumpPast("?>", i);
      else if (next === BANG) {
        if (!this.startsWith("<!--", i)) throw new Decline("CDATA or a declaration beside child elements");
        this.jumpPast("-->", i);
      } else {
        this.openTag();
        return true;
      }
    }
  }

  /** Whether the element just opened is named `name`. */
  is(name: Uint8Array): boolean {
    const len = this.nameEnd - this.nameStart;
    if (len !== name.length) return false;
    const { buf } = this;
    for (let k = 0; k < len; k++) if (buf[this.nameStart + k] !== name[k]) return false;
    return true;
  }

  /**
   * Skips the element just opened, checking that its tags nest as the SDK's parser does. One tight
   * loop over the bytes with its state in locals: most of a realistic reply is skipped here.
   */
  skip(): void {
    if (this.selfClosed) {
      this.selfClosed = false;
      return;
    }
    const { buf, view, starts, ends } = this;
    const n = buf.length;
    const floor = this.depth - 1;
    let depth = this.depth;
    let i = this.pos;
    while (depth > floor) {
      i = nextLt(buf, view, i);
      const next = buf[i + 1];
      if (next === SLASH) {
        // `</name>` of the innermost open element, byte for byte.
        const top = depth - 1;
        const name = starts[top] as number;
        const len = (ends[top] as number) - name;
        const at = i + 2;
        if (buf[at + len] !== GT || !sameBytes(buf, view, at, name, len))
          throw new Decline("mismatched tags");
        depth = top;
        i = at + len + 1;
      } else if (next === QUESTION || next === BANG) {
        if (next === QUESTION) this.jumpPast("?>", i);
        else this.skipBang(i);
        i = this.pos;
      } else {
        const name = i + 1;
        const end = nameEnd(buf, view, name);
        if (end === name || end >= n) throw new Decline("malformed tag");
        const c = buf[end];
        if (c === GT) {
          if (depth === MAX_DEPTH) throw new Decline("nested too deep");
          starts[depth] = name;
          ends[depth] = end;
          depth++;
          i = end + 1;
        } else if (c === SLASH && buf[end + 1] === GT) i = end + 2;
        else throw new Decline("an element with attributes");
      }
    }
    this.depth = depth;
    this.pos = i;
  }

  /**
   * The text of the element just opened, as the SDK reads a leaf: text (entities decoded) and CDATA
   * joined, comments dropped, "" when only white space with a line break. Child elements decline.
   */
  text(): string {
    if (this.selfClosed) {
      this.selfClosed = false;
      return "";
    }
    const { buf } = this;
    let value: string | undefined;
    for (;;) {
      const start = this.pos;
      const i = buf.indexOf(LT, start);
      if (i < 0) throw new Decline("unexpected end");
      if (i > start) value = (value ?? "") + this.decode(start, i);
      this.pos = i;
      const next = buf[i + 1];
      if (next === SLASH) {
        this.closeTag();
        break;
      }
      if (next === QUESTION) this.jumpPast("?>", i);
      else if (this.startsWith("<![CDATA[", i)) {
        const end = this.jumpPast("]]>", i + 9);
        value = (value ?? "") + this.utf8(i + 9, end - 3).replace(/\r\n?/g, "\n");
      } else if (this.startsWith("<!--", i)) this.jumpPast("-->", i);
      else throw new Decline("child element where a value was expected");
    }
    if (value === undefined) return "";
    return value.trim() === "" && value.includes("\n") ? "" : value;
  }

  /** Decodes [start, end) as the SDK would: UTF-8, line ends to \n, then entities. Always a fresh string. */
  private decode(start: number, end: number): string {
    const { buf } = this;
    let plain = true;
    for (let k = start; k < end; k++) {
      const c = buf[k] as number;
      if (c >= 0x80 || c === AMP || c === CR) {
        plain = false;
        break;
      }
    }
    // A fresh copy, never a slice of the page: V8 keeps a sliced string's whole parent alive.
    if (plain) return buf.toString("latin1", start, end);
    let s = this.utf8(start, end);
    if (s.includes("\r")) s = s.replace(/\r\n?/g, "\n");
    return s.includes("&") ? decodeEntities(s) : s;
  }

  private utf8(start: number, end: number): string {
    return this.buf.toString("utf8", start, end);
  }

  private startsWith(text: string, at: number): boolean {
    for (let k = 0; k < text.length; k++) if (this.buf[at + k] !== text.charCodeAt(k)) return false;
    return true;
  }

  /** Moves past the first `end` found from `from` (as the SDK searches) and returns where it ends. */
  private jumpPast(end: string, from: number): number {
    const i = this.buf.indexOf(end, from, "latin1");
    if (i < 0) throw new Decline(`no closing ${end}`);
    this.pos = i + end.length;
    return this.pos;
  }

  private skipBang(at: number): void {
    if (this.startsWith("<!--", at)) this.jumpPast("-->", at);
    else if (this.startsWith("<![CDATA[", at)) this.jumpPast("]]>", at + 9);
    else throw new Decline("a declaration inside an element");
  }

  /** Reads a tag name from `at` up to the SDK's delimiters (white space, `>`, `/`). */
  private readName(at: number): number {
    const { buf } = this;
    let i = at;
    i = nameEnd(buf, this.view, i);
    if (i === at || i >= buf.length) throw new Decline("malformed tag");
    this.nameStart = at;
    this.nameEnd = i;
    return i;
  }

  private openTag(): void {
    const { buf } = this;
    const i = this.readName(this.pos + 1);
    const c = buf[i];
    if (c === GT) {
      this.push();
      this.selfClosed = false;
      this.pos = i + 1;
    } else if (c === SLASH && buf[i + 1] === GT) {
      this.selfClosed = true;
      this.pos = i + 2;
    } else {
      throw new Decline("an element with attributes");
    }
  }

  private push(): void {
    if (this.depth === MAX_DEPTH) throw new Decline("nested too deep");
    this.starts[this.depth] = this.nameStart;
    this.ends[this.depth] = this.nameEnd;
    this.depth++;
  }

  /** Consumes `</name>` at pos, which must close the innermost open element. */
  private closeTag(): void {
    const top = this.depth - 1;
    if (top < 0) throw new Decline("closing tag without an element");
    const start = this.starts[top] as number;
    const len = (this.ends[top] as number) - start;
    const at = this.pos + 2;
    if (this.buf[at + len] !== GT || !sameBytes(this.buf, this.view, at, start, len))
      throw new Decline("mismatched tags");
    this.depth = top;
    this.pos = at + len + 1;
  }
}

/** Four `<`s: a word XORed with it has a zero byte where a `<` was. */
const LT4 = 0x3c3c3c3c;

/**
 * Where the next `<` is from `from`, four bytes at a time (a zero-byte test on the word XORed with
 * LT4), then byte by byte; an end without one declines.
 */
function nextLt(buf: Buffer, view: DataView, from: number): number {
  const n = buf.length;
  let i = from;
  for (const last = n - 4; i <= last; i += 4) {
    const x = view.getInt32(i) ^ LT4;
    if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break;
  }
  while (i < n && buf[i] !== LT) i++;
  if (i >= n) throw new Decline("unexpected end");
  return i;
}

/**
 * Where the tag name from `from` ends (at the buffer's end if it does not), four bytes at a time
 * while none is below `?` (every byte that ends a name is), then byte by byte.
 */
function nameEnd(buf: Buffer, view: DataView, from: number): number {
  const n = buf.length;
  let i = from;
  for (;;) {
    if (i + 4 <= n) {
      const x = view.getInt32(i);
      if (((x - 0x3f3f3f3f) & ~x & 0x80808080) === 0) {
        i += 4;
        continue;
      }
    }
    for (const stop = Math.min(i + 4, n); i < stop; i++) if (ENDS_NAME[buf[i] as number] === 1) return i;
    if (i >= n) return n;
  }
}

const SPACES4 = 0x20202020;

/** Where the run of spaces from `from` ends, four bytes at a time. */
function spacesFrom(buf: Buffer, view: DataView, from: number): number {
  let i = from;
  for (const last = buf.length - 4; i <= last && view.getInt32(i) === SPACES4; ) i += 4;
  while (buf[i] === SPACE) i++;
  return i;
}

/** Whether buf[a, a + len) and buf[b, b + len) hold the same bytes, both inside the buffer. */
function sameBytes(buf: Buffer, view: DataView, a: number, b: number, len: number): boolean {
  let k = 0;
  for (; k + 4 <= len; k += 4) if (view.getInt32(a + k) !== view.getInt32(b + k)) return false;
  for (; k < len; k++) if (buf[a + k] !== buf[b + k]) return false;
  return true;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === LF || c === TAB || c === CR;
}
