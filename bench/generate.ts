/**
 * Deterministic generator of realistic Go modules for benchmarking guidefix.
 *
 * The corpus is a module `example.com/benchcorpus` made of packages of 10–40
 * files under `internal/<domain>/[<area>/]<layer>` (layers: model, repository,
 * service, handler), about 15% of them `_test.go` files. Files average about
 * 300 lines (80–900), and when 5000 or more files are asked for, one package
 * holds about 300 files so that schedulers meet a long tail.
 *
 * Every file is syntactically valid, gofmt-clean Go that only imports the
 * standard library (the module as a whole need not compile). Code is written
 * the idiomatic way, except for one anti-pattern from the rule catalog
 * (docs: /work/shared/RULES.md) about every `antiPatternEvery` lines.
 *
 * Output depends only on the options: a seeded PRNG (mulberry32) drives every
 * choice, and nothing reads the clock or Math.random.
 *
 * Usage: node dist/bench/generate.js OUT_DIR --files N [--seed S] [--anti-pattern-every L]
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface GenerateOptions {
  files: number;
  seed?: number;
  /** Lines of generated code per anti-pattern; default 100. */
  antiPatternEvery?: number;
}

export interface GenerateResult {
  /** Number of .go files written. */
  files: number;
  /** Lines in all .go files. */
  lines: number;
  /** Bytes in all .go files. */
  bytes: number;
}

/** Marker file proving a directory holds a generated corpus (and may be wiped). */
export const CORPUS_MARKER = '.guidefix-bench-corpus';

// ---------------------------------------------------------------------------
// Randomness

class Rand {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** mulberry32: a float in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const a = xs.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = a[i] as T;
      a[i] = a[j] as T;
      a[j] = t;
    }
    return a;
  }
  sample<T>(xs: readonly T[], n: number): T[] {
    return this.shuffle(xs).slice(0, n);
  }
  gauss(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

function mix(a: number, b: number): number {
  let h = Math.imul((a ^ 0x9e3779b9) >>> 0, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------
// Names

interface Noun {
  /** Pascal case: OrderNote */
  P: string;
  /** camel case: orderNote */
  c: string;
  /** snake case: order_note */
  snake: string;
  /** plural Pascal: OrderNotes */
  Ps: string;
  /** plural camel: orderNotes */
  cs: string;
  /** words: order note */
  w: string;
  /** plural words: order notes */
  pw: string;
}

function splitWords(p: string): string[] {
  return p.match(/[A-Z]+(?![a-z])|[A-Z][a-z0-9]*/g) ?? [p];
}

function lcFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function plural(w: string): string {
  if (/[^aeiou]y$/.test(w)) return w.slice(0, -1) + 'ies';
  if (/(s|x|ch|sh)$/.test(w)) return w + 'es';
  return w + 's';
}

function snake(p: string): string {
  return splitWords(p)
    .map((x) => x.toLowerCase())
    .join('_');
}

const nounCache = new Map<string, Noun>();
function noun(P: string): Noun {
  const hit = nounCache.get(P);
  if (hit) return hit;
  const ws = splitWords(P);
  const last = ws[ws.length - 1] as string;
  const Ps = ws.slice(0, -1).join('') + plural(last);
  const lower = ws.map((x) => x.toLowerCase());
  const n: Noun = {
    P,
    c: lcFirst(P),
    snake: lower.join('_'),
    Ps,
    cs: lcFirst(Ps),
    w: lower.join(' '),
    pw: [...lower.slice(0, -1), plural(lower[lower.length - 1] as string)].join(' '),
  };
  nounCache.set(P, n);
  return n;
}

const DOMAINS: ReadonlyArray<readonly [string, string]> = [
  ['orders', 'Order'],
  ['users', 'User'],
  ['billing', 'Charge'],
  ['inventory', 'StockItem'],
  ['shipping', 'Shipment'],
  ['payments', 'Payment'],
  ['catalog', 'Product'],
  ['notifications', 'Notification'],
  ['auth', 'Credential'],
  ['reports', 'Report'],
  ['search', 'SearchQuery'],
  ['accounts', 'Account'],
  ['pricing', 'PriceRule'],
  ['reviews', 'Review'],
  ['returns', 'ReturnRequest'],
  ['warehouse', 'Location'],
  ['subscriptions', 'Subscription'],
  ['invoices', 'Invoice'],
  ['customers', 'Customer'],
  ['loyalty', 'Reward'],
  ['promotions', 'Coupon'],
  ['tax', 'TaxRate'],
  ['ledger', 'Entry'],
  ['audit', 'AuditEntry'],
  ['messaging', 'Message'],
  ['scheduling', 'Job'],
  ['media', 'Asset'],
  ['sessions', 'Session'],
  ['carts', 'Cart'],
  ['checkout', 'Checkout'],
  ['fraud', 'Alert'],
  ['refunds', 'Refund'],
  ['vendors', 'Vendor'],
  ['suppliers', 'Supplier'],
  ['analytics', 'Metric'],
  ['compliance', 'Policy'],
  ['tenants', 'Tenant'],
  ['webhooks', 'Webhook'],
  ['gateway', 'Route'],
  ['documents', 'Document'],
];

const AREAS = ['', 'admin', 'batch', 'public', 'legacy', 'partner', 'export', 'sync', 'reporting', 'internalapi', 'v2'];

const QUALIFIERS = [
  'Line', 'Note', 'Event', 'Item', 'Rule', 'Group', 'Tag', 'Change', 'Link', 'Limit', 'Preference',
  'Window', 'Attempt', 'Draft', 'Template', 'Revision',
];

const TOPICS = [
  'Export', 'Import', 'Sync', 'Audit', 'Batch', 'Cache', 'Lookup', 'Validation', 'Events', 'Metrics',
  'Lifecycle', 'Notify', 'Search', 'Stats', 'Cleanup', 'Archive', 'Retry', 'Reconcile', 'Status',
  'History', 'Settings', 'Quota', 'Bulk', 'Summary', 'Schedule', 'Approval', 'Priority', 'Snapshot',
  'Migration', 'Routing', 'Digest', 'Feed', 'Queue', 'Replay', 'Rollup', 'Backfill', 'Tracking', 'Sharing',
];

type Layer = 'model' | 'repository' | 'service' | 'handler';
const LAYERS: readonly Layer[] = ['model', 'repository', 'service', 'handler'];

const TYPE_SUFFIX: Record<Layer, readonly string[]> = {
  model: ['', 'Event', 'Revision', 'Request', 'Snapshot', 'Batch', 'Record', 'Change'],
  repository: ['Store', 'ArchiveStore', 'ReadStore', 'AuditStore', 'OutboxStore', 'CacheStore'],
  service: ['Service', 'Worker', 'Coordinator', 'Manager', 'Processor', 'Scheduler'],
  handler: ['Handler', 'AdminHandler', 'WebhookHandler', 'InternalHandler', 'PublicHandler'],
};

// ---------------------------------------------------------------------------
// Fields of generated struct types

type Kind = 'str' | 'int' | 'float' | 'time' | 'bool' | 'slice' | 'map';

interface Field {
  name: string;
  type: string;
  kind: Kind;
  col: string;
  omit: boolean;
}

const EXTRA_FIELDS: ReadonlyArray<readonly [string, string, Kind]> = [
  ['Email', 'string', 'str'],
  ['Description', 'string', 'str'],
  ['TenantID', 'string', 'str'],
  ['Region', 'string', 'str'],
  ['Currency', 'string', 'str'],
  ['SKU', 'string', 'str'],
  ['ExternalRef', 'string', 'str'],
  ['Reference', 'string', 'str'],
  ['Source', 'string', 'str'],
  ['Amount', 'int64', 'int'],
  ['Quantity', 'int', 'int'],
  ['Priority', 'int', 'int'],
  ['Version', 'int', 'int'],
  ['Attempts', 'int', 'int'],
  ['Total', 'float64', 'float'],
  ['Weight', 'float64', 'float'],
  ['Score', 'float64', 'float'],
  ['Tags', '[]string', 'slice'],
  ['Labels', 'map[string]string', 'map'],
  ['ExpiresAt', 'time.Time', 'time'],
  ['ProcessedAt', 'time.Time', 'time'],
  ['Enabled', 'bool', 'bool'],
  ['Archived', 'bool', 'bool'],
  ['Verified', 'bool', 'bool'],
];

function makeFields(r: Rand, link?: string, self?: string): Field[] {
  const mk = (name: string, type: string, kind: Kind, omit = false): Field => ({ name, type, kind, col: snake(name), omit });
  const base: Field[] = [mk('ID', 'string', 'str'), mk('Name', 'string', 'str')];
  if (link) base.push(mk(link, 'string', 'str'));
  base.push(mk('OwnerID', 'string', 'str'), mk('Status', 'string', 'str'));
  const extras = r
    .sample(EXTRA_FIELDS, r.int(2, 8))
    .filter(([n]) => n !== link && n !== self + 'ID')
    .map(([n, t, k]) => mk(n, t, k, true));
  const order: Kind[] = ['str', 'int', 'float', 'slice', 'map', 'time'];
  extras.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  const nonBool = extras.filter((f) => f.kind !== 'bool');
  const bools = extras.filter((f) => f.kind === 'bool');
  return [...base, ...nonBool, mk('CreatedAt', 'time.Time', 'time'), mk('UpdatedAt', 'time.Time', 'time'), ...bools];
}

function scalar(f: Field): boolean {
  return f.kind !== 'slice' && f.kind !== 'map';
}

// ---------------------------------------------------------------------------
// Text helpers

/**
 * Aligns cells the way text/tabwriter does for gofmt (padding 1, spaces):
 * every cell but the last of a row is terminated; a column block is a run of
 * consecutive rows that have a terminated cell in that column.
 */
function al(rows: readonly (readonly string[])[]): string[] {
  const out: string[] = new Array<string>(rows.length).fill('');
  const widths: number[] = [];
  const writeLines = (l0: number, l1: number): void => {
    for (let i = l0; i < l1; i++) {
      const row = rows[i] as readonly string[];
      let s = '';
      for (let j = 0; j < row.length; j++) {
        const cell = row[j] as string;
        s += cell;
        if (j < widths.length) s += ' '.repeat(Math.max(0, (widths[j] as number) - cell.length));
      }
      out[i] = s.replace(/ +$/, '');
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= (rows[t] as readonly string[]).length - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let width = 0;
      let discardable = true;
      for (; t < line1; t++) {
        const row = rows[t] as readonly string[];
        if (column >= row.length - 1) break;
        const c = row[column] as string;
        if (c.length + 1 > width) width = c.length + 1;
        if (c.length > 0) discardable = false;
      }
      if (discardable) width = 0;
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
    }
    writeLines(line0, line1);
  };
  format(0, rows.length);
  return out;
}

/** A template line holding only this is left out. */
const DROP = '\u0000';

/** Indents lines by `level` template levels (two spaces each) and joins them. */
function ind(lines: readonly string[], level: number): string {
  if (lines.length === 0) return DROP;
  const pad = '  '.repeat(level);
  return lines.map((l) => (l === '' ? '' : pad + l)).join('\n');
}

/** Line buffer; templates use two spaces per indentation level. */
class Buf {
  out: string[] = [];
  code(tpl: string): void {
    const ls = tpl.split('\n');
    let start = 0;
    let end = ls.length;
    if (start < end && (ls[start] as string).trim() === '') start++;
    if (end > start && (ls[end - 1] as string).trim() === '') end--;
    let prevBlank = false;
    for (let i = start; i < end; i++) {
      const line = ls[i] as string;
      if (line === DROP) continue;
      if (line.trim() === '') {
        if (!prevBlank) this.out.push('');
        prevBlank = true;
        continue;
      }
      prevBlank = false;
      let n = 0;
      while (line.charCodeAt(n) === 32) n++;
      let text = line.slice(n);
      if (text.startsWith('//')) text = text.replace(/\b([Aa]) (?=[AEIOaeio])/g, '$1n ');
      this.out.push('\t'.repeat(n >> 1) + text);
    }
  }
  blank(): void {
    if (this.out.length > 0 && this.out[this.out.length - 1] !== '') this.out.push('');
  }
  get lines(): number {
    return this.out.length;
  }
}

// ---------------------------------------------------------------------------
// Anti-patterns

const AP_KINDS = [
  'error-is',
  'error-is-switch',
  'errorf-wrap',
  'context-cancel-discarded',
  'error-as',
  'error-string-compare',
  'panic-on-error',
  'log-error-printf',
  'context-string-key',
  'loopvar-capture',
  'time-tick-leak',
  'defer-in-loop',
  'http-client-no-timeout',
  'slice-prealloc',
  'string-concat-loop',
  'const-screaming-snake',
  'interface-i-prefix',
] as const;
type ApKind = (typeof AP_KINDS)[number];

const TEST_AP_KINDS: readonly ApKind[] = [
  'error-is',
  'error-string-compare',
  'loopvar-capture',
  'slice-prealloc',
  'string-concat-loop',
  'defer-in-loop',
  'context-cancel-discarded',
  'errorf-wrap',
];

// ---------------------------------------------------------------------------
// Package and file state

interface Pkg {
  path: string;
  layer: Layer;
  domain: string;
  E: Noun;
  /** package-level identifiers */
  names: Set<string>;
  /** shared declarations already emitted (by key) */
  shared: Set<string>;
  /** entity types declared in the package */
  entities: Map<string, Field[]>;
  infos: FileInfo[];
}

interface FileInfo {
  base: string;
  S: Noun;
  topic: Noun;
  T: string;
  layer: Layer;
  /** method names by unit id */
  methods: Map<string, string>;
  hasState: string;
}

interface Unit {
  id: string;
  weight: number;
  /** how often per main type */
  max: number;
  run: (c: FileGen) => void;
  when?: (c: FileGen) => boolean;
}

class Gen {
  apAcc = 0;
  apDeck: ApKind[] = [];
  apCount = new Map<ApKind, number>();
  constructor(
    public r: Rand,
    public every: number,
  ) {}
  drawAp(r: Rand, test: boolean): ApKind {
    if (test) return r.pick(TEST_AP_KINDS);
    if (this.apDeck.length === 0) this.apDeck = this.r.shuffle(AP_KINDS);
    return this.apDeck.pop() as ApKind;
  }
}

class FileGen {
  b = new Buf();
  methods = new Set<string>();
  used = new Map<string, number>();
  handles: { path: string; method: string; name: string }[] = [];
  T = '';
  rv = '';
  iface = '';
  typeIndex = 0;
  stateType = '';
  /** Forces the first name candidate (methods other code relies on). */
  canonical = false;

  constructor(
    public r: Rand,
    public g: Gen,
    public pkg: Pkg,
    public S: Noun,
    public topic: Noun,
    public test: boolean,
    public info: FileInfo,
  ) {}

  get layer(): Layer {
    return this.pkg.layer;
  }
  get E(): Noun {
    return this.pkg.E;
  }
  /** snake key of subject and topic, e.g. order_note_export */
  get key(): string {
    return this.S.snake + '_' + this.topic.snake;
  }
  get camelKey(): string {
    return this.S.c + this.topic.P;
  }
  get pascalKey(): string {
    return this.S.P + this.topic.P;
  }
  get fields(): Field[] {
    return this.pkg.entities.get(this.S.P) ?? [];
  }
  /** local variable holding one entity */
  get v(): string {
    return this.S.c;
  }
  /** dependency that can Get/List/Save entities */
  get dep(): string {
    switch (this.layer) {
      case 'service':
        return 's.store';
      case 'handler':
        return 'h.svc';
      case 'repository':
        return 'r';
      default:
        return 'src';
    }
  }
  get logger(): string {
    switch (this.layer) {
      case 'service':
        return 's.logger';
      case 'handler':
        return 'h.logger';
      case 'repository':
        return 'r.logger';
      default:
        return 'slog.Default()';
    }
  }
  get notFound(): string {
    return `Err${this.S.P}NotFound`;
  }
  get conflict(): string {
    return `Err${this.S.P}Conflict`;
  }
  get invalid(): string {
    return `ErrInvalid${this.S.P}`;
  }

  uniq(base: string, set: Set<string>): string {
    let n = base;
    let i = 2;
    while (set.has(n)) n = base + String(i++);
    set.add(n);
    return n;
  }

  /** A package-level name, unique in the package. */
  pn(...cands: string[]): string {
    for (const c of cands) {
      if (!this.pkg.names.has(c)) {
        this.pkg.names.add(c);
        return c;
      }
    }
    return this.uniq(cands[0] as string, this.pkg.names);
  }

  /**
   * A method (or, in model packages, function) name. Candidates are written
   * "Verb|Tail": methods become VerbTail, model functions VerbTypeTail.
   */
  nm(...cands: string[]): string {
    const model = this.rv === '';
    const names = cands.map((c) => {
      const [verb, tail] = c.split('|') as [string, string | undefined];
      return model ? verb + this.T + (tail ?? '') : verb + (tail ?? '');
    });
    const set = model ? this.pkg.names : this.methods;
    if (this.canonical && !set.has(names[0] as string)) {
      set.add(names[0] as string);
      return names[0] as string;
    }
    for (const n of this.r.shuffle(names.slice(0, 3)).concat(names.slice(3))) {
      if (!set.has(n)) {
        set.add(n);
        return n;
      }
    }
    return this.uniq(names[0] as string, set);
  }

  /** Function header; receiver layers get a method, model gets a function. */
  head(name: string, params: string, results: string, src = false): string {
    let p = params;
    if (this.rv === '' && src) {
      const s = `src ${this.S.P}Source`;
      if (p.startsWith('ctx context.Context')) p = 'ctx context.Context, ' + s + p.slice('ctx context.Context'.length);
      else p = p ? s + ', ' + p : s;
    }
    const recv = this.rv ? `(${this.rv} *${this.T}) ` : '';
    return `func ${recv}${name}(${p})${results ? ' ' + results : ''} {`;
  }

  /** Emits a shared declaration once per package. */
  need(key: string): void {
    if (this.pkg.shared.has(key)) return;
    if (key.startsWith('fake:')) {
      this.b.blank();
      tFake(this);
      this.b.blank();
      return;
    }
    if (key.startsWith('fixture:')) {
      this.b.blank();
      tFixture(this);
      this.b.blank();
      return;
    }
    this.pkg.shared.add(key);
    const fn = SHARED[key];
    if (!fn) throw new Error('unknown shared declaration ' + key);
    this.b.blank();
    fn(this);
    this.b.blank();
  }

  record(id: string, name: string): void {
    if (!this.info.methods.has(id)) this.info.methods.set(id, name);
  }
}

// ---------------------------------------------------------------------------
// Shared declarations (once per package)

const SHARED: Record<string, (c: FileGen) => void> = {
  ValidationError(c) {
    c.pkg.names.add('ValidationError');
    c.b.code(`
// ValidationError reports an invalid field of a request or record.
type ValidationError struct {
  Field string
  Err   error
}

// Error implements the error interface.
func (e *ValidationError) Error() string {
  return "invalid " + e.Field + ": " + e.Err.Error()
}

// Unwrap returns the underlying cause.
func (e *ValidationError) Unwrap() error {
  return e.Err
}
`);
  },
  httpHelpers(c) {
    for (const n of ['maxBodyBytes', 'writeJSON', 'writeError', 'decodeJSON', 'parseIntParam']) c.pkg.names.add(n);
    c.b.code(`
// maxBodyBytes bounds the size of request bodies.
const maxBodyBytes = 1 << 20

// writeJSON writes v as a JSON response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
  w.Header().Set("Content-Type", "application/json")
  w.WriteHeader(status)
  if err := json.NewEncoder(w).Encode(v); err != nil {
    slog.Error("encode response", "error", err)
  }
}

// writeError writes a JSON error body.
func writeError(w http.ResponseWriter, status int, msg string) {
  writeJSON(w, status, map[string]string{"error": msg})
}

// decodeJSON decodes a size-limited request body into dst.
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
  r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
  dec := json.NewDecoder(r.Body)
  dec.DisallowUnknownFields()
  if err := dec.Decode(dst); err != nil {
    return fmt.Errorf("decode request body: %w", err)
  }
  return nil
}

// parseIntParam parses a non-negative integer query parameter.
func parseIntParam(raw string, def int) (int, error) {
  if raw == "" {
    return def, nil
  }
  n, err := strconv.Atoi(raw)
  if err != nil {
    return 0, fmt.Errorf("parse %q: %w", raw, err)
  }
  if n < 0 {
    return 0, fmt.Errorf("negative value %d", n)
  }
  return n, nil
}
`);
  },
  sqlIfaces(c) {
    for (const n of ['querier', 'txBeginner', 'rowScanner']) c.pkg.names.add(n);
    c.b.code(`
// querier is the part of *sql.DB and *sql.Tx the stores use.
type querier interface {
  ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
  QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
  QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// txBeginner starts transactions.
type txBeginner interface {
  BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// rowScanner is implemented by *sql.Row and *sql.Rows.
type rowScanner interface {
  Scan(dest ...any) error
}
`);
  },
};

/** Declares an entity (struct, filter, sentinels, Validate) once per package. */
function ensureEntity(c: FileGen, S: Noun): void {
  if (c.pkg.entities.has(S.P)) return;
  const fields = makeFields(c.r, undefined, S.P);
  c.pkg.entities.set(S.P, fields);
  c.need('ValidationError');
  const rv = S.c.charAt(0);
  for (const n of [S.P, S.P + 'Filter', `Err${S.P}NotFound`, `Err${S.P}Conflict`, `ErrInvalid${S.P}`]) c.pkg.names.add(n);
  const rows = fields.map((f) => [f.name, f.type, '`json:"' + f.col + (f.omit ? ',omitempty' : '') + '"`']);
  const maxLen = c.r.pick([64, 100, 128, 200, 255]);
  const checks: string[] = [];
  for (const f of fields) {
    if (f.kind === 'int' || f.kind === 'float') {
      checks.push(`if ${rv}.${f.name} < 0 {`, `  errs = append(errs, errors.New("${snake(f.name).replace(/_/g, ' ')} must not be negative"))`, '}');
    } else if (f.name === 'ExpiresAt') {
      checks.push(`if !${rv}.ExpiresAt.IsZero() && ${rv}.ExpiresAt.Before(${rv}.CreatedAt) {`, '  errs = append(errs, errors.New("expires before it was created"))', '}');
    } else if (f.name === 'Email') {
      checks.push(`if ${rv}.Email != "" && !strings.Contains(${rv}.Email, "@") {`, `  errs = append(errs, fmt.Errorf("malformed email %q", ${rv}.Email))`, '}');
    } else if (f.name === 'Currency') {
      checks.push(`if ${rv}.Currency != "" && len(${rv}.Currency) != 3 {`, `  errs = append(errs, fmt.Errorf("currency %q is not an ISO 4217 code", ${rv}.Currency))`, '}');
    }
  }
  c.b.code(`
// ${S.P} is a ${S.w} as this package sees it.
type ${S.P} struct {
${ind(al(rows), 1)}
}

// ${S.P}Filter narrows a listing of ${S.pw}.
type ${S.P}Filter struct {
${ind(al([['Status', 'string'], ['OwnerID', 'string'], ['Since', 'time.Time'], ['Limit', 'int'], ['Offset', 'int']]), 1)}
}

var (
${ind(
  al([
    [`Err${S.P}NotFound`, `= errors.New("${S.w} not found")`],
    [`Err${S.P}Conflict`, `= errors.New("${S.w}: version conflict")`],
    [`ErrInvalid${S.P}`, `= errors.New("invalid ${S.w}")`],
  ]),
  1,
)}
)

// Validate reports whether ${rv} is well formed.
func (${rv} *${S.P}) Validate() error {
  var errs []error
  if strings.TrimSpace(${rv}.ID) == "" {
    errs = append(errs, errors.New("id is required"))
  }
  if strings.TrimSpace(${rv}.Name) == "" {
    errs = append(errs, errors.New("name is required"))
  } else if len(${rv}.Name) > ${maxLen} {
    errs = append(errs, fmt.Errorf("name longer than %d characters", ${maxLen}))
  }
  switch ${rv}.Status {
  case "", "pending", "active", "archived":
  default:
    errs = append(errs, fmt.Errorf("unknown status %q", ${rv}.Status))
  }
${ind(checks, 1)}
  if len(errs) > 0 {
    return &ValidationError{Field: "${S.snake}", Err: errors.Join(errs...)}
  }
  return nil
}
`);
  if (c.layer === 'model') {
    c.pkg.names.add(S.P + 'Source');
    c.b.blank();
    c.b.code(`
// ${S.P}Source loads and stores ${S.pw}.
type ${S.P}Source interface {
  Get(ctx context.Context, id string) (*${S.P}, error)
  List(ctx context.Context, filter ${S.P}Filter) ([]*${S.P}, error)
  Save(ctx context.Context, ${S.c} *${S.P}) error
}
`);
  }
  if (c.layer === 'repository') {
    c.need('sqlIfaces');
    const sc = fields.filter(scalar);
    const cols = c.pn(S.c + 'Columns');
    const scan = c.pn('scan' + S.P);
    c.pkg.shared.add('cols:' + S.P);
    c.b.blank();
    c.b.code(`
// ${cols} lists the ${S.w} columns in scan order.
const ${cols} = "${sc.map((f) => f.col).join(', ')}"

// ${scan} reads one ${S.w} from sc.
func ${scan}(sc rowScanner) (*${S.P}, error) {
  var item ${S.P}
  if err := sc.Scan(${sc.map((f) => '&item.' + f.name).join(', ')}); err != nil {
    return nil, err
  }
  return &item, nil
}
`);
  }
  c.b.blank();
}

// ---------------------------------------------------------------------------
// Headers: the main type of a file section

function header(c: FileGen): void {
  const { S } = c;
  const suffix = (TYPE_SUFFIX[c.layer][c.typeIndex] ?? TYPE_SUFFIX[c.layer][0] + String(c.typeIndex)) as string;
  c.T = c.pn(c.pascalKey + suffix, S.P + c.topic.P + suffix + 'V2');
  if (c.typeIndex === 0) c.info.T = c.T;
  c.methods = new Set<string>();
  c.used = new Map<string, number>();
  c.handles = [];
  c.stateType = '';
  ensureEntity(c, S);
  switch (c.layer) {
    case 'model':
      return modelHeader(c);
    case 'repository':
      return repoHeader(c);
    case 'service':
      return serviceHeader(c);
    case 'handler':
      return handlerHeader(c);
  }
}

function modelHeader(c: FileGen): void {
  const { S, T } = c;
  c.rv = '';
  const fields = makeFields(c.r, S.P === T ? undefined : S.P + 'ID').filter((f) => f.name !== 'Name' || c.r.chance(0.5));
  c.pkg.entities.set(T, fields);
  const rows = fields.map((f) => [f.name, f.type, '`json:"' + f.col + (f.omit ? ',omitempty' : '') + '"`']);
  c.b.code(`
// ${T} records ${c.topic.w} details of a ${S.w}.
type ${T} struct {
${ind(al(rows), 1)}
}
`);
}

function repoHeader(c: FileGen): void {
  const { S, T } = c;
  c.rv = 'r';
  c.need('sqlIfaces');
  const table = c.r.pick([S.snake + 's', S.snake + '_' + c.topic.snake, c.E.snake + '_' + c.topic.snake]);
  c.b.code(`
// ${T} persists ${S.pw} for ${c.topic.w} in a SQL database.
type ${T} struct {
  db     querier
  table  string
  logger *slog.Logger
}

// New${T} returns a ${T} using db.
func New${T}(db querier, logger *slog.Logger) *${T} {
  if logger == nil {
    logger = slog.Default()
  }
  return &${T}{db: db, table: "${table}", logger: logger}
}
`);
  c.pkg.names.add('New' + T);
}

function serviceHeader(c: FileGen): void {
  const { S, T } = c;
  c.rv = 's';
  const iface = c.pn(lcFirst(T.replace(/Service$/, '')) + 'Store', lcFirst(T) + 'Store');
  c.iface = iface;
  c.pkg.names.add('New' + T);
  c.b.code(`
// ${T} coordinates ${S.w} ${c.topic.w} operations.
type ${T} struct {
  store   ${iface}
  logger  *slog.Logger
  now     func() time.Time
  timeout time.Duration
}

// ${iface} is the persistence ${T} depends on.
type ${iface} interface {
  Get(ctx context.Context, id string) (*${S.P}, error)
  List(ctx context.Context, filter ${S.P}Filter) ([]*${S.P}, error)
  Save(ctx context.Context, ${S.c} *${S.P}) error
  Delete(ctx context.Context, id string) error
}

// New${T} returns a ${T} backed by store.
func New${T}(store ${iface}, logger *slog.Logger) *${T} {
  if logger == nil {
    logger = slog.Default()
  }
  return &${T}{
    store:   store,
    logger:  logger.With("component", "${c.key}"),
    now:     time.Now,
    timeout: ${c.r.pick([2, 3, 5, 10, 15, 30])} * time.Second,
  }
}
`);
}

function handlerHeader(c: FileGen): void {
  const { S, T } = c;
  c.rv = 'h';
  c.need('httpHelpers');
  const iface = c.pn(lcFirst(T.replace(/Handler$/, '')) + 'Service', lcFirst(T) + 'Backend');
  c.iface = iface;
  c.pkg.names.add('New' + T);
  c.b.code(`
// ${T} serves the ${S.w} ${c.topic.w} HTTP API.
type ${T} struct {
  svc    ${iface}
  logger *slog.Logger
}

// ${iface} is the behaviour ${T} needs.
type ${iface} interface {
  Get(ctx context.Context, id string) (*${S.P}, error)
  List(ctx context.Context, filter ${S.P}Filter) ([]*${S.P}, error)
  Save(ctx context.Context, ${S.c} *${S.P}) error
  Delete(ctx context.Context, id string) error
}

// New${T} returns a handler backed by svc.
func New${T}(svc ${iface}, logger *slog.Logger) *${T} {
  if logger == nil {
    logger = slog.Default()
  }
  return &${T}{svc: svc, logger: logger}
}
`);
}

/** Closes a handler section with its route registration. */
function finishSection(c: FileGen): void {
  if (c.layer !== 'handler' || c.handles.length === 0 || c.test) return;
  c.b.blank();
  c.b.code(`
// Register mounts the ${c.T} routes on mux.
func (h *${c.T}) Register(mux *http.ServeMux) {
${ind(
  c.handles.map((hd) => `mux.HandleFunc("${hd.path}", h.${hd.name})`),
  1,
)}
}
`);
  c.handles = [];
}

function routePath(c: FileGen, tail: string): string {
  const base = '/api/' + c.E.pw.replace(/ /g, '-') + '/' + c.topic.snake.replace(/_/g, '-');
  return tail ? base + '/' + tail : base;
}

// ---------------------------------------------------------------------------
// Clean units shared by the receiver layers (service, handler, repository)

const STATUSES = ['pending', 'active', 'archived', 'failed', 'cancelled', 'expired'];

function uGet(c: FileGen): void {
  const { S } = c;
  const name = c.nm('Get|', 'Lookup|', 'Fetch|', 'Load|', 'Get|ByID', 'Resolve|');
  c.record('get', name);
  const timeout = c.layer === 'service';
  c.b.code(`
// ${name} returns the ${S.w} with the given ID.
${c.head(name, 'ctx context.Context, id string', `(*${S.P}, error)`, true)}
  if id == "" {
    return nil, ${c.invalid}
  }
${timeout ? '  ctx, cancel := context.WithTimeout(ctx, s.timeout)\n  defer cancel()' : DROP}
  ${c.v}, err := ${c.dep}.Get(ctx, id)
  if err != nil {
    if errors.Is(err, ${c.notFound}) {
      return nil, err
    }
    return nil, fmt.Errorf("get ${S.w} %s: %w", id, err)
  }
  return ${c.v}, nil
}
`);
}

function uCreate(c: FileGen): void {
  const { S } = c;
  const name = c.nm('Create|', 'Register|', 'Add|', 'Create|Draft', 'Submit|');
  c.record('create', name);
  const log = c.logger;
  c.b.code(`
// ${name} validates and stores a new ${S.w}.
${c.head(name, `ctx context.Context, in *${S.P}`, `(*${S.P}, error)`, true)}
  if in == nil {
    return nil, ${c.invalid}
  }
  if err := in.Validate(); err != nil {
    return nil, fmt.Errorf("${name.toLowerCase()} ${S.w}: %w", err)
  }
  now := time.Now().UTC()
  in.CreatedAt = now
  in.UpdatedAt = now
  if in.Status == "" {
    in.Status = "${c.r.pick(['pending', 'active'])}"
  }
  if err := ${c.dep}.Save(ctx, in); err != nil {
    return nil, fmt.Errorf("save ${S.w} %s: %w", in.ID, err)
  }
  ${log}.InfoContext(ctx, "${S.w} created", "id", in.ID, "status", in.Status)
  return in, nil
}
`);
}

function uTransition(c: FileGen): void {
  const { S } = c;
  const name = c.nm('Transition|', 'Advance|', 'SetStatus|', 'Move|', 'Transition|Status');
  c.record('transition', name);
  const [a, b2, d] = c.r.sample(['active', 'approved', 'running', 'confirmed', 'published'], 3) as [string, string, string];
  c.b.code(`
// ${name} moves a ${S.w} to the next status, enforcing the allowed transitions.
${c.head(name, 'ctx context.Context, id, next string', 'error', true)}
  ${c.v}, err := ${c.dep}.Get(ctx, id)
  if err != nil {
    return fmt.Errorf("transition ${S.w} %s: %w", id, err)
  }
  switch ${c.v}.Status {
  case "pending":
    if next != "${a}" && next != "cancelled" {
      return fmt.Errorf("%w: %s -> %s", ${c.invalid}, ${c.v}.Status, next)
    }
  case "${a}", "${b2}":
    if next != "archived" && next != "${d}" {
      return fmt.Errorf("%w: %s -> %s", ${c.invalid}, ${c.v}.Status, next)
    }
  case "archived", "cancelled":
    return fmt.Errorf("%w: %s is final", ${c.conflict}, ${c.v}.Status)
  default:
    return fmt.Errorf("${S.w} %s has unknown status %q", id, ${c.v}.Status)
  }
  ${c.v}.Status = next
  ${c.v}.UpdatedAt = time.Now().UTC()
  if err := ${c.dep}.Save(ctx, ${c.v}); err != nil {
    return fmt.Errorf("save ${S.w} %s: %w", id, err)
  }
  return nil
}
`);
}

function uWorkers(c: FileGen): void {
  const { S } = c;
  const name = c.nm('ProcessAll|', 'ProcessBatch|', 'Reprocess|', 'Fanout|', 'ProcessAll|Pending');
  c.record('workers', name);
  const workers = c.r.pick([2, 4, 8, 16]);
  c.b.code(`
// ${name} applies fn to every ID using at most workers goroutines.
${c.head(name, `ctx context.Context, ids []string, workers int, fn func(context.Context, *${S.P}) error`, '(int, error)', true)}
  if workers <= 0 {
    workers = ${workers}
  }
  jobs := make(chan string)
  results := make(chan error, len(ids))
  var wg sync.WaitGroup
  for i := 0; i < workers; i++ {
    wg.Add(1)
    go func() {
      defer wg.Done()
      for id := range jobs {
        ${c.v}, err := ${c.dep}.Get(ctx, id)
        if err != nil {
          results <- fmt.Errorf("load %s: %w", id, err)
          continue
        }
        results <- fn(ctx, ${c.v})
      }
    }()
  }
  var sendErr error
send:
  for _, id := range ids {
    select {
    case jobs <- id:
    case <-ctx.Done():
      sendErr = ctx.Err()
      break send
    }
  }
  close(jobs)
  wg.Wait()
  close(results)
  processed := 0
  var errs []error
  for err := range results {
    if err != nil {
      errs = append(errs, err)
      continue
    }
    processed++
  }
  if sendErr != nil {
    errs = append(errs, sendErr)
  }
  return processed, errors.Join(errs...)
}
`);
}

function uTicker(c: FileGen): void {
  const { S } = c;
  const name = c.nm('Run|', 'RunRefresher|', 'Watch|', 'Poll|', 'Run|Janitor');
  const log = c.logger;
  c.b.code(`
// ${name} refreshes ${S.pw} every interval until ctx is cancelled.
${c.head(name, 'ctx context.Context, interval time.Duration', 'error', true)}
  ticker := time.NewTicker(interval)
  defer ticker.Stop()
  for {
    select {
    case <-ctx.Done():
      return ctx.Err()
    case <-ticker.C:
      items, err := ${c.dep}.List(ctx, ${S.P}Filter{Status: "${c.r.pick(STATUSES)}", Limit: ${c.r.pick([50, 100, 500])}})
      if err != nil {
        ${log}.ErrorContext(ctx, "refresh ${S.pw}", "error", err)
        continue
      }
      ${log}.DebugContext(ctx, "refreshed ${S.pw}", "count", len(items))
    }
  }
}
`);
}

function uRetry(c: FileGen): void {
  const { S } = c;
  const cname = c.pn('max' + c.pascalKey + 'Attempts', 'max' + c.pascalKey + 'Tries');
  const name = c.nm('SaveWithRetry|', 'StoreWithRetry|', 'PersistWithRetry|', 'Save|Retrying');
  c.b.code(`
// ${cname} bounds the attempts of ${name}.
const ${cname} = ${c.r.int(3, 7)}

// ${name} stores ${c.v}, retrying transient failures with exponential backoff.
${c.head(name, `ctx context.Context, ${c.v} *${S.P}`, 'error', true)}
  backoff := ${c.r.pick([50, 100, 200, 250])} * time.Millisecond
  var lastErr error
  for attempt := 1; attempt <= ${cname}; attempt++ {
    err := ${c.dep}.Save(ctx, ${c.v})
    if err == nil {
      return nil
    }
    if errors.Is(err, ${c.invalid}) || errors.Is(err, ${c.conflict}) {
      return err
    }
    lastErr = err
    timer := time.NewTimer(backoff)
    select {
    case <-ctx.Done():
      timer.Stop()
      return ctx.Err()
    case <-timer.C:
    }
    backoff *= 2
  }
  return fmt.Errorf("save ${S.w} after %d attempts: %w", ${cname}, lastErr)
}
`);
}

function uStats(c: FileGen): void {
  const { S } = c;
  const st = c.pn(c.pascalKey + 'Stats', c.pascalKey + 'Counts', c.T + 'Stats');
  const name = c.nm('Stats|', 'Summarize|', 'Count|ByStatus', 'Tally|');
  c.b.code(`
// ${st} counts ${S.pw} by status.
type ${st} struct {
  Total    int
  Pending  int
  Active   int
  Archived int
  Other    int
}

// ${name} counts the ${S.pw} matching filter.
${c.head(name, `ctx context.Context, filter ${S.P}Filter`, `(${st}, error)`, true)}
  var st ${st}
  items, err := ${c.dep}.List(ctx, filter)
  if err != nil {
    return st, fmt.Errorf("count ${S.pw}: %w", err)
  }
  for _, it := range items {
    st.Total++
    switch it.Status {
    case "pending":
      st.Pending++
    case "active":
      st.Active++
    case "archived", "cancelled":
      st.Archived++
    default:
      st.Other++
    }
  }
  return st, nil
}
`);
}

function uCache(c: FileGen): void {
  const { S } = c;
  const ct = c.pn(c.camelKey + 'Cache', lcFirst(c.T) + 'Cache');
  c.b.code(`
// ${ct} keeps recently loaded ${S.pw} in memory.
type ${ct} struct {
  mu      sync.RWMutex
  items   map[string]*${S.P}
  expires map[string]time.Time
  ttl     time.Duration
}

func new${ct.charAt(0).toUpperCase() + ct.slice(1)}(ttl time.Duration) *${ct} {
  return &${ct}{
    items:   make(map[string]*${S.P}),
    expires: make(map[string]time.Time),
    ttl:     ttl,
  }
}

func (c *${ct}) get(id string, now time.Time) (*${S.P}, bool) {
  c.mu.RLock()
  defer c.mu.RUnlock()
  exp, ok := c.expires[id]
  if !ok || now.After(exp) {
    return nil, false
  }
  return c.items[id], true
}

func (c *${ct}) put(${c.v} *${S.P}, now time.Time) {
  c.mu.Lock()
  defer c.mu.Unlock()
  c.items[${c.v}.ID] = ${c.v}
  c.expires[${c.v}.ID] = now.Add(c.ttl)
}

func (c *${ct}) evictExpired(now time.Time) int {
  c.mu.Lock()
  defer c.mu.Unlock()
  n := 0
  for id, exp := range c.expires {
    if now.After(exp) {
      delete(c.expires, id)
      delete(c.items, id)
      n++
    }
  }
  return n
}
`);
  c.pkg.names.add('new' + ct.charAt(0).toUpperCase() + ct.slice(1));
}

function uListIDs(c: FileGen): void {
  const { S } = c;
  const name = c.nm('ListIDs|', 'IDs|', 'ListIDs|Sorted', 'CollectIDs|');
  c.record('list', name);
  c.b.code(`
// ${name} returns the sorted IDs of the ${S.pw} matching filter.
${c.head(name, `ctx context.Context, filter ${S.P}Filter`, '([]string, error)', true)}
  items, err := ${c.dep}.List(ctx, filter)
  if err != nil {
    return nil, fmt.Errorf("list ${S.pw}: %w", err)
  }
  ids := make([]string, 0, len(items))
  for _, it := range items {
    ids = append(ids, it.ID)
  }
  sort.Strings(ids)
  return ids, nil
}
`);
}

function uExpire(c: FileGen): void {
  const { S } = c;
  const name = c.nm('ExpireStale|', 'Expire|', 'ArchiveOld|', 'Sweep|', 'Expire|Pending');
  c.b.code(`
// ${name} marks ${S.pw} that were not updated within olderThan as expired.
${c.head(name, 'ctx context.Context, olderThan time.Duration', '([]string, error)', true)}
  now := time.Now().UTC()
  cutoff := now.Add(-olderThan)
  items, err := ${c.dep}.List(ctx, ${S.P}Filter{Status: "pending"})
  if err != nil {
    return nil, fmt.Errorf("expire ${S.pw}: %w", err)
  }
  var expired []string
  for _, it := range items {
    if it.UpdatedAt.After(cutoff) {
      continue
    }
    it.Status = "expired"
    it.UpdatedAt = now
    if err := ${c.dep}.Save(ctx, it); err != nil {
      return expired, fmt.Errorf("expire ${S.w} %s: %w", it.ID, err)
    }
    expired = append(expired, it.ID)
  }
  return expired, nil
}
`);
}

function uGroup(c: FileGen): void {
  const { S } = c;
  const name = c.nm('GroupByOwner|', 'ByOwner|', 'Partition|', 'GroupByStatus|');
  const key = name.includes('Status') ? 'Status' : 'OwnerID';
  c.b.code(`
// ${name} loads the ${S.pw} matching filter grouped by ${key === 'Status' ? 'status' : 'owner'}.
${c.head(name, `ctx context.Context, filter ${S.P}Filter`, `(map[string][]*${S.P}, error)`, true)}
  items, err := ${c.dep}.List(ctx, filter)
  if err != nil {
    return nil, fmt.Errorf("group ${S.pw}: %w", err)
  }
  groups := make(map[string][]*${S.P})
  for _, it := range items {
    k := it.${key}
    if k == "" {
      k = "unassigned"
    }
    groups[k] = append(groups[k], it)
  }
  return groups, nil
}
`);
}

function uDeleteMany(c: FileGen): void {
  const { S } = c;
  const name = c.nm('DeleteMany|', 'Purge|', 'RemoveAll|', 'Delete|Batch');
  const del = c.layer === 'repository' ? 'r.Delete' : c.layer === 'model' ? 'src.Save' : c.dep + '.Delete';
  const arg = c.layer === 'model' ? `&${S.P}{ID: id, Status: "archived"}` : 'id';
  c.b.code(`
// ${name} deletes every listed ${S.w}, continuing past failures.
${c.head(name, 'ctx context.Context, ids []string', 'error', true)}
  var errs []error
  for _, id := range ids {
    if err := ctx.Err(); err != nil {
      return err
    }
    if err := ${del}(ctx, ${arg}); err != nil && !errors.Is(err, ${c.notFound}) {
      errs = append(errs, fmt.Errorf("delete %s: %w", id, err))
    }
  }
  return errors.Join(errs...)
}
`);
}

function uClient(c: FileGen): void {
  const { S } = c;
  const ctor = c.pn('new' + c.pascalKey + 'Client', 'new' + c.T + 'Client');
  const name = c.nm('Publish|', 'Push|', 'Forward|', 'Notify|', 'Publish|Remote');
  c.b.code(`
// ${ctor} returns the HTTP client used to reach the ${c.topic.w} endpoint.
func ${ctor}() *http.Client {
  transport := &http.Transport{
    MaxIdleConns:        ${c.r.pick([50, 100, 200])},
    MaxIdleConnsPerHost: ${c.r.pick([4, 10, 16])},
    IdleConnTimeout:     90 * time.Second,
  }
  return &http.Client{
    Transport: transport,
    Timeout:   ${c.r.pick([5, 10, 15, 30])} * time.Second,
  }
}

// ${name} sends ${c.v} to endpoint as JSON.
${c.head(name, `ctx context.Context, client *http.Client, endpoint string, ${c.v} *${S.P}`, 'error')}
  body, err := json.Marshal(${c.v})
  if err != nil {
    return fmt.Errorf("encode ${S.w}: %w", err)
  }
  req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
  if err != nil {
    return fmt.Errorf("build request: %w", err)
  }
  req.Header.Set("Content-Type", "application/json")
  resp, err := client.Do(req)
  if err != nil {
    return fmt.Errorf("post ${S.w} %s: %w", ${c.v}.ID, err)
  }
  defer resp.Body.Close()
  if resp.StatusCode >= 300 {
    msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
    return fmt.Errorf("post ${S.w} %s: status %d: %s", ${c.v}.ID, resp.StatusCode, msg)
  }
  return nil
}
`);
}

function uPage(c: FileGen): void {
  const { S } = c;
  const name = c.nm('ListAll|', 'Each|', 'Walk|', 'Scan|All');
  const page = c.r.pick([100, 200, 250, 500]);
  c.b.code(`
// ${name} pages through every ${S.w} matching filter and calls fn for each one.
${c.head(name, `ctx context.Context, filter ${S.P}Filter, fn func(*${S.P}) error`, 'error', true)}
  filter.Limit = ${page}
  filter.Offset = 0
  for {
    items, err := ${c.dep}.List(ctx, filter)
    if err != nil {
      return fmt.Errorf("list ${S.pw} at offset %d: %w", filter.Offset, err)
    }
    for _, it := range items {
      if err := fn(it); err != nil {
        return err
      }
    }
    if len(items) < filter.Limit {
      return nil
    }
    filter.Offset += len(items)
  }
}
`);
}

function uMerge(c: FileGen): void {
  const { S } = c;
  const strs = c.fields.filter((f) => f.kind === 'str' && f.name !== 'ID' && f.name !== 'Status');
  const lines: string[] = [];
  for (const f of strs.slice(0, 4)) {
    lines.push(`if patch.${f.name} != "" && patch.${f.name} != cur.${f.name} {`, `  cur.${f.name} = patch.${f.name}`, '  changed = true', '}');
  }
  const name = c.nm('Patch|', 'Merge|', 'Apply|Patch', 'Update|');
  c.record('patch', name);
  c.b.code(`
// ${name} applies the non-empty fields of patch to the stored ${S.w}.
${c.head(name, `ctx context.Context, id string, patch ${S.P}`, `(*${S.P}, bool, error)`, true)}
  cur, err := ${c.dep}.Get(ctx, id)
  if err != nil {
    return nil, false, fmt.Errorf("patch ${S.w} %s: %w", id, err)
  }
  changed := false
${ind(lines, 1)}
  if !changed {
    return cur, false, nil
  }
  if err := cur.Validate(); err != nil {
    return nil, false, err
  }
  cur.UpdatedAt = time.Now().UTC()
  if err := ${c.dep}.Save(ctx, cur); err != nil {
    return nil, false, fmt.Errorf("save ${S.w} %s: %w", id, err)
  }
  return cur, true, nil
}
`);
}

function uEvents(c: FileGen): void {
  const { S } = c;
  const ev = c.pn(c.pascalKey + 'Event', c.T + 'Event');
  const pub = c.pn(lcFirst(c.pascalKey) + 'Publisher', lcFirst(c.T) + 'Publisher');
  const name = c.nm('Emit|', 'Announce|', 'Broadcast|', 'Emit|Event');
  c.b.code(`
// ${ev} describes a change to a ${S.w}.
type ${ev} struct {
  ID         string
  Kind       string
  OccurredAt time.Time
}

// ${pub} fans events out to subscribers without blocking the caller.
type ${pub} struct {
  events  chan ${ev}
  dropped int
}

// ${name} queues an event for ${c.v} unless the buffer is full.
func (p *${pub}) ${name}(ctx context.Context, ${c.v} *${S.P}, kind string) bool {
  ev := ${ev}{ID: ${c.v}.ID, Kind: kind, OccurredAt: time.Now().UTC()}
  select {
  case p.events <- ev:
    return true
  case <-ctx.Done():
    return false
  default:
    p.dropped++
    return false
  }
}
`);
}

// ---------------------------------------------------------------------------
// Repository units

function rGet(c: FileGen): void {
  const { S } = c;
  const cols = S.c + 'Columns';
  const scan = 'scan' + S.P;
  const name = c.nm('Get|', 'FindByID|', 'Get|ByID', 'Load|');
  c.record('get', name);
  c.b.code(`
// ${name} loads one ${S.w} by ID.
func (r *${c.T}) ${name}(ctx context.Context, id string) (*${S.P}, error) {
  query := "SELECT " + ${cols} + " FROM " + r.table + " WHERE id = $1"
  ${c.v}, err := ${scan}(r.db.QueryRowContext(ctx, query, id))
  if errors.Is(err, sql.ErrNoRows) {
    return nil, ${c.notFound}
  }
  if err != nil {
    return nil, fmt.Errorf("select ${S.w} %s: %w", id, err)
  }
  return ${c.v}, nil
}
`);
}

function rList(c: FileGen): void {
  const { S } = c;
  const name = c.nm('List|', 'Find|', 'Search|', 'List|Filtered');
  c.record('list', name);
  c.b.code(`
// ${name} returns the ${S.pw} matching f, newest first.
func (r *${c.T}) ${name}(ctx context.Context, f ${S.P}Filter) ([]*${S.P}, error) {
  var (
    sb   strings.Builder
    args []any
  )
  sb.WriteString("SELECT ")
  sb.WriteString(${S.c}Columns)
  sb.WriteString(" FROM ")
  sb.WriteString(r.table)
  sb.WriteString(" WHERE 1=1")
  if f.Status != "" {
    args = append(args, f.Status)
    fmt.Fprintf(&sb, " AND status = $%d", len(args))
  }
  if f.OwnerID != "" {
    args = append(args, f.OwnerID)
    fmt.Fprintf(&sb, " AND owner_id = $%d", len(args))
  }
  if !f.Since.IsZero() {
    args = append(args, f.Since)
    fmt.Fprintf(&sb, " AND updated_at >= $%d", len(args))
  }
  sb.WriteString(" ORDER BY created_at DESC")
  if f.Limit > 0 {
    args = append(args, f.Limit, f.Offset)
    fmt.Fprintf(&sb, " LIMIT $%d OFFSET $%d", len(args)-1, len(args))
  }
  rows, err := r.db.QueryContext(ctx, sb.String(), args...)
  if err != nil {
    return nil, fmt.Errorf("list ${S.pw}: %w", err)
  }
  defer rows.Close()
  var out []*${S.P}
  for rows.Next() {
    ${c.v}, err := scan${S.P}(rows)
    if err != nil {
      return nil, fmt.Errorf("scan ${S.w}: %w", err)
    }
    out = append(out, ${c.v})
  }
  if err := rows.Err(); err != nil {
    return nil, fmt.Errorf("iterate ${S.pw}: %w", err)
  }
  return out, nil
}
`);
}

function rInsert(c: FileGen): void {
  const { S } = c;
  const sc = c.fields.filter(scalar);
  const ph = sc.map((_, i) => '$' + String(i + 1)).join(', ');
  const args = sc.map((f) => `${c.v}.${f.name}`).join(', ');
  const upsert = c.canonical || c.r.chance(0.5);
  const name = upsert ? c.nm('Save|', 'Upsert|', 'Put|') : c.nm('Insert|', 'Create|', 'Add|');
  c.record('save', name);
  const conflict = upsert
    ? ` ON CONFLICT (id) DO UPDATE SET ${sc
        .filter((f) => f.name !== 'ID' && f.name !== 'CreatedAt')
        .slice(0, 4)
        .map((f) => `${f.col} = EXCLUDED.${f.col}`)
        .join(', ')}`
    : '';
  c.b.code(`
// ${name} writes ${c.v} to the table.
func (r *${c.T}) ${name}(ctx context.Context, ${c.v} *${S.P}) error {
  query := "INSERT INTO " + r.table + " (" + ${S.c}Columns + ") VALUES (${ph})${conflict}"
  if _, err := r.db.ExecContext(ctx, query, ${args}); err != nil {
    return fmt.Errorf("insert ${S.w} %s: %w", ${c.v}.ID, err)
  }
  return nil
}
`);
}

function rUpdate(c: FileGen): void {
  const { S } = c;
  const name = c.nm('UpdateStatus|', 'SetStatus|', 'MarkStatus|', 'Update|Status');
  c.b.code(`
// ${name} changes the status of a ${S.w} if its version still matches.
func (r *${c.T}) ${name}(ctx context.Context, id, status string, version int) error {
  query := "UPDATE " + r.table + " SET status = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4"
  res, err := r.db.ExecContext(ctx, query, status, time.Now().UTC(), id, version)
  if err != nil {
    return fmt.Errorf("update ${S.w} %s: %w", id, err)
  }
  n, err := res.RowsAffected()
  if err != nil {
    return fmt.Errorf("update ${S.w} %s: rows affected: %w", id, err)
  }
  if n == 0 {
    return ${c.conflict}
  }
  return nil
}
`);
}

function rDelete(c: FileGen): void {
  const { S } = c;
  const name = c.nm('Delete|', 'Remove|', 'Delete|ByID');
  c.b.code(`
// ${name} removes a ${S.w}; removing a missing row reports ${c.notFound}.
func (r *${c.T}) ${name}(ctx context.Context, id string) error {
  res, err := r.db.ExecContext(ctx, "DELETE FROM "+r.table+" WHERE id = $1", id)
  if err != nil {
    return fmt.Errorf("delete ${S.w} %s: %w", id, err)
  }
  n, err := res.RowsAffected()
  if err != nil {
    return fmt.Errorf("delete ${S.w} %s: %w", id, err)
  }
  if n == 0 {
    return ${c.notFound}
  }
  r.logger.DebugContext(ctx, "${S.w} deleted", "id", id)
  return nil
}
`);
}

function rCount(c: FileGen): void {
  const { S } = c;
  const name = c.nm('Count|', 'CountByStatus|', 'Count|Status');
  c.b.code(`
// ${name} returns how many ${S.pw} have the given status.
func (r *${c.T}) ${name}(ctx context.Context, status string) (int, error) {
  var n int
  row := r.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+r.table+" WHERE status = $1", status)
  if err := row.Scan(&n); err != nil {
    return 0, fmt.Errorf("count ${S.pw}: %w", err)
  }
  return n, nil
}
`);
}

function rTx(c: FileGen): void {
  const { S } = c;
  const name = c.nm('SaveAll|', 'UpdateAll|', 'Replace|All', 'Apply|Batch');
  c.b.code(`
// ${name} updates the status of every ${S.w} in one transaction.
func (r *${c.T}) ${name}(ctx context.Context, db txBeginner, items []*${S.P}) (err error) {
  tx, err := db.BeginTx(ctx, nil)
  if err != nil {
    return fmt.Errorf("begin: %w", err)
  }
  defer func() {
    if err == nil {
      return
    }
    if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
      err = errors.Join(err, rbErr)
    }
  }()
  stmt, err := tx.PrepareContext(ctx, "UPDATE "+r.table+" SET status = $1, updated_at = $2 WHERE id = $3")
  if err != nil {
    return fmt.Errorf("prepare: %w", err)
  }
  defer stmt.Close()
  now := time.Now().UTC()
  for _, it := range items {
    if _, err := stmt.ExecContext(ctx, it.Status, now, it.ID); err != nil {
      return fmt.Errorf("update ${S.w} %s: %w", it.ID, err)
    }
  }
  if err := tx.Commit(); err != nil {
    return fmt.Errorf("commit: %w", err)
  }
  return nil
}
`);
}

function rStream(c: FileGen): void {
  const { S } = c;
  const name = c.nm('StreamSince|', 'EachSince|', 'ChangedSince|', 'Stream|Updated');
  c.b.code(`
// ${name} calls fn for each ${S.w} updated after since, oldest first.
func (r *${c.T}) ${name}(ctx context.Context, since time.Time, fn func(*${S.P}) error) error {
  rows, err := r.db.QueryContext(ctx, "SELECT "+${S.c}Columns+" FROM "+r.table+" WHERE updated_at > $1 ORDER BY updated_at", since)
  if err != nil {
    return fmt.Errorf("stream ${S.pw}: %w", err)
  }
  defer rows.Close()
  n := 0
  for rows.Next() {
    ${c.v}, err := scan${S.P}(rows)
    if err != nil {
      return fmt.Errorf("scan ${S.w}: %w", err)
    }
    if err := fn(${c.v}); err != nil {
      return err
    }
    n++
  }
  if err := rows.Err(); err != nil {
    return fmt.Errorf("stream ${S.pw} after %d rows: %w", n, err)
  }
  return nil
}
`);
}

function rExists(c: FileGen): void {
  const { S } = c;
  const name = c.nm('Exists|', 'Has|', 'Exists|ByName');
  const byName = name.endsWith('ByName');
  c.b.code(`
// ${name} reports whether a ${S.w} with the given ${byName ? 'name' : 'ID'} exists.
func (r *${c.T}) ${name}(ctx context.Context, ${byName ? 'name' : 'id'} string) (bool, error) {
  var exists bool
  query := "SELECT EXISTS (SELECT 1 FROM " + r.table + " WHERE ${byName ? 'name' : 'id'} = $1)"
  if err := r.db.QueryRowContext(ctx, query, ${byName ? 'name' : 'id'}).Scan(&exists); err != nil {
    return false, fmt.Errorf("check ${S.w}: %w", err)
  }
  return exists, nil
}
`);
}

// ---------------------------------------------------------------------------
// Handler units

function hGet(c: FileGen): void {
  const { S } = c;
  const name = c.nm('handleGet|', 'handleShow|', 'handleGet|ByID', 'handleFetch|');
  c.record('handleGet', name);
  c.handles.push({ path: routePath(c, 'get'), method: 'GET', name });
  c.b.code(`
func (h *${c.T}) ${name}(w http.ResponseWriter, r *http.Request) {
  id := r.URL.Query().Get("id")
  if id == "" {
    writeError(w, http.StatusBadRequest, "missing id")
    return
  }
  ${c.v}, err := h.svc.Get(r.Context(), id)
  if err != nil {
    switch {
    case errors.Is(err, ${c.notFound}):
      writeError(w, http.StatusNotFound, "${S.w} not found")
    case errors.Is(err, context.DeadlineExceeded):
      writeError(w, http.StatusGatewayTimeout, "timed out")
    default:
      h.logger.ErrorContext(r.Context(), "get ${S.w}", "id", id, "error", err)
      writeError(w, http.StatusInternalServerError, "internal error")
    }
    return
  }
  writeJSON(w, http.StatusOK, ${c.v})
}
`);
}

function hCreate(c: FileGen): void {
  const { S } = c;
  c.need('ValidationError');
  const name = c.nm('handleCreate|', 'handleSubmit|', 'handlePost|', 'handleCreate|Draft');
  c.record('handleCreate', name);
  c.handles.push({ path: routePath(c, 'create'), method: 'POST', name });
  c.b.code(`
func (h *${c.T}) ${name}(w http.ResponseWriter, r *http.Request) {
  if r.Method != http.MethodPost {
    w.Header().Set("Allow", http.MethodPost)
    writeError(w, http.StatusMethodNotAllowed, "method not allowed")
    return
  }
  var in ${S.P}
  if err := decodeJSON(w, r, &in); err != nil {
    writeError(w, http.StatusBadRequest, err.Error())
    return
  }
  now := time.Now().UTC()
  in.CreatedAt = now
  in.UpdatedAt = now
  if err := h.svc.Save(r.Context(), &in); err != nil {
    var verr *ValidationError
    switch {
    case errors.As(err, &verr):
      writeError(w, http.StatusUnprocessableEntity, verr.Error())
    case errors.Is(err, ${c.conflict}):
      writeError(w, http.StatusConflict, "${S.w} already exists")
    default:
      h.logger.ErrorContext(r.Context(), "create ${S.w}", "error", err)
      writeError(w, http.StatusInternalServerError, "internal error")
    }
    return
  }
  w.Header().Set("Location", "${routePath(c, '')}/"+in.ID)
  writeJSON(w, http.StatusCreated, &in)
}
`);
}

function hList(c: FileGen): void {
  const { S } = c;
  const name = c.nm('handleList|', 'handleIndex|', 'handleSearch|', 'handleList|Page');
  c.record('handleList', name);
  c.handles.push({ path: routePath(c, ''), method: 'GET', name });
  c.b.code(`
func (h *${c.T}) ${name}(w http.ResponseWriter, r *http.Request) {
  q := r.URL.Query()
  limit, err := parseIntParam(q.Get("limit"), ${c.r.pick([20, 25, 50, 100])})
  if err != nil {
    writeError(w, http.StatusBadRequest, "invalid limit")
    return
  }
  offset, err := parseIntParam(q.Get("offset"), 0)
  if err != nil {
    writeError(w, http.StatusBadRequest, "invalid offset")
    return
  }
  filter := ${S.P}Filter{
    Status:  q.Get("status"),
    OwnerID: q.Get("owner_id"),
    Limit:   limit,
    Offset:  offset,
  }
  if raw := q.Get("since"); raw != "" {
    since, err := time.Parse(time.RFC3339, raw)
    if err != nil {
      writeError(w, http.StatusBadRequest, "since must be RFC 3339")
      return
    }
    filter.Since = since
  }
  items, err := h.svc.List(r.Context(), filter)
  if err != nil {
    h.logger.ErrorContext(r.Context(), "list ${S.pw}", "error", err)
    writeError(w, http.StatusInternalServerError, "internal error")
    return
  }
  writeJSON(w, http.StatusOK, map[string]any{
    "items":  items,
    "count":  len(items),
    "offset": offset,
  })
}
`);
}

function hDelete(c: FileGen): void {
  const { S } = c;
  const name = c.nm('handleDelete|', 'handleRemove|', 'handleDelete|ByID');
  c.handles.push({ path: routePath(c, 'delete'), method: 'DELETE', name });
  c.b.code(`
func (h *${c.T}) ${name}(w http.ResponseWriter, r *http.Request) {
  if r.Method != http.MethodDelete {
    w.Header().Set("Allow", http.MethodDelete)
    writeError(w, http.StatusMethodNotAllowed, "method not allowed")
    return
  }
  id := r.URL.Query().Get("id")
  if id == "" {
    writeError(w, http.StatusBadRequest, "missing id")
    return
  }
  err := h.svc.Delete(r.Context(), id)
  switch {
  case err == nil:
    w.WriteHeader(http.StatusNoContent)
  case errors.Is(err, ${c.notFound}):
    writeError(w, http.StatusNotFound, "${S.w} not found")
  default:
    h.logger.ErrorContext(r.Context(), "delete ${S.w}", "id", id, "error", err)
    writeError(w, http.StatusInternalServerError, "internal error")
  }
}
`);
}

function hMiddleware(c: FileGen): void {
  const key = c.pn(c.camelKey + 'RequestIDKey', lcFirst(c.T) + 'RequestIDKey');
  const name = c.nm('withRequestID|', 'requestID|Middleware', 'tagRequests|');
  c.b.code(`
// ${key} is the context key for the request ID.
type ${key} struct{}

// ${name} makes sure every request carries an ID in its context and response.
func (h *${c.T}) ${name}(next http.Handler) http.Handler {
  return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
    id := r.Header.Get("X-Request-ID")
    if id == "" {
      id = strconv.FormatInt(time.Now().UnixNano(), 36)
    }
    ctx := context.WithValue(r.Context(), ${key}{}, id)
    w.Header().Set("X-Request-ID", id)
    next.ServeHTTP(w, r.WithContext(ctx))
  })
}
`);
}

function hRecover(c: FileGen): void {
  const name = c.nm('recoverer|', 'withRecover|', 'logRequests|');
  c.b.code(`
// ${name} logs each request and turns panics into 500 responses.
func (h *${c.T}) ${name}(next http.Handler) http.Handler {
  return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
    start := time.Now()
    defer func() {
      if rec := recover(); rec != nil {
        h.logger.ErrorContext(r.Context(), "panic serving request", "path", r.URL.Path, "panic", rec)
        writeError(w, http.StatusInternalServerError, "internal error")
        return
      }
      h.logger.DebugContext(r.Context(), "request served", "path", r.URL.Path, "elapsed", time.Since(start))
    }()
    next.ServeHTTP(w, r)
  })
}
`);
}

function hServer(c: FileGen): void {
  const name = c.nm('Server|', 'NewServer|', 'HTTPServer|');
  c.b.code(`
// ${name} returns an HTTP server exposing the ${c.T} routes.
func (h *${c.T}) ${name}(addr string) *http.Server {
  mux := http.NewServeMux()
  h.Register(mux)
  return &http.Server{
    Addr:              addr,
    Handler:           mux,
    ReadHeaderTimeout: ${c.r.pick([5, 10])} * time.Second,
    ReadTimeout:       ${c.r.pick([15, 30])} * time.Second,
    WriteTimeout:      ${c.r.pick([30, 60])} * time.Second,
    IdleTimeout:       ${c.r.pick([60, 120])} * time.Second,
  }
}
`);
}

function hExportCSV(c: FileGen): void {
  const { S } = c;
  const name = c.nm('handleExportCSV|', 'handleCSV|', 'handleDownload|');
  c.handles.push({ path: routePath(c, 'csv'), method: 'GET', name });
  const cols = c.fields.filter((f) => f.kind !== 'slice' && f.kind !== 'map').slice(0, 6);
  const header = cols.map((f) => `"${f.col}"`).join(', ');
  const vals = cols
    .map((f) => {
      switch (f.kind) {
        case 'int':
          return f.type === 'int64' ? `strconv.FormatInt(it.${f.name}, 10)` : `strconv.Itoa(it.${f.name})`;
        case 'float':
          return `strconv.FormatFloat(it.${f.name}, 'f', 2, 64)`;
        case 'time':
          return `it.${f.name}.Format(time.RFC3339)`;
        case 'bool':
          return `strconv.FormatBool(it.${f.name})`;
        default:
          return `it.${f.name}`;
      }
    })
    .join(', ');
  c.b.code(`
func (h *${c.T}) ${name}(w http.ResponseWriter, r *http.Request) {
  items, err := h.svc.List(r.Context(), ${S.P}Filter{Status: r.URL.Query().Get("status")})
  if err != nil {
    h.logger.ErrorContext(r.Context(), "export ${S.pw}", "error", err)
    writeError(w, http.StatusInternalServerError, "internal error")
    return
  }
  w.Header().Set("Content-Type", "text/csv")
  w.Header().Set("Content-Disposition", "attachment; filename=${S.snake}s.csv")
  cw := csv.NewWriter(w)
  if err := cw.Write([]string{${header}}); err != nil {
    h.logger.ErrorContext(r.Context(), "write csv header", "error", err)
    return
  }
  for _, it := range items {
    record := []string{${vals}}
    if err := cw.Write(record); err != nil {
      h.logger.ErrorContext(r.Context(), "write csv row", "id", it.ID, "error", err)
      return
    }
  }
  cw.Flush()
  if err := cw.Error(); err != nil {
    h.logger.ErrorContext(r.Context(), "flush csv", "error", err)
  }
}
`);
}

function hBatch(c: FileGen): void {
  const { S } = c;
  const name = c.nm('handleBatch|', 'handleBulk|', 'handleBatch|Status');
  c.handles.push({ path: routePath(c, 'batch'), method: 'POST', name });
  const req = c.pn(c.camelKey + 'BatchRequest', lcFirst(c.T) + 'BatchRequest');
  c.b.code(`
// ${req} is the body of a batch status change.
type ${req} struct {
  IDs    []string \`json:"ids"\`
  Status string   \`json:"status"\`
}

func (h *${c.T}) ${name}(w http.ResponseWriter, r *http.Request) {
  var req ${req}
  if err := decodeJSON(w, r, &req); err != nil {
    writeError(w, http.StatusBadRequest, err.Error())
    return
  }
  if len(req.IDs) == 0 || len(req.IDs) > ${c.r.pick([100, 250, 500, 1000])} {
    writeError(w, http.StatusBadRequest, "ids must hold between 1 and the batch limit of entries")
    return
  }
  results := make(map[string]string, len(req.IDs))
  for _, id := range req.IDs {
    ${c.v}, err := h.svc.Get(r.Context(), id)
    if errors.Is(err, ${c.notFound}) {
      results[id] = "not_found"
      continue
    }
    if err != nil {
      h.logger.WarnContext(r.Context(), "batch get ${S.w}", "id", id, "error", err)
      results[id] = "error"
      continue
    }
    ${c.v}.Status = req.Status
    if err := h.svc.Save(r.Context(), ${c.v}); err != nil {
      results[id] = "error"
      continue
    }
    results[id] = "ok"
  }
  writeJSON(w, http.StatusOK, results)
}
`);
}

// ---------------------------------------------------------------------------
// Model units (functions over the file's main type T)

function mFieldsOf(c: FileGen): Field[] {
  return c.pkg.entities.get(c.T) ?? c.fields;
}

function mOptions(c: FileGen): void {
  const T = c.T;
  const fs = mFieldsOf(c).filter((f) => f.kind === 'str' && f.name !== 'ID').slice(0, 3);
  const opt = c.pn(T + 'Option');
  const ctor = c.pn('New' + T);
  const withs = fs
    .map((f) => {
      const fn = c.pn('With' + T + f.name, 'With' + f.name);
      return `
// ${fn} sets the ${snake(f.name).replace(/_/g, ' ')}.
func ${fn}(v string) ${opt} {
  return func(x *${T}) {
    x.${f.name} = v
  }
}`;
    })
    .join('\n');
  c.b.code(`
// ${opt} configures a ${T} built by ${ctor}.
type ${opt} func(*${T})
${withs}

// ${ctor} returns a pending ${T} with the given ID.
func ${ctor}(id string, opts ...${opt}) *${T} {
  now := time.Now().UTC()
  x := &${T}{ID: id, Status: "pending", CreatedAt: now, UpdatedAt: now}
  for _, opt := range opts {
    opt(x)
  }
  return x
}
`);
}

function mState(c: FileGen): void {
  const T = c.T;
  const st = c.pn(T + 'State');
  c.stateType = st;
  c.info.hasState = c.info.hasState || st;
  const states = ['Pending', ...c.r.sample(['Running', 'Queued', 'Active', 'Blocked', 'Paused', 'Review'], 2), 'Done', 'Failed'];
  const names = [st + 'Unknown', ...states.map((s) => st + s)];
  for (const n of names) c.pkg.names.add(n);
  const parse = c.pn('Parse' + st);
  const constRows = al([[names[0] as string, st, '= iota'], ...names.slice(1).map((n) => [n])]);
  c.b.code(`
// ${st} is the lifecycle state of a ${T}.
type ${st} int

const (
${ind(constRows, 1)}
)

// String returns the lower-case name of the state.
func (s ${st}) String() string {
  switch s {
${ind(
  states.flatMap((s) => [`case ${st}${s}:`, `  return "${s.toLowerCase()}"`]),
  1,
)}
  default:
    return "unknown"
  }
}

// ${parse} parses the name of a state, ignoring case.
func ${parse}(v string) (${st}, error) {
  switch strings.ToLower(strings.TrimSpace(v)) {
${ind(
  states.flatMap((s) => [`case "${s.toLowerCase()}":`, `  return ${st}${s}, nil`]),
  1,
)}
  }
  return ${st}Unknown, fmt.Errorf("unknown ${splitWords(T).join(' ').toLowerCase()} state %q", v)
}

// MarshalText implements encoding.TextMarshaler.
func (s ${st}) MarshalText() ([]byte, error) {
  return []byte(s.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *${st}) UnmarshalText(b []byte) error {
  v, err := ${parse}(string(b))
  if err != nil {
    return err
  }
  *s = v
  return nil
}

// Terminal reports whether no further transitions are possible.
func (s ${st}) Terminal() bool {
  return s == ${st}Done || s == ${st}Failed
}
`);
}

function mClone(c: FileGen): void {
  const T = c.T;
  const rv = T.charAt(0).toLowerCase();
  const fs = mFieldsOf(c);
  const lines: string[] = [];
  for (const f of fs) {
    if (f.kind === 'slice') lines.push(`if ${rv}.${f.name} != nil {`, `  cp.${f.name} = make(${f.type}, len(${rv}.${f.name}))`, `  copy(cp.${f.name}, ${rv}.${f.name})`, '}');
    if (f.kind === 'map') lines.push(`if ${rv}.${f.name} != nil {`, `  cp.${f.name} = make(${f.type}, len(${rv}.${f.name}))`, `  for key, val := range ${rv}.${f.name} {`, `    cp.${f.name}[key] = val`, '  }', '}');
  }
  c.b.code(`
// Clone returns a deep copy of ${rv}.
func (${rv} *${T}) Clone() *${T} {
  if ${rv} == nil {
    return nil
  }
  cp := *${rv}
${ind(lines, 1)}
  return &cp
}
`);
}

function mValidateT(c: FileGen): void {
  const T = c.T;
  const rv = T.charAt(0).toLowerCase();
  c.need('ValidationError');
  const fs = mFieldsOf(c);
  const lines: string[] = [];
  for (const f of fs) {
    if (f.name === 'ID' || f.name === 'Status' || f.name === 'CreatedAt') continue;
    if (f.kind === 'str' && f.name.endsWith('ID')) {
      lines.push(`if ${rv}.${f.name} != "" && !isValid${T}ID(${rv}.${f.name}) {`, `  return &ValidationError{Field: "${f.col}", Err: fmt.Errorf("malformed id %q", ${rv}.${f.name})}`, '}');
    } else if (f.kind === 'int' || f.kind === 'float') {
      lines.push(`if ${rv}.${f.name} < 0 {`, `  return &ValidationError{Field: "${f.col}", Err: errors.New("must not be negative")}`, '}');
    } else if (f.kind === 'time' && f.name !== 'UpdatedAt') {
      lines.push(`if !${rv}.${f.name}.IsZero() && ${rv}.${f.name}.Before(${rv}.CreatedAt) {`, `  return &ValidationError{Field: "${f.col}", Err: errors.New("before creation time")}`, '}');
    } else if (f.kind === 'slice') {
      lines.push(`for idx, val := range ${rv}.${f.name} {`, '  if strings.TrimSpace(val) == "" {', `    return &ValidationError{Field: "${f.col}", Err: fmt.Errorf("entry %d is empty", idx)}`, '  }', '}');
    }
  }
  const idf = c.pn('isValid' + T + 'ID');
  const minLen = c.r.int(3, 8);
  c.b.code(`
// Check reports the first problem with ${rv}, if any.
func (${rv} *${T}) Check() error {
  if strings.TrimSpace(${rv}.ID) == "" {
    return &ValidationError{Field: "id", Err: errors.New("required")}
  }
${ind(lines, 1)}
  return nil
}

// ${idf} reports whether s looks like an identifier issued by this service.
func ${idf}(s string) bool {
  if len(s) < ${minLen} || len(s) > 64 {
    return false
  }
  for _, r := range s {
    switch {
    case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
    case r == '-' || r == '_':
    default:
      return false
    }
  }
  return true
}
`);
}

function mSummary(c: FileGen): void {
  const T = c.T;
  const sm = c.pn(T + 'Summary', T + 'Brief');
  const fn = c.pn('Summarize' + T + 's', 'Brief' + T + 's');
  const fs = mFieldsOf(c)
    .filter((f) => f.kind === 'str')
    .slice(0, c.r.int(2, 4));
  if (!fs.some((f) => f.name === 'Status')) fs.push({ name: 'Status', type: 'string', kind: 'str', col: 'status', omit: false });
  c.b.code(`
// ${sm} is the compact form of a ${T} used in listings.
type ${sm} struct {
${ind(al(fs.map((f) => [f.name, 'string', '`json:"' + f.col + '"`'])), 1)}
}

// ${fn} converts items to summaries, preserving order.
func ${fn}(items []*${T}) []${sm} {
  out := make([]${sm}, 0, len(items))
  for _, it := range items {
    out = append(out, ${sm}{${fs.map((f) => `${f.name}: it.${f.name}`).join(', ')}})
  }
  return out
}
`);
}

function mSort(c: FileGen): void {
  const T = c.T;
  const fs = mFieldsOf(c).filter((f) => f.kind !== 'slice' && f.kind !== 'map' && f.kind !== 'bool');
  const f = c.r.pick(fs);
  const fn = c.pn('Sort' + T + 'sBy' + f.name, 'Order' + T + 'sBy' + f.name);
  const less = f.kind === 'time' ? `items[i].${f.name}.Before(items[j].${f.name})` : `items[i].${f.name} < items[j].${f.name}`;
  c.b.code(`
// ${fn} sorts items by ${snake(f.name).replace(/_/g, ' ')}, breaking ties by ID.
func ${fn}(items []*${T}) {
  sort.SliceStable(items, func(i, j int) bool {
    if items[i].${f.name} == items[j].${f.name} {
      return items[i].ID < items[j].ID
    }
    return ${less}
  })
}
`);
}

function mFilter(c: FileGen): void {
  const T = c.T;
  const fs = mFieldsOf(c).filter((f) => f.kind === 'str' && f.name !== 'ID');
  const f = c.r.pick(fs);
  const fn = c.pn('Filter' + T + 'sBy' + f.name, 'Select' + T + 'sBy' + f.name, 'Pick' + T + 'sBy' + f.name);
  c.b.code(`
// ${fn} returns the items whose ${snake(f.name).replace(/_/g, ' ')} is one of want.
func ${fn}(items []*${T}, want ...string) []*${T} {
  if len(want) == 0 {
    return items
  }
  set := make(map[string]struct{}, len(want))
  for _, w := range want {
    set[w] = struct{}{}
  }
  var out []*${T}
  for _, it := range items {
    if _, ok := set[it.${f.name}]; ok {
      out = append(out, it)
    }
  }
  return out
}
`);
}

function mIndex(c: FileGen): void {
  const T = c.T;
  const fs = mFieldsOf(c).filter((f) => f.kind === 'str');
  const f = c.r.pick(fs);
  const fn = c.pn('Index' + T + 'sBy' + f.name, 'Group' + T + 'sBy' + f.name);
  const single = f.name === 'ID';
  c.b.code(
    single
      ? `
// ${fn} indexes items by ID; later duplicates win.
func ${fn}(items []*${T}) map[string]*${T} {
  m := make(map[string]*${T}, len(items))
  for _, it := range items {
    m[it.ID] = it
  }
  return m
}
`
      : `
// ${fn} groups items by ${snake(f.name).replace(/_/g, ' ')}.
func ${fn}(items []*${T}) map[string][]*${T} {
  m := make(map[string][]*${T})
  for _, it := range items {
    m[it.${f.name}] = append(m[it.${f.name}], it)
  }
  return m
}
`,
  );
}

function mTotals(c: FileGen): void {
  const T = c.T;
  const nums = mFieldsOf(c).filter((f) => f.kind === 'int' || f.kind === 'float');
  const tt = c.pn(T + 'Totals');
  const fn = c.pn('Total' + T + 's', 'Sum' + T + 's');
  const rows = [['Count', 'int'], ...nums.map((f) => [f.name, f.type])];
  const adds = nums.map((f) => `t.${f.name} += it.${f.name}`);
  c.b.code(`
// ${tt} aggregates numeric fields over many ${T} values.
type ${tt} struct {
${ind(al(rows), 1)}
}

// ${fn} adds up items, skipping archived ones.
func ${fn}(items []*${T}) ${tt} {
  var t ${tt}
  for _, it := range items {
    if it.Status == "archived" {
      continue
    }
    t.Count++
${ind(adds, 2)}
  }
  return t
}
`);
}

function mDiff(c: FileGen): void {
  const T = c.T;
  const fs = mFieldsOf(c).filter((f) => f.kind !== 'slice' && f.kind !== 'map' && f.name !== 'ID' && f.name !== 'CreatedAt');
  const lines: string[] = [];
  for (const f of fs) {
    if (f.kind === 'time') {
      lines.push(`if !a.${f.name}.Equal(b.${f.name}) {`, `  changes = append(changes, fmt.Sprintf("${f.col}: %s -> %s", a.${f.name}.Format(time.RFC3339), b.${f.name}.Format(time.RFC3339)))`, '}');
    } else {
      const verb = f.kind === 'str' ? '%q' : '%v';
      lines.push(`if a.${f.name} != b.${f.name} {`, `  changes = append(changes, fmt.Sprintf("${f.col}: ${verb} -> ${verb}", a.${f.name}, b.${f.name}))`, '}');
    }
  }
  const fn = c.pn('Diff' + T, 'Compare' + T);
  c.b.code(`
// ${fn} describes the fields that differ between a and b.
func ${fn}(a, b *${T}) []string {
  var changes []string
${ind(lines, 1)}
  return changes
}
`);
}

function mKey(c: FileGen): void {
  const T = c.T;
  const rv = T.charAt(0).toLowerCase();
  const fs = mFieldsOf(c).filter((f) => f.kind === 'str' && f.name !== 'ID');
  const parts = c.r.sample(fs, Math.min(2, fs.length));
  const lines = parts.flatMap((f) => ["sb.WriteByte(':')", `sb.WriteString(${rv}.${f.name})`]);
  c.b.code(`
// CacheKey returns a stable key identifying ${rv} in caches.
func (${rv} *${T}) CacheKey() string {
  var sb strings.Builder
  sb.Grow(${c.r.pick([32, 48, 64])})
  sb.WriteString("${snake(T)}")
${ind(lines, 1)}
  sb.WriteByte(':')
  sb.WriteString(${rv}.ID)
  return sb.String()
}
`);
}

function mParse(c: FileGen): void {
  const T = c.T;
  const fs = mFieldsOf(c);
  const lines: string[] = [];
  for (const f of fs) {
    const k = `"${f.col}"`;
    switch (f.kind) {
      case 'str':
        lines.push(`x.${f.name} = strings.TrimSpace(m[${k}])`);
        break;
      case 'int':
        lines.push(
          `if v, ok := m[${k}]; ok && v != "" {`,
          f.type === 'int64' ? '  n, err := strconv.ParseInt(v, 10, 64)' : '  n, err := strconv.Atoi(v)',
          '  if err != nil {',
          `    return nil, fmt.Errorf("parse ${f.col}: %w", err)`,
          '  }',
          `  x.${f.name} = n`,
          '}',
        );
        break;
      case 'float':
        lines.push(`if v, ok := m[${k}]; ok && v != "" {`, '  n, err := strconv.ParseFloat(v, 64)', '  if err != nil {', `    return nil, fmt.Errorf("parse ${f.col}: %w", err)`, '  }', `  x.${f.name} = n`, '}');
        break;
      case 'bool':
        lines.push(`if v, ok := m[${k}]; ok && v != "" {`, '  b, err := strconv.ParseBool(v)', '  if err != nil {', `    return nil, fmt.Errorf("parse ${f.col}: %w", err)`, '  }', `  x.${f.name} = b`, '}');
        break;
      case 'time':
        lines.push(`if v, ok := m[${k}]; ok && v != "" {`, '  t, err := time.Parse(time.RFC3339, v)', '  if err != nil {', `    return nil, fmt.Errorf("parse ${f.col}: %w", err)`, '  }', `  x.${f.name} = t`, '}');
        break;
      case 'slice':
        lines.push(`if v := m[${k}]; v != "" {`, `  x.${f.name} = strings.Split(v, ",")`, '}');
        break;
      case 'map':
        lines.push(`if v := m[${k}]; v != "" {`, `  x.${f.name} = make(map[string]string)`, '  for _, pair := range strings.Split(v, ",") {', '    k, val, ok := strings.Cut(pair, "=")', '    if !ok {', `      return nil, fmt.Errorf("parse ${f.col}: malformed pair %q", pair)`, '    }', `    x.${f.name}[k] = val`, '  }', '}');
        break;
    }
  }
  const fn = c.pn('Parse' + T + 'Fields', 'Decode' + T + 'Fields');
  c.b.code(`
// ${fn} builds a ${T} from string fields such as form values or CSV columns.
func ${fn}(m map[string]string) (*${T}, error) {
  var x ${T}
${ind(lines, 1)}
  if x.ID == "" {
    return nil, fmt.Errorf("parse ${snake(T).replace(/_/g, ' ')}: missing id")
  }
  return &x, nil
}
`);
}

function mEqual(c: FileGen): void {
  const T = c.T;
  const rv = T.charAt(0).toLowerCase();
  const fs = mFieldsOf(c).filter((f) => f.kind !== 'slice' && f.kind !== 'map' && f.name !== 'UpdatedAt');
  const conds = fs.map((f) => (f.kind === 'time' ? `${rv}.${f.name}.Equal(other.${f.name})` : `${rv}.${f.name} == other.${f.name}`));
  const lines: string[] = [];
  for (let i = 0; i < conds.length; i++) {
    lines.push(`if !(${conds[i]}) {`, '  return false', '}');
  }
  const slices = mFieldsOf(c).filter((f) => f.kind === 'slice');
  for (const f of slices) {
    lines.push(`if len(${rv}.${f.name}) != len(other.${f.name}) {`, '  return false', '}', `for idx := range ${rv}.${f.name} {`, `  if ${rv}.${f.name}[idx] != other.${f.name}[idx] {`, '    return false', '  }', '}');
  }
  c.b.code(`
// Equal reports whether ${rv} and other hold the same values, ignoring UpdatedAt.
func (${rv} *${T}) Equal(other *${T}) bool {
  if ${rv} == nil || other == nil {
    return ${rv} == other
  }
${ind(lines, 1)}
  return true
}
`);
}

// ---------------------------------------------------------------------------
// Anti-pattern units (each holds exactly one catalog anti-pattern)

function apErrorIs(c: FileGen): void {
  const { S } = c;
  if (c.layer === 'repository') {
    const name = c.nm('FindOne|', 'FindOne|ByName', 'LookupByName|');
    c.b.code(`
// ${name} returns the ${S.w} with the given name.
func (r *${c.T}) ${name}(ctx context.Context, name string) (*${S.P}, error) {
  query := "SELECT " + ${S.c}Columns + " FROM " + r.table + " WHERE name = $1 LIMIT 1"
  ${c.v}, err := scan${S.P}(r.db.QueryRowContext(ctx, query, name))
  if err == sql.ErrNoRows {
    return nil, ${c.notFound}
  }
  if err != nil {
    return nil, fmt.Errorf("select ${S.w} by name: %w", err)
  }
  return ${c.v}, nil
}
`);
    return;
  }
  if (c.r.chance(0.35)) {
    const fn = c.pn('decode' + c.pascalKey + 'Stream', 'read' + c.pascalKey + 's');
    c.b.code(`
// ${fn} decodes a stream of JSON ${S.pw}.
func ${fn}(rd io.Reader) ([]*${S.P}, error) {
  dec := json.NewDecoder(rd)
  var out []*${S.P}
  for {
    var item ${S.P}
    err := dec.Decode(&item)
    if err == io.EOF {
      break
    }
    if err != nil {
      return nil, fmt.Errorf("decode ${S.w}: %w", err)
    }
    out = append(out, &item)
  }
  return out, nil
}
`);
    return;
  }
  const name = c.nm('FindOrNil|', 'Find|', 'Maybe|Get', 'GetOptional|');
  c.b.code(`
// ${name} returns the ${S.w}, or nil when it does not exist.
${c.head(name, 'ctx context.Context, id string', `(*${S.P}, error)`, true)}
  ${c.v}, err := ${c.dep}.Get(ctx, id)
  if err == ${c.notFound} {
    return nil, nil
  }
  if err != nil {
    return nil, fmt.Errorf("find ${S.w} %s: %w", id, err)
  }
  return ${c.v}, nil
}
`);
}

function apSwitchErr(c: FileGen): void {
  const { S } = c;
  if (c.layer === 'handler' || c.r.chance(0.5)) {
    const fn = c.pn('statusFor' + c.pascalKey, 'httpStatus' + c.pascalKey);
    c.b.code(`
// ${fn} maps a ${S.w} error to an HTTP status code.
func ${fn}(err error) int {
  switch err {
  case nil:
    return http.StatusOK
  case ${c.notFound}:
    return http.StatusNotFound
  case ${c.conflict}:
    return http.StatusConflict
  case ${c.invalid}:
    return http.StatusBadRequest
  case context.DeadlineExceeded:
    return http.StatusGatewayTimeout
  default:
    return http.StatusInternalServerError
  }
}
`);
    return;
  }
  const fn = c.pn('retryable' + c.pascalKey, 'shouldRetry' + c.pascalKey);
  c.b.code(`
// ${fn} reports whether an operation that failed with err may be retried.
func ${fn}(err error) bool {
  switch err {
  case ${c.notFound}, ${c.invalid}:
    return false
  case context.Canceled:
    return false
  case context.DeadlineExceeded, ${c.conflict}:
    return true
  }
  return err != nil
}
`);
}

function apErrorfV(c: FileGen): void {
  const { S } = c;
  const name = c.nm('Touch|', 'Refresh|', 'Bump|', 'Touch|Updated');
  c.b.code(`
// ${name} reloads a ${S.w} and stores it with a fresh timestamp.
${c.head(name, 'ctx context.Context, id string', 'error', true)}
  ${c.v}, err := ${c.dep}.Get(ctx, id)
  if err != nil {
    return fmt.Errorf("refresh ${S.w} %s: %v", id, err)
  }
  ${c.v}.UpdatedAt = time.Now().UTC()
  if err := ${c.dep}.Save(ctx, ${c.v}); err != nil {
    return fmt.Errorf("save ${S.w} %s: %w", id, err)
  }
  return nil
}
`);
}

function apCtxDiscard(c: FileGen): void {
  const { S } = c;
  const name = c.nm('Ping|', 'Probe|', 'CheckHealth|', 'Ping|Store');
  c.b.code(`
// ${name} checks that ${S.pw} can be read within a short deadline.
${c.head(name, 'ctx context.Context', 'error', true)}
  tctx, _ := context.WithTimeout(ctx, ${c.r.pick([1, 2, 3, 5])}*time.Second)
  _, err := ${c.dep}.Get(tctx, "healthcheck")
  if err != nil && !errors.Is(err, ${c.notFound}) {
    return fmt.Errorf("probe ${S.pw}: %w", err)
  }
  return nil
}
`);
}

function apErrAssert(c: FileGen): void {
  const { S } = c;
  c.need('ValidationError');
  if (c.layer === 'handler') {
    const name = c.nm('handleUpdate|', 'handlePut|', 'handleReplace|');
    c.handles.push({ path: routePath(c, 'update'), method: 'PUT', name });
    c.b.code(`
func (h *${c.T}) ${name}(w http.ResponseWriter, r *http.Request) {
  var in ${S.P}
  if err := decodeJSON(w, r, &in); err != nil {
    writeError(w, http.StatusBadRequest, err.Error())
    return
  }
  if err := h.svc.Save(r.Context(), &in); err != nil {
    if ve, ok := err.(*ValidationError); ok {
      writeError(w, http.StatusUnprocessableEntity, ve.Error())
      return
    }
    h.logger.ErrorContext(r.Context(), "update ${S.w}", "error", err)
    writeError(w, http.StatusInternalServerError, "internal error")
    return
  }
  writeJSON(w, http.StatusOK, &in)
}
`);
    return;
  }
  const fn = c.pn('invalidField' + c.pascalKey, 'badField' + c.pascalKey);
  c.b.code(`
// ${fn} returns the name of the invalid field reported by err.
func ${fn}(err error) (string, bool) {
  if err == nil {
    return "", false
  }
  if ve, ok := err.(*ValidationError); ok {
    return ve.Field, true
  }
  return "", false
}
`);
}

function apErrString(c: FileGen): void {
  const { S } = c;
  if (c.r.chance(0.5)) {
    const fn = c.pn('isTransient' + c.pascalKey, 'temporary' + c.pascalKey);
    c.b.code(`
// ${fn} reports whether err looks like a temporary failure.
func ${fn}(err error) bool {
  if err == nil {
    return false
  }
  return strings.Contains(err.Error(), "${c.r.pick(['connection reset', 'timeout', 'too many connections', 'deadlock detected'])}")
}
`);
    return;
  }
  const name = c.nm('GetOrDefault|', 'GetOr|Default', 'Resolve|OrDefault');
  c.b.code(`
// ${name} returns the stored ${S.w}, or def when there is none.
${c.head(name, `ctx context.Context, id string, def *${S.P}`, `(*${S.P}, error)`, true)}
  ${c.v}, err := ${c.dep}.Get(ctx, id)
  if err != nil {
    if err.Error() == "${S.w} not found" {
      return def, nil
    }
    return nil, fmt.Errorf("get ${S.w} %s: %w", id, err)
  }
  return ${c.v}, nil
}
`);
}

function apPanic(c: FileGen): void {
  const { S } = c;
  if (c.r.chance(0.5)) {
    const fn = c.pn('load' + c.pascalKey + 'Settings', 'read' + c.pascalKey + 'Config');
    c.b.code(`
// ${fn} reads ${c.topic.w} settings from a JSON file.
func ${fn}(path string) (map[string]string, error) {
  raw, err := os.ReadFile(path)
  if err != nil {
    return nil, fmt.Errorf("read %s: %w", path, err)
  }
  settings := map[string]string{}
  if err := json.Unmarshal(raw, &settings); err != nil {
    panic(err)
  }
  return settings, nil
}
`);
    return;
  }
  const name = c.nm('ImportFile|', 'Seed|', 'LoadFixture|');
  c.b.code(`
// ${name} stores the ${S.pw} listed in a JSON file.
${c.head(name, 'ctx context.Context, path string', '(int, error)', true)}
  raw, err := os.ReadFile(path)
  if err != nil {
    panic(err)
  }
  var items []*${S.P}
  if err := json.Unmarshal(raw, &items); err != nil {
    return 0, fmt.Errorf("decode %s: %w", path, err)
  }
  for i, it := range items {
    if err := ${c.dep}.Save(ctx, it); err != nil {
      return i, fmt.Errorf("save ${S.w} %s: %w", it.ID, err)
    }
  }
  return len(items), nil
}
`);
}

function apLogPrintf(c: FileGen): void {
  const { S } = c;
  const name = c.nm('SaveAll|', 'Flush|', 'Persist|All', 'StoreAll|');
  c.b.code(`
// ${name} stores every item and returns how many were saved.
${c.head(name, `ctx context.Context, items []*${S.P}`, 'int', true)}
  saved := 0
  for _, it := range items {
    if err := ${c.dep}.Save(ctx, it); err != nil {
      log.Printf("save ${S.w} failed: %v", err)
      continue
    }
    saved++
  }
  return saved
}
`);
}

function apCtxKey(c: FileGen): void {
  const { S } = c;
  if (c.layer === 'handler') {
    const name = c.nm('withTenant|', 'tenantMiddleware|', 'scopeTenant|');
    c.b.code(`
// ${name} stores the caller's tenant in the request context.
func (h *${c.T}) ${name}(next http.Handler) http.Handler {
  return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
    tenant := r.Header.Get("X-Tenant-ID")
    if tenant == "" {
      writeError(w, http.StatusBadRequest, "missing tenant")
      return
    }
    ctx := context.WithValue(r.Context(), "tenant", tenant)
    next.ServeHTTP(w, r.WithContext(ctx))
  })
}
`);
    return;
  }
  const set = c.pn('with' + c.pascalKey + 'Actor', 'context' + c.pascalKey + 'Actor');
  const get = c.pn(c.camelKey + 'ActorFrom', 'actor' + c.pascalKey + 'From');
  const key = c.r.pick(['actor', 'requestID', 'userID', 'traceID']);
  c.b.code(`
// ${set} returns a copy of ctx that records who is changing ${S.pw}.
func ${set}(ctx context.Context, actor string) context.Context {
  return context.WithValue(ctx, "${key}", actor)
}

// ${get} returns the actor stored by ${set}.
func ${get}(ctx context.Context) string {
  actor, _ := ctx.Value("${key}").(string)
  return actor
}
`);
}

function apLoopvar(c: FileGen): void {
  const { S } = c;
  const name = c.nm('Warm|', 'Prefetch|', 'Preload|', 'Warm|Cache');
  const log = c.logger;
  c.b.code(`
// ${name} loads the given ${S.pw} concurrently so later reads are cheap.
${c.head(name, 'ctx context.Context, ids []string', '', true)}
  var wg sync.WaitGroup
  for _, id := range ids {
    wg.Add(1)
    go func() {
      defer wg.Done()
      if _, err := ${c.dep}.Get(ctx, id); err != nil {
        ${log}.WarnContext(ctx, "prefetch ${S.w}", "id", id, "error", err)
      }
    }()
  }
  wg.Wait()
}
`);
}

function apTick(c: FileGen): void {
  const { S } = c;
  const name = c.nm('WatchPending|', 'PollPending|', 'Follow|', 'Watch|Queue');
  c.b.code(`
// ${name} polls for pending ${S.pw} until ctx is done.
${c.head(name, `ctx context.Context, interval time.Duration, fn func([]*${S.P})`, 'error', true)}
  tick := time.Tick(interval)
  for {
    select {
    case <-ctx.Done():
      return ctx.Err()
    case <-tick:
      items, err := ${c.dep}.List(ctx, ${S.P}Filter{Status: "pending"})
      if err != nil {
        return fmt.Errorf("poll ${S.pw}: %w", err)
      }
      fn(items)
    }
  }
}
`);
}

function apDeferLoop(c: FileGen): void {
  const { S } = c;
  const name = c.nm('ImportFiles|', 'LoadFiles|', 'Ingest|Files');
  c.b.code(`
// ${name} stores one ${S.w} per JSON file.
${c.head(name, 'ctx context.Context, paths []string', 'error', true)}
  for _, p := range paths {
    f, err := os.Open(p)
    if err != nil {
      return fmt.Errorf("open %s: %w", p, err)
    }
    defer f.Close()
    var item ${S.P}
    if err := json.NewDecoder(f).Decode(&item); err != nil {
      return fmt.Errorf("decode %s: %w", p, err)
    }
    if err := ${c.dep}.Save(ctx, &item); err != nil {
      return fmt.Errorf("save %s: %w", p, err)
    }
  }
  return nil
}
`);
}

function apHTTPClient(c: FileGen): void {
  const { S } = c;
  const name = c.nm('Deliver|', 'SendWebhook|', 'PostTo|', 'Callback|');
  c.b.code(`
// ${name} posts a JSON payload about ${S.pw} to endpoint.
${c.head(name, 'ctx context.Context, endpoint string, payload []byte', 'error')}
  req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(payload))
  if err != nil {
    return fmt.Errorf("build request: %w", err)
  }
  req.Header.Set("Content-Type", "application/json")
  client := &http.Client{}
  resp, err := client.Do(req)
  if err != nil {
    return fmt.Errorf("post %s: %w", endpoint, err)
  }
  defer resp.Body.Close()
  if resp.StatusCode >= 300 {
    return fmt.Errorf("post %s: unexpected status %d", endpoint, resp.StatusCode)
  }
  return nil
}
`);
}

function apPrealloc(c: FileGen): void {
  const { S } = c;
  const which = c.r.int(0, 2);
  if (which === 0) {
    const fn = c.pn(c.camelKey + 'IDs', 'ids' + c.pascalKey);
    c.b.code(`
// ${fn} returns the IDs of items in order.
func ${fn}(items []*${S.P}) []string {
  var ids []string
  for _, it := range items {
    ids = append(ids, it.ID)
  }
  return ids
}
`);
  } else if (which === 1) {
    const fn = c.pn(c.camelKey + 'Owners', 'owners' + c.pascalKey);
    c.b.code(`
// ${fn} lists the owner of each item.
func ${fn}(items []*${S.P}) []string {
  owners := []string{}
  for _, it := range items {
    owners = append(owners, it.OwnerID)
  }
  return owners
}
`);
  } else {
    const fn = c.pn('normalize' + c.pascalKey + 'Names', c.camelKey + 'Names');
    c.b.code(`
// ${fn} returns the trimmed, lower-case names of items.
func ${fn}(items []*${S.P}) []string {
  var names []string
  for _, it := range items {
    names = append(names, strings.ToLower(strings.TrimSpace(it.Name)))
  }
  return names
}
`);
  }
}

function apConcat(c: FileGen): void {
  const { S } = c;
  const fn = c.pn('join' + c.pascalKey + 'IDs', c.camelKey + 'IDList');
  c.b.code(`
// ${fn} renders the IDs of items as a comma-separated list.
func ${fn}(items []*${S.P}) string {
  out := ""
  for _, it := range items {
    out += it.ID + ","
  }
  return strings.TrimSuffix(out, ",")
}
`);
}

function apScreaming(c: FileGen): void {
  const { S } = c;
  const k = c.key.toUpperCase();
  const cname = c.pn(`MAX_${k}_RETRIES`, `${k}_MAX_ATTEMPTS`);
  const name = c.nm('SaveWithRetries|', 'Store|Retry', 'Save|Persistent');
  c.b.code(`
const ${cname} = ${c.r.int(3, 6)}

// ${name} saves ${c.v}, sleeping a little longer after each failure.
${c.head(name, `ctx context.Context, ${c.v} *${S.P}`, 'error', true)}
  var err error
  for attempt := 0; attempt < ${cname}; attempt++ {
    if err = ${c.dep}.Save(ctx, ${c.v}); err == nil {
      return nil
    }
    time.Sleep(time.Duration(attempt+1) * 100 * time.Millisecond)
  }
  return fmt.Errorf("save ${S.w} after %d attempts: %w", ${cname}, err)
}
`);
}

function apIface(c: FileGen): void {
  const { S } = c;
  const it = c.pn('I' + c.pascalKey + 'Store', 'I' + c.pascalKey + 'Repository', 'I' + c.T + 'Reader');
  const fn = c.pn('copy' + c.pascalKey, 'mirror' + c.pascalKey);
  c.b.code(`
// ${it} abstracts where ${S.pw} are kept.
type ${it} interface {
  Get(ctx context.Context, id string) (*${S.P}, error)
  Save(ctx context.Context, ${c.v} *${S.P}) error
}

// ${fn} copies one ${S.w} from one store to another.
func ${fn}(ctx context.Context, from, to ${it}, id string) error {
  ${c.v}, err := from.Get(ctx, id)
  if err != nil {
    return fmt.Errorf("copy ${S.w} %s: %w", id, err)
  }
  return to.Save(ctx, ${c.v})
}
`);
}

const AP_FN: Record<ApKind, (c: FileGen) => void> = {
  'error-is': apErrorIs,
  'error-is-switch': apSwitchErr,
  'errorf-wrap': apErrorfV,
  'context-cancel-discarded': apCtxDiscard,
  'error-as': apErrAssert,
  'error-string-compare': apErrString,
  'panic-on-error': apPanic,
  'log-error-printf': apLogPrintf,
  'context-string-key': apCtxKey,
  'loopvar-capture': apLoopvar,
  'time-tick-leak': apTick,
  'defer-in-loop': apDeferLoop,
  'http-client-no-timeout': apHTTPClient,
  'slice-prealloc': apPrealloc,
  'string-concat-loop': apConcat,
  'const-screaming-snake': apScreaming,
  'interface-i-prefix': apIface,
};

// ---------------------------------------------------------------------------
// Test units

function testSubject(c: FileGen): { ctor: string; get: string; list: string } {
  const info = c.info;
  const get = info.methods.get('get') ?? 'Get';
  const list = info.methods.get('list') ?? 'List';
  return { ctor: 'New' + info.T, get, list };
}

function tFake(c: FileGen): void {
  const { S } = c;
  const key = 'fake:' + S.P;
  if (c.pkg.shared.has(key)) return;
  c.pkg.shared.add(key);
  const ft = c.pn('fake' + S.P + 'Store');
  c.b.code(`
// ${ft} is an in-memory store for tests.
type ${ft} struct {
  mu    sync.Mutex
  items map[string]*${S.P}
  err   error
}

func new${ft.charAt(0).toUpperCase() + ft.slice(1)}(items ...*${S.P}) *${ft} {
  f := &${ft}{items: make(map[string]*${S.P}, len(items))}
  for _, it := range items {
    f.items[it.ID] = it
  }
  return f
}

func (f *${ft}) Get(ctx context.Context, id string) (*${S.P}, error) {
  f.mu.Lock()
  defer f.mu.Unlock()
  if f.err != nil {
    return nil, f.err
  }
  it, ok := f.items[id]
  if !ok {
    return nil, ${c.notFound}
  }
  cp := *it
  return &cp, nil
}

func (f *${ft}) List(ctx context.Context, filter ${S.P}Filter) ([]*${S.P}, error) {
  f.mu.Lock()
  defer f.mu.Unlock()
  if f.err != nil {
    return nil, f.err
  }
  var out []*${S.P}
  for _, it := range f.items {
    if filter.Status != "" && it.Status != filter.Status {
      continue
    }
    out = append(out, it)
  }
  sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
  return out, nil
}

func (f *${ft}) Save(ctx context.Context, ${c.v} *${S.P}) error {
  f.mu.Lock()
  defer f.mu.Unlock()
  if f.err != nil {
    return f.err
  }
  f.items[${c.v}.ID] = ${c.v}
  return nil
}

func (f *${ft}) Delete(ctx context.Context, id string) error {
  f.mu.Lock()
  defer f.mu.Unlock()
  if _, ok := f.items[id]; !ok {
    return ${c.notFound}
  }
  delete(f.items, id)
  return nil
}
`);
  c.pkg.names.add('new' + ft.charAt(0).toUpperCase() + ft.slice(1));
}

function fakeCtor(S: Noun): string {
  return 'newFake' + S.P + 'Store';
}

function fixtureName(S: Noun): string {
  return 'new' + S.P + 'Fixture';
}

function tFixture(c: FileGen): void {
  const { S } = c;
  const key = 'fixture:' + S.P;
  if (c.pkg.shared.has(key)) return;
  c.pkg.shared.add(key);
  const fn = fixtureName(S);
  c.pkg.names.add(fn);
  c.b.code(`
// ${fn} returns a valid ${S.w} for tests.
func ${fn}(t *testing.T, id string) *${S.P} {
  t.Helper()
  now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
  ${c.v} := &${S.P}{ID: id, Name: "test " + id, Status: "pending", CreatedAt: now, UpdatedAt: now}
  if err := ${c.v}.Validate(); err != nil {
    t.Fatalf("invalid fixture %s: %v", id, err)
  }
  return ${c.v}
}
`);
}

function tValidate(c: FileGen): void {
  const { S } = c;
  c.need('fixture:' + S.P);
  const name = c.pn(`Test${S.P}_Validate`, `Test${S.P}_ValidateFields`, `Test${S.P}_ValidateStatus`, `Test${S.P}Validation`);
  const extra = c.fields
    .filter((f) => f.kind === 'int' || f.kind === 'float')
    .slice(0, 2)
    .map((f) => `{name: "negative ${snake(f.name).replace(/_/g, ' ')}", mutate: func(x *${S.P}) { x.${f.name} = -1 }, wantErr: true},`);
  c.b.code(`
func ${name}(t *testing.T) {
  tests := []struct {
    name    string
    mutate  func(*${S.P})
    wantErr bool
  }{
    {name: "valid", mutate: func(*${S.P}) {}},
    {name: "missing id", mutate: func(x *${S.P}) { x.ID = "" }, wantErr: true},
    {name: "blank name", mutate: func(x *${S.P}) { x.Name = "   " }, wantErr: true},
    {name: "unknown status", mutate: func(x *${S.P}) { x.Status = "bogus" }, wantErr: true},
    {name: "archived", mutate: func(x *${S.P}) { x.Status = "archived" }},
${ind(extra, 2)}
  }
  for _, tc := range tests {
    t.Run(tc.name, func(t *testing.T) {
      ${c.v} := ${fixtureName(S)}(t, "${S.snake}-1")
      tc.mutate(${c.v})
      err := ${c.v}.Validate()
      if (err != nil) != tc.wantErr {
        t.Fatalf("Validate() error = %v, wantErr %v", err, tc.wantErr)
      }
    })
  }
}
`);
}

function tLayer(c: FileGen): void {
  const { S } = c;
  c.need('fixture:' + S.P);
  c.need('fake:' + S.P);
  const sub = testSubject(c);
  const fk = fakeCtor(S);
  if (c.info.layer === 'handler') {
    const hname = c.info.methods.get('handleGet') ?? 'handleGet';
    const name = c.pn(`Test${c.info.T}_${hname}`, `Test${c.info.T}_${hname}Found`, `Test${c.info.T}_${hname}Cases`);
    c.b.code(`
func ${name}(t *testing.T) {
  store := ${fk}(${fixtureName(S)}(t, "a-1"))
  h := ${sub.ctor}(store, slog.Default())
  tests := []struct {
    name   string
    target string
    want   int
  }{
    {name: "found", target: "/x?id=a-1", want: http.StatusOK},
    {name: "missing", target: "/x?id=zz", want: http.StatusNotFound},
    {name: "no id", target: "/x", want: http.StatusBadRequest},
  }
  for _, tc := range tests {
    t.Run(tc.name, func(t *testing.T) {
      req := httptest.NewRequest(http.MethodGet, tc.target, nil)
      rec := httptest.NewRecorder()
      h.${hname}(rec, req)
      if rec.Code != tc.want {
        t.Fatalf("status = %d, want %d; body %s", rec.Code, tc.want, rec.Body.String())
      }
      if tc.want != http.StatusOK {
        return
      }
      var got ${S.P}
      if err := json.NewDecoder(rec.Body).Decode(&got); err != nil {
        t.Fatalf("decode: %v", err)
      }
      if got.ID != "a-1" {
        t.Errorf("ID = %q, want %q", got.ID, "a-1")
      }
    })
  }
  store.err = errors.New("boom")
  rec := httptest.NewRecorder()
  h.${hname}(rec, httptest.NewRequest(http.MethodGet, "/x?id=a-1", nil))
  if rec.Code != http.StatusInternalServerError {
    t.Errorf("status with failing store = %d, want %d", rec.Code, http.StatusInternalServerError)
  }
}
`);
    return;
  }
  const name = c.pn(`Test${c.info.T}_${sub.get}`, `Test${c.info.T}_${sub.get}Missing`, `Test${c.info.T}_${sub.get}Errors`);
  const mk = c.info.layer === 'repository' ? `${sub.ctor}(nil, slog.Default())` : c.info.layer === 'model' ? 'store' : `${sub.ctor}(store, slog.Default())`;
  const call = c.info.layer === 'model' ? 'svc.Get' : 'svc.' + sub.get;
  c.b.code(`
func ${name}(t *testing.T) {
  ctx := context.Background()
  store := ${fk}(${fixtureName(S)}(t, "a-1"), ${fixtureName(S)}(t, "a-2"))
  svc := ${mk}
  got, err := ${call}(ctx, "a-1")
  if err != nil {
    t.Fatalf("${sub.get}(a-1) error = %v", err)
  }
  if got.ID != "a-1" {
    t.Errorf("${sub.get}(a-1).ID = %q", got.ID)
  }
  if _, err := ${call}(ctx, "missing"); !errors.Is(err, ${c.notFound}) {
    t.Errorf("${sub.get}(missing) error = %v, want ${c.notFound}", err)
  }
  store.err = errors.New("connection refused")
  if _, err := ${call}(ctx, "a-2"); err == nil {
    t.Error("${sub.get} with failing store succeeded")
  }
}
`);
}

function tParallel(c: FileGen): void {
  const { S } = c;
  const name = c.pn(`Test${c.info.T}_Names`, `Test${c.info.T}_Normalize`, `Test${c.info.T}_Inputs`);
  const cases = c.r.sample(['plain', 'padded', 'upper', 'unicode', 'empty', 'dashes', 'digits', 'mixed'], c.r.int(3, 6));
  const inputs: Record<string, [string, string]> = {
    plain: ['alpha', 'alpha'],
    padded: ['  beta  ', 'beta'],
    upper: ['GAMMA', 'gamma'],
    unicode: ['Ünïcode', 'ünïcode'],
    empty: ['', ''],
    dashes: ['a-b-c', 'a-b-c'],
    digits: ['Item42', 'item42'],
    mixed: [' MiXeD ', 'mixed'],
  };
  c.b.code(`
func ${name}(t *testing.T) {
  t.Parallel()
  tests := []struct {
    name string
    in   string
    want string
  }{
${ind(
  cases.map((k) => `{name: "${k}", in: "${(inputs[k] as [string, string])[0]}", want: "${(inputs[k] as [string, string])[1]}"},`),
  2,
)}
  }
  for _, tc := range tests {
    tc := tc
    t.Run(tc.name, func(t *testing.T) {
      t.Parallel()
      ${c.v} := &${S.P}{ID: "p-1", Name: tc.in}
      got := strings.ToLower(strings.TrimSpace(${c.v}.Name))
      if got != tc.want {
        t.Errorf("normalized name = %q, want %q", got, tc.want)
      }
    })
  }
}
`);
}

function tBench(c: FileGen): void {
  const { S } = c;
  c.need('fake:' + S.P);
  const name = c.pn(`Benchmark${c.info.T}_List`, `Benchmark${c.info.T}_Scan`, `Benchmark${c.info.T}Fill`);
  const n = c.r.pick([100, 500, 1000, 5000]);
  c.b.code(`
func ${name}(b *testing.B) {
  store := ${fakeCtor(S)}()
  for i := 0; i < ${n}; i++ {
    id := strconv.Itoa(i)
    store.items[id] = &${S.P}{ID: id, Name: "bench " + id, Status: "active"}
  }
  ctx := context.Background()
  b.ReportAllocs()
  b.ResetTimer()
  for i := 0; i < b.N; i++ {
    items, err := store.List(ctx, ${S.P}Filter{Status: "active"})
    if err != nil {
      b.Fatal(err)
    }
    if len(items) != ${n} {
      b.Fatalf("got %d items", len(items))
    }
  }
}
`);
}

function tConcurrent(c: FileGen): void {
  const { S } = c;
  c.need('fake:' + S.P);
  const name = c.pn(`Test${c.info.T}_Concurrent`, `Test${c.info.T}_ConcurrentSave`, `Test${c.info.T}_Race`);
  const n = c.r.pick([8, 16, 32, 64]);
  c.b.code(`
func ${name}(t *testing.T) {
  store := ${fakeCtor(S)}()
  ctx := context.Background()
  var wg sync.WaitGroup
  for i := 0; i < ${n}; i++ {
    wg.Add(1)
    go func(n int) {
      defer wg.Done()
      id := "c-" + strconv.Itoa(n)
      if err := store.Save(ctx, &${S.P}{ID: id, Name: id, Status: "pending"}); err != nil {
        t.Errorf("Save(%s) error = %v", id, err)
      }
    }(i)
  }
  wg.Wait()
  items, err := store.List(ctx, ${S.P}Filter{})
  if err != nil {
    t.Fatal(err)
  }
  if len(items) != ${n} {
    t.Fatalf("stored %d items, want ${n}", len(items))
  }
}
`);
}

function tTempFiles(c: FileGen): void {
  const { S } = c;
  const helper = c.pn('write' + c.info.T + 'Files', 'write' + S.P + 'Files');
  const name = c.pn(`Test${c.info.T}_Files`, `Test${c.info.T}_ReadBack`);
  c.b.code(`
// ${helper} writes each item as a JSON file in a temporary directory.
func ${helper}(t *testing.T, items ...*${S.P}) []string {
  t.Helper()
  dir := t.TempDir()
  paths := make([]string, 0, len(items))
  for _, it := range items {
    raw, err := json.Marshal(it)
    if err != nil {
      t.Fatalf("marshal %s: %v", it.ID, err)
    }
    p := filepath.Join(dir, it.ID+".json")
    if err := os.WriteFile(p, raw, 0o600); err != nil {
      t.Fatalf("write %s: %v", p, err)
    }
    paths = append(paths, p)
  }
  return paths
}

func ${name}(t *testing.T) {
  paths := ${helper}(t, &${S.P}{ID: "f-1", Name: "one"}, &${S.P}{ID: "f-2", Name: "two"})
  for _, p := range paths {
    raw, err := os.ReadFile(p)
    if err != nil {
      t.Fatal(err)
    }
    var got ${S.P}
    if err := json.Unmarshal(raw, &got); err != nil {
      t.Fatalf("unmarshal %s: %v", p, err)
    }
    if got.ID == "" {
      t.Errorf("%s: empty ID", p)
    }
  }
}
`);
}

// Test anti-patterns

function tapErrorIs(c: FileGen): void {
  const { S } = c;
  c.need('fake:' + S.P);
  const name = c.pn(`Test${c.info.T}_NotFound`, `Test${c.info.T}_Missing`, `Test${c.info.T}_Absent`);
  c.b.code(`
func ${name}(t *testing.T) {
  store := ${fakeCtor(S)}()
  _, err := store.Get(context.Background(), "nope")
  if err != ${c.notFound} {
    t.Fatalf("Get() error = %v, want ${c.notFound}", err)
  }
}
`);
}

function tapErrString(c: FileGen): void {
  const { S } = c;
  c.need('fake:' + S.P);
  const name = c.pn(`Test${c.info.T}_DeleteMissing`, `Test${c.info.T}_DeleteUnknown`);
  c.b.code(`
func ${name}(t *testing.T) {
  store := ${fakeCtor(S)}()
  err := store.Delete(context.Background(), "ghost")
  if err == nil || err.Error() != "${S.w} not found" {
    t.Fatalf("Delete() error = %v, want not found", err)
  }
}
`);
}

function tapLoopvar(c: FileGen): void {
  const { S } = c;
  c.need('fixture:' + S.P);
  const name = c.pn(`Test${c.info.T}_StatusTable`, `Test${c.info.T}_Statuses`, `Test${c.info.T}_StatusCases`);
  c.b.code(`
func ${name}(t *testing.T) {
  tests := []struct {
    name    string
    status  string
    wantErr bool
  }{
    {name: "pending", status: "pending"},
    {name: "active", status: "active"},
    {name: "bogus", status: "bogus", wantErr: true},
  }
  for _, tc := range tests {
    t.Run(tc.name, func(t *testing.T) {
      t.Parallel()
      ${c.v} := ${fixtureName(S)}(t, "s-1")
      ${c.v}.Status = tc.status
      if err := ${c.v}.Validate(); (err != nil) != tc.wantErr {
        t.Errorf("Validate() error = %v, wantErr %v", err, tc.wantErr)
      }
    })
  }
}
`);
}

function tapGeneric(c: FileGen, kind: ApKind): void {
  const { S } = c;
  if (kind === 'slice-prealloc' || kind === 'string-concat-loop') {
    const fn = c.pn(`${kind === 'slice-prealloc' ? 'ids' : 'idList'}Of${c.info.T}`, `${kind === 'slice-prealloc' ? 'collect' : 'render'}${c.info.T}IDs`);
    const name = c.pn(`Test${c.info.T}_${kind === 'slice-prealloc' ? 'IDs' : 'IDList'}`, `Test${c.info.T}_${kind === 'slice-prealloc' ? 'CollectIDs' : 'RenderIDs'}`);
    if (kind === 'slice-prealloc') {
      c.b.code(`
func ${fn}(items []*${S.P}) []string {
  var ids []string
  for _, it := range items {
    ids = append(ids, it.ID)
  }
  return ids
}

func ${name}(t *testing.T) {
  got := ${fn}([]*${S.P}{{ID: "a"}, {ID: "b"}})
  if want := []string{"a", "b"}; !reflect.DeepEqual(got, want) {
    t.Fatalf("ids = %v, want %v", got, want)
  }
}
`);
    } else {
      c.b.code(`
func ${fn}(items []*${S.P}) string {
  s := ""
  for _, it := range items {
    s += "[" + it.ID + "]"
  }
  return s
}

func ${name}(t *testing.T) {
  if got := ${fn}([]*${S.P}{{ID: "a"}, {ID: "b"}}); got != "[a][b]" {
    t.Fatalf("got %q", got)
  }
}
`);
    }
    return;
  }
  if (kind === 'defer-in-loop') {
    const name = c.pn(`Test${c.info.T}_Golden`, `Test${c.info.T}_Testdata`);
    c.b.code(`
func ${name}(t *testing.T) {
  paths, err := filepath.Glob(filepath.Join("testdata", "${S.snake}_*.json"))
  if err != nil {
    t.Fatal(err)
  }
  for _, p := range paths {
    f, err := os.Open(p)
    if err != nil {
      t.Fatalf("open %s: %v", p, err)
    }
    defer f.Close()
    st, err := f.Stat()
    if err != nil {
      t.Fatalf("stat %s: %v", p, err)
    }
    if st.Size() == 0 {
      t.Errorf("%s is empty", p)
    }
  }
}
`);
    return;
  }
  if (kind === 'context-cancel-discarded') {
    c.need('fake:' + S.P);
    const name = c.pn(`Test${c.info.T}_Deadline`, `Test${c.info.T}_Timeout`);
    c.b.code(`
func ${name}(t *testing.T) {
  ctx, _ := context.WithTimeout(context.Background(), 50*time.Millisecond)
  store := ${fakeCtor(S)}(&${S.P}{ID: "d-1", Name: "deadline"})
  if _, err := store.Get(ctx, "d-1"); err != nil {
    t.Fatalf("Get() error = %v", err)
  }
}
`);
    return;
  }
  // errorf-wrap
  c.need('fake:' + S.P);
  const fn = c.pn(`mustLoad${c.info.T}`, `load${c.info.T}ForTest`);
  const name = c.pn(`Test${c.info.T}_Load`, `Test${c.info.T}_LoadFixture`);
  c.b.code(`
func ${fn}(store *fake${S.P}Store, id string) (*${S.P}, error) {
  ${c.v}, err := store.Get(context.Background(), id)
  if err != nil {
    return nil, fmt.Errorf("load fixture %s: %v", id, err)
  }
  return ${c.v}, nil
}

func ${name}(t *testing.T) {
  store := ${fakeCtor(S)}(&${S.P}{ID: "l-1", Name: "load"})
  if _, err := ${fn}(store, "l-1"); err != nil {
    t.Fatal(err)
  }
}
`);
}

function testAp(c: FileGen, kind: ApKind): void {
  switch (kind) {
    case 'error-is':
      return tapErrorIs(c);
    case 'error-string-compare':
      return tapErrString(c);
    case 'loopvar-capture':
      return tapLoopvar(c);
    default:
      return tapGeneric(c, kind);
  }
}


// ---------------------------------------------------------------------------
// Unit pools per layer

const hasNums = (c: FileGen): boolean => mFieldsOf(c).some((f) => f.kind === 'int' || f.kind === 'float');

const COMMON_UNITS: Unit[] = [
  { id: 'get', weight: 3, max: 1, run: uGet },
  { id: 'create', weight: 3, max: 1, run: uCreate },
  { id: 'transition', weight: 3, max: 1, run: uTransition },
  { id: 'workers', weight: 2, max: 1, run: uWorkers },
  { id: 'ticker', weight: 2, max: 1, run: uTicker },
  { id: 'retry', weight: 2, max: 1, run: uRetry },
  { id: 'stats', weight: 2, max: 1, run: uStats },
  { id: 'cache', weight: 1, max: 1, run: uCache },
  { id: 'listids', weight: 2, max: 1, run: uListIDs },
  { id: 'expire', weight: 2, max: 1, run: uExpire },
  { id: 'group', weight: 2, max: 1, run: uGroup },
  { id: 'deletemany', weight: 2, max: 1, run: uDeleteMany },
  { id: 'client', weight: 1, max: 1, run: uClient },
  { id: 'page', weight: 2, max: 1, run: uPage },
  { id: 'merge', weight: 2, max: 1, run: uMerge },
  { id: 'events', weight: 1, max: 1, run: uEvents },
];

const POOLS: Record<Layer, Unit[]> = {
  service: COMMON_UNITS,
  repository: [
    { id: 'rget', weight: 4, max: 1, run: rGet },
    { id: 'rlist', weight: 4, max: 1, run: rList },
    { id: 'rinsert', weight: 4, max: 1, run: rInsert },
    { id: 'rupdate', weight: 3, max: 1, run: rUpdate },
    { id: 'rdelete', weight: 3, max: 1, run: rDelete },
    { id: 'rcount', weight: 3, max: 1, run: rCount },
    { id: 'rtx', weight: 2, max: 1, run: rTx },
    { id: 'rstream', weight: 2, max: 1, run: rStream },
    { id: 'rexists', weight: 2, max: 1, run: rExists },
    { id: 'stats', weight: 1, max: 1, run: uStats },
    { id: 'expire', weight: 1, max: 1, run: uExpire },
    { id: 'page', weight: 1, max: 1, run: uPage },
    { id: 'cache', weight: 1, max: 1, run: uCache },
  ],
  handler: [
    { id: 'hget', weight: 4, max: 1, run: hGet },
    { id: 'hcreate', weight: 4, max: 1, run: hCreate },
    { id: 'hlist', weight: 4, max: 1, run: hList },
    { id: 'hdelete', weight: 3, max: 1, run: hDelete },
    { id: 'hmw', weight: 2, max: 1, run: hMiddleware },
    { id: 'hrecover', weight: 2, max: 1, run: hRecover },
    { id: 'hserver', weight: 1, max: 1, run: hServer },
    { id: 'hcsv', weight: 2, max: 1, run: hExportCSV },
    { id: 'hbatch', weight: 2, max: 1, run: hBatch },
    { id: 'client', weight: 1, max: 1, run: uClient },
    { id: 'events', weight: 1, max: 1, run: uEvents },
  ],
  model: [
    { id: 'options', weight: 3, max: 1, run: mOptions },
    { id: 'state', weight: 3, max: 1, run: mState },
    { id: 'clone', weight: 2, max: 1, run: mClone },
    { id: 'check', weight: 3, max: 1, run: mValidateT },
    { id: 'summary', weight: 2, max: 1, run: mSummary },
    { id: 'sort', weight: 2, max: 2, run: mSort },
    { id: 'filter', weight: 2, max: 2, run: mFilter },
    { id: 'index', weight: 2, max: 2, run: mIndex },
    { id: 'totals', weight: 2, max: 1, run: mTotals, when: hasNums },
    { id: 'diff', weight: 2, max: 1, run: mDiff },
    { id: 'key', weight: 2, max: 1, run: mKey },
    { id: 'parse', weight: 2, max: 1, run: mParse },
    { id: 'equal', weight: 2, max: 1, run: mEqual },
    { id: 'get', weight: 1, max: 1, run: uGet },
    { id: 'page', weight: 1, max: 1, run: uPage },
    { id: 'stats', weight: 1, max: 1, run: uStats },
  ],
};

const TEST_UNITS: Unit[] = [
  { id: 'tvalidate', weight: 3, max: 2, run: tValidate },
  { id: 'tlayer', weight: 4, max: 2, run: tLayer },
  { id: 'tparallel', weight: 2, max: 2, run: tParallel },
  { id: 'tbench', weight: 2, max: 2, run: tBench },
  { id: 'tconcurrent', weight: 2, max: 2, run: tConcurrent },
  { id: 'tfiles', weight: 1, max: 1, run: tTempFiles },
];

function pickUnit(c: FileGen, pool: readonly Unit[]): Unit | undefined {
  let total = 0;
  const avail: Unit[] = [];
  for (const u of pool) {
    if ((c.used.get(u.id) ?? 0) >= u.max) continue;
    if (u.when && !u.when(c)) continue;
    avail.push(u);
    total += u.weight;
  }
  if (avail.length === 0) return undefined;
  let x = c.r.next() * total;
  for (const u of avail) {
    x -= u.weight;
    if (x < 0) return u;
  }
  return avail[avail.length - 1];
}

// ---------------------------------------------------------------------------
// Files

/** Longest file wanted; units are added only while a file is shorter than this minus MAX_UNIT. */
const MAX_FILE_LINES = 900;
/** Generous bound on the lines one unit (with the shared declarations it pulls in) adds. */
const MAX_UNIT = 100;

/** Lines a file grows to: log-normal around ~250, clamped so files span 80–900 lines. */
function fileTarget(r: Rand, test: boolean): number {
  const mu = Math.log(test ? 205 : 232);
  const n = Math.exp(mu + 0.62 * r.gauss());
  return Math.max(80, Math.min(MAX_FILE_LINES - MAX_UNIT, Math.round(n)));
}

/** The file's text and its number of lines. */
function renderFile(c: FileGen, pkgName: string, doc: string): { text: string; lines: number } {
  const imports = detectImports(c.b.out);
  const head: string[] = [];
  if (doc) head.push(doc);
  head.push(`package ${pkgName}`, '');
  if (imports.length === 1) head.push(`import "${imports[0]}"`, '');
  else if (imports.length > 1) head.push('import (', ...imports.map((p) => `\t"${p}"`), ')', '');
  const body = c.b.out;
  while (body.length > 0 && body[body.length - 1] === '') body.pop();
  c.g.apAcc += head.length;
  return { text: head.join('\n') + '\n' + body.join('\n') + '\n', lines: head.length + body.length };
}

/** Standard-library packages the templates use, by the name code refers to them. */
const STD_PACKAGES: Record<string, string> = {
  bytes: 'bytes',
  context: 'context',
  csv: 'encoding/csv',
  errors: 'errors',
  filepath: 'path/filepath',
  fmt: 'fmt',
  http: 'net/http',
  httptest: 'net/http/httptest',
  io: 'io',
  json: 'encoding/json',
  log: 'log',
  os: 'os',
  reflect: 'reflect',
  slog: 'log/slog',
  sort: 'sort',
  sql: 'database/sql',
  strconv: 'strconv',
  strings: 'strings',
  sync: 'sync',
  testing: 'testing',
  time: 'time',
};
const PKG_REF = new RegExp(`\\b(${Object.keys(STD_PACKAGES).join('|')})\\.[A-Za-z]`, 'g');
const LITERALS = /"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)'/g;

/** The sorted import paths a file body refers to (comments and literals ignored). */
function detectImports(body: readonly string[]): string[] {
  const found = new Set<string>();
  for (const raw of body) {
    if (raw.indexOf('.') < 0) continue;
    const t = raw.trimStart();
    if (t.startsWith('//')) continue;
    const line = raw.indexOf('"') >= 0 || raw.indexOf('`') >= 0 || raw.indexOf("'") >= 0 ? raw.replace(LITERALS, '""') : raw;
    PKG_REF.lastIndex = 0;
    for (let m = PKG_REF.exec(line); m; m = PKG_REF.exec(line)) found.add(STD_PACKAGES[m[1] as string] as string);
  }
  return [...found].sort();
}

/** Runs one unit, or an anti-pattern unit when one is due, and accounts its lines. */
function emitUnit(c: FileGen, run: () => void): void {
  c.b.blank();
  const before = c.b.lines;
  run();
  c.g.apAcc += c.b.lines - before + 1;
}

function maybeAntiPattern(c: FileGen): void {
  while (c.g.apAcc >= c.g.every) {
    c.g.apAcc -= c.g.every;
    const kind = c.g.drawAp(c.r, c.test);
    c.g.apCount.set(kind, (c.g.apCount.get(kind) ?? 0) + 1);
    emitUnit(c, () => (c.test ? testAp(c, kind) : AP_FN[kind](c)));
  }
}

/** Units every section starts with: methods the rest of the code calls. */
const CORE_UNITS: Record<Layer, readonly Unit[]> = {
  model: [],
  repository: [
    { id: 'rget', weight: 0, max: 1, run: rGet },
    { id: 'rlist', weight: 0, max: 1, run: rList },
    { id: 'rinsert', weight: 0, max: 1, run: rInsert },
  ],
  service: [{ id: 'get', weight: 0, max: 1, run: uGet }],
  handler: [{ id: 'hget', weight: 0, max: 1, run: hGet }],
};

function sectionHeader(c: FileGen): void {
  const before = c.b.lines;
  header(c);
  c.g.apAcc += c.b.lines - before;
  c.canonical = true;
  for (const u of CORE_UNITS[c.layer]) {
    c.used.set(u.id, 1);
    emitUnit(c, () => u.run(c));
  }
  c.canonical = false;
}

function genSourceFile(c: FileGen, target: number): void {
  sectionHeader(c);
  const pool = POOLS[c.layer];
  while (c.b.lines < target) {
    maybeAntiPattern(c);
    if (c.b.lines >= target) break;
    const u = pickUnit(c, pool);
    if (!u) {
      finishSection(c);
      c.typeIndex++;
      c.b.blank();
      c.g.apAcc++;
      sectionHeader(c);
      continue;
    }
    c.used.set(u.id, (c.used.get(u.id) ?? 0) + 1);
    emitUnit(c, () => u.run(c));
  }
  finishSection(c);
}

function genTestFile(c: FileGen, target: number): void {
  c.T = c.info.T;
  c.rv = '';
  let rounds = 0;
  while (c.b.lines < target) {
    maybeAntiPattern(c);
    if (c.b.lines >= target) break;
    let u = pickUnit(c, TEST_UNITS);
    if (!u) {
      c.used.clear();
      rounds++;
      u = pickUnit(c, TEST_UNITS);
      if (!u || rounds > 20) break;
    }
    c.used.set(u.id, (c.used.get(u.id) ?? 0) + 1);
    const unit = u;
    emitUnit(c, () => unit.run(c));
  }
}

// ---------------------------------------------------------------------------
// Package plan

interface PkgPlan {
  path: string;
  layer: Layer;
  domain: string;
  entity: string;
  files: number;
}

function packagePath(i: number): { path: string; layer: Layer; domain: string; entity: string } {
  const perArea = DOMAINS.length * LAYERS.length;
  const areaIdx = Math.floor(i / perArea);
  const rest = i % perArea;
  const [domain, entity] = DOMAINS[Math.floor(rest / LAYERS.length)] as readonly [string, string];
  const layer = LAYERS[rest % LAYERS.length] as Layer;
  const area = areaIdx < AREAS.length ? (AREAS[areaIdx] as string) : 'v' + String(areaIdx - AREAS.length + 3);
  const path = ['internal', domain, ...(area ? [area] : []), layer].join('/');
  return { path, layer, domain, entity };
}

function planPackages(total: number, r: Rand): PkgPlan[] {
  const sizes: number[] = [];
  let rem = total;
  const big = total >= 5000 ? 300 : 0;
  rem -= big;
  while (rem > 0) {
    let size: number;
    if (rem <= 40) size = rem;
    else {
      size = r.int(10, 40);
      if (rem - size < 10) size = rem - 10;
    }
    sizes.push(size);
    rem -= size;
  }
  if (big) sizes.splice(Math.floor(sizes.length / 3), 0, big);
  return sizes.map((files, i) => ({ ...packagePath(i), files }));
}

// ---------------------------------------------------------------------------
// Entry points

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function prepareDir(dir: string): void {
  if (existsSync(dir)) {
    if (!isDir(dir)) throw new Error(`${dir} exists and is not a directory`);
    const entries = readdirSync(dir);
    if (entries.includes(CORPUS_MARKER)) rmSync(dir, { recursive: true, force: true });
    else if (entries.length > 0) throw new Error(`refusing to overwrite ${dir}: it is not empty and has no ${CORPUS_MARKER} marker`);
  }
  mkdirSync(dir, { recursive: true });
}

export function generateCorpus(dir: string, opts: GenerateOptions): GenerateResult {
  const files = Math.floor(opts.files);
  if (!Number.isFinite(files) || files < 1) throw new Error('files must be a positive integer');
  const seed = (opts.seed ?? 1) >>> 0;
  const every = Math.max(10, Math.floor(opts.antiPatternEvery ?? 100));
  const root = resolve(dir);
  prepareDir(root);
  writeFileSync(join(root, CORPUS_MARKER), `guidefix bench corpus: files=${files} seed=${seed} antiPatternEvery=${every}\n`);
  writeFileSync(join(root, 'go.mod'), 'module example.com/benchcorpus\n\ngo 1.21\n');

  const plans = planPackages(files, new Rand(mix(seed, 0x51a7)));
  const g = new Gen(new Rand(mix(seed, 0xa9)), every);
  let lines = 0;
  let bytes = 0;
  let written = 0;

  plans.forEach((plan, pi) => {
    const r = new Rand(mix(seed, pi + 1));
    const E = noun(plan.entity);
    const pkg: Pkg = {
      path: plan.path,
      layer: plan.layer,
      domain: plan.domain,
      E,
      names: new Set(),
      shared: new Set(),
      entities: new Map(),
      infos: [],
    };
    const nTests = plan.files < 2 ? 0 : Math.min(plan.files - 1, Math.floor(plan.files * 0.15 + r.next()));
    const nSrc = plan.files - nTests;
    const nSubjects = Math.max(1, Math.min(1 + QUALIFIERS.length, Math.ceil(nSrc / 8)));
    const subjects = [E, ...r.sample(QUALIFIERS, nSubjects - 1).map((q) => noun(E.P + q))];
    const bases = new Set<string>();
    const pkgDir = join(root, plan.path);
    mkdirSync(pkgDir, { recursive: true });
    const emit = (name: string, file: { text: string; lines: number }): void => {
      writeFileSync(join(pkgDir, name), file.text);
      written++;
      bytes += Buffer.byteLength(file.text);
      lines += file.lines;
    };

    for (let fi = 0; fi < nSrc; fi++) {
      let S = subjects[0] as Noun;
      let topic = noun(r.pick(TOPICS));
      let base = '';
      for (let tries = 0; tries < 200; tries++) {
        S = r.chance(0.4) ? E : r.pick(subjects);
        topic = noun(r.pick(TOPICS));
        base = S.snake + '_' + topic.snake;
        if (!bases.has(base)) break;
      }
      if (bases.has(base)) {
        let k = 2;
        while (bases.has(`${S.snake}_${topic.snake}${k}`)) k++;
        topic = noun(topic.P + String(k));
        base = S.snake + '_' + topic.snake;
      }
      bases.add(base);
      const info: FileInfo = { base, S, topic, T: '', layer: plan.layer, methods: new Map(), hasState: '' };
      pkg.infos.push(info);
      const c = new FileGen(r, g, pkg, S, topic, false, info);
      genSourceFile(c, fileTarget(r, false));
      const doc = fi === 0 ? `// Package ${plan.layer} implements the ${plan.layer} layer of the ${plan.domain} domain.` : '';
      emit(base + '.go', renderFile(c, plan.layer, doc));
    }

    const tested = r.sample(pkg.infos, nTests);
    for (const info of tested) {
      const c = new FileGen(r, g, pkg, info.S, info.topic, true, info);
      genTestFile(c, fileTarget(r, true));
      emit(info.base + '_test.go', renderFile(c, plan.layer, ''));
    }
  });

  return { files: written, lines, bytes };
}

function parseArgs(argv: string[]): { dir: string; opts: GenerateOptions } {
  let dir = '';
  const opts: GenerateOptions = { files: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): number => {
      const v = inline ?? argv[++i];
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a non-negative integer`);
      return n;
    };
    switch (flag) {
      case '--files':
        opts.files = value();
        break;
      case '--seed':
        opts.seed = value();
        break;
      case '--anti-pattern-every':
        opts.antiPatternEvery = value();
        break;
      case '-h':
      case '--help':
        throw new Error('usage');
      default:
        if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
        if (dir) throw new Error(`unexpected argument ${a}`);
        dir = a;
    }
  }
  if (!dir || opts.files < 1) throw new Error('usage');
  return { dir, opts };
}

function main(): void {
  let args: { dir: string; opts: GenerateOptions };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (msg !== 'usage') process.stderr.write(`generate: ${msg}\n`);
    process.stderr.write('usage: node dist/bench/generate.js OUT_DIR --files N [--seed S] [--anti-pattern-every LINES]\n');
    process.exitCode = 2;
    return;
  }
  const start = process.hrtime.bigint();
  try {
    const res = generateCorpus(args.dir, args.opts);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    process.stdout.write(
      `generated ${res.files} Go files, ${res.lines} lines, ${res.bytes} bytes in ${resolve(args.dir)} (${(ms / 1000).toFixed(2)} s)\n`,
    );
  } catch (err) {
    process.stderr.write(`generate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main();
}
