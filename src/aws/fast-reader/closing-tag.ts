// Finds where an element ends by searching the page for its closing tag, instead of reading every
// tag inside it: the way the reader skips the elements imds does not want (most of a realistic
// instance's 9 KB). The search only answers when it is sure to find the element's end as the SDK's
// parser would: nothing before that end that could hide or fake a tag (a comment, CDATA, a
// processing instruction, an attribute: `<!`, `<?` or `=`), a closing tag written exactly `</x>`,
// and same-named elements inside counted (EC2 nests `item` in `item`). Otherwise it says "not
// sure" and the scanner reads the element tag by tag, declining what it cannot read.

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

/** The next occurrence of a byte sequence, searched again only once the reader has passed it. */
class NextOf {
  /** Where the last search started, and what it found (Infinity: nothing after `from`). */
  private from = Number.POSITIVE_INFINITY;
  private at = Number.POSITIVE_INFINITY;

  constructor(
    private readonly buf: Buffer,
    private readonly needle: Uint8Array | number,
  ) {}

  /** The first occurrence at or after `pos` (Infinity if none). */
  after(pos: number): number {
    if (pos < this.from || pos > this.at) {
      const i = this.buf.indexOf(this.needle, pos);
      this.from = pos;
      this.at = i < 0 ? Number.POSITIVE_INFINITY : i;
    }
    return this.at;
  }
}

/** `<name` and `</name`: the opening and closing tags' beginnings. */
interface Needles {
  open: Buffer;
  close: Buffer;
}

/** After a tag's name: what ends it as a name (the SDK's delimiters: white space, `>`, `/`). */
function endsName(c: number | undefined): boolean {
  return c === GT || c === SLASH || c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Whether `<name` is the tag `<` + buf[start, end). */
function sameName(open: Buffer, buf: Buffer, start: number, end: number): boolean {
  if (open.length !== end - start + 1) return false;
  for (let k = start; k < end; k++) if (open[k - start + 1] !== buf[k]) return false;
  return true;
}

export class ClosingTags {
  private readonly bang: NextOf;
  private readonly question: NextOf;
  private readonly equals: NextOf;
  /** Needles per element name, by a hash of its bytes (checked on use). */
  private readonly needles = new Map<number, Needles>();

  constructor(private readonly buf: Buffer) {
    this.bang = new NextOf(buf, Buffer.from("<!", "latin1"));
    this.question = new NextOf(buf, Buffer.from("<?", "latin1"));
    this.equals = new NextOf(buf, 0x3d);
  }

  /**
   * Where the element whose name is buf[nameStart, nameEnd) ends (just past its closing tag), its
   * content starting at `content`; -1 when the search cannot be sure.
   */
  end(nameStart: number, nameEnd: number, content: number): number {
    const { open, close } = this.needlesFor(nameStart, nameEnd);
    const { buf } = this;
    let depth = 1;
    let from = content;
    let at = content;
    for (;;) {
      const c = buf.indexOf(close, at);
      if (c < 0) return -1;
      const after = buf[c + close.length];
      at = c + close.length;
      // `</xy>` closes another element; `</x >` or `</x/` is left to the tag walk (and the SDK).
      if (after !== GT) {
        if (endsName(after)) return -1;
        continue;
      }
      const opened = this.opensBetween(open, from, c);
      if (opened < 0) return -1;
      depth += opened - 1;
      from = at + 1;
      if (depth === 0) break;
    }
    const end = at + 1;
    const sure =
      this.bang.after(content) > end &&
      this.question.after(content) > end &&
      this.equals.after(content) > end;
    return sure ? end : -1;
  }

  /**
   * Same-named elements opened in [from, to) (self-closing ones do not count), searching back from
   * `to` so the search stops at the element's own opening tag; -1 for a tag it cannot be sure of.
   */
  private opensBetween(open: Buffer, from: number, to: number): number {
    const { buf } = this;
    let count = 0;
    for (let p = buf.lastIndexOf(open, to - 1); p >= from; p = buf.lastIndexOf(open, p - 1)) {
      const c = buf[p + open.length];
      if (c === GT) count++;
      else if (c === SLASH && buf[p + open.length + 1] === GT) continue;
      else if (endsName(c)) return -1;
    }
    return count;
  }

  private needlesFor(start: number, end: number): Needles {
    const { buf } = this;
    let hash = end - start;
    for (let k = start; k < end; k++) hash = (Math.imul(hash, 31) + (buf[k] as number)) | 0;
    const known = this.needles.get(hash);
    if (known !== undefined && sameName(known.open, buf, start, end)) return known;
    const open = Buffer.from(buf.subarray(start - 1, end));
    const close = Buffer.allocUnsafe(open.length + 1);
    close[0] = LT;
    close[1] = SLASH;
    open.copy(close, 2, 1);
    const made = { open, close };
    this.needles.set(hash, made);
    return made;
  }
}
