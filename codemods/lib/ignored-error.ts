/**
 * The curated list behind the ignored-error rule: standard library functions
 * whose last result is an error that must not be dropped. Without a type
 * checker the rule can only trust calls it knows by import path and name.
 *
 * Each entry gives the number of results, so that `a, _ := f()` is only read
 * as "error dropped" when the blank really is the error position.
 */
export interface KnownCall {
  /** How many values the call returns; the error is the last. */
  results: number
  /** The call can no longer fail from this Go version on (it is not reported there). */
  harmlessSince?: string
}

const r = (results: number, harmlessSince?: string): KnownCall => ({ results, harmlessSince })

/** Package-level functions, by import path and function name. */
export const FUNCTIONS: Record<string, Record<string, KnownCall>> = {
  'encoding/json': { Unmarshal: r(1), Marshal: r(2), MarshalIndent: r(2), Compact: r(1), Indent: r(1) },
  'encoding/xml': { Unmarshal: r(1), Marshal: r(2), MarshalIndent: r(2) },
  'encoding/hex': { DecodeString: r(2), Decode: r(2) },
  strconv: {
    Atoi: r(2),
    ParseInt: r(2),
    ParseUint: r(2),
    ParseFloat: r(2),
    ParseBool: r(2),
    ParseComplex: r(2),
    Unquote: r(2),
  },
  io: { Copy: r(2), CopyN: r(2), CopyBuffer: r(2), ReadAll: r(2), ReadFull: r(2), ReadAtLeast: r(2), WriteString: r(2) },
  'io/ioutil': { ReadAll: r(2), ReadFile: r(2), WriteFile: r(1), ReadDir: r(2), TempDir: r(2), TempFile: r(2) },
  os: {
    Remove: r(1),
    RemoveAll: r(1),
    Mkdir: r(1),
    MkdirAll: r(1),
    MkdirTemp: r(2),
    CreateTemp: r(2),
    WriteFile: r(1),
    ReadFile: r(2),
    ReadDir: r(2),
    Open: r(2),
    OpenFile: r(2),
    Create: r(2),
    Chdir: r(1),
    Setenv: r(1),
    Unsetenv: r(1),
    Rename: r(1),
    Chmod: r(1),
    Chown: r(1),
    Chtimes: r(1),
    Symlink: r(1),
    Link: r(1),
    Truncate: r(1),
    Getwd: r(2),
    Hostname: r(2),
  },
  'path/filepath': { Abs: r(2), Rel: r(2), Glob: r(2), EvalSymlinks: r(2), Walk: r(1), WalkDir: r(1) },
  'net/url': { Parse: r(2), ParseRequestURI: r(2), ParseQuery: r(2), QueryUnescape: r(2), PathUnescape: r(2) },
  'net/http': { NewRequest: r(2), NewRequestWithContext: r(2), Get: r(2), Head: r(2), Post: r(2), PostForm: r(2) },
  net: { Listen: r(2), Dial: r(2), SplitHostPort: r(3), ParseCIDR: r(3), LookupHost: r(2) },
  time: { Parse: r(2), ParseInLocation: r(2), ParseDuration: r(2), LoadLocation: r(2) },
  'text/template': { ParseFiles: r(2), ParseGlob: r(2), ParseFS: r(2) },
  'html/template': { ParseFiles: r(2), ParseGlob: r(2), ParseFS: r(2) },
  regexp: { Compile: r(2), CompilePOSIX: r(2) },
  'database/sql': { Open: r(2) },
  'os/exec': { LookPath: r(2) },
  fmt: { Sscan: r(2), Sscanf: r(2), Sscanln: r(2) },
  // Since Go 1.24 crypto/rand.Read crashes the program instead of returning an error.
  'crypto/rand': { Read: r(2, '1.24') },
}

/** `base64.StdEncoding.DecodeString(s)`: package-level encodings and their failing methods. */
export const ENCODINGS: Record<string, { values: string[]; methods: Record<string, KnownCall> }> = {
  'encoding/base64': {
    values: ['StdEncoding', 'URLEncoding', 'RawStdEncoding', 'RawURLEncoding'],
    methods: { DecodeString: r(2), Decode: r(2) },
  },
  'encoding/base32': {
    values: ['StdEncoding', 'HexEncoding'],
    methods: { DecodeString: r(2), Decode: r(2) },
  },
}

/** `template.New("x").Parse(s)`: methods of a template made by the package's New. */
export const TEMPLATE_PACKAGES = ['text/template', 'html/template']
export const TEMPLATE_METHODS: Record<string, KnownCall> = { Parse: r(2), ParseFiles: r(2), ParseGlob: r(2), ParseFS: r(2) }

/** `json.NewEncoder(w).Encode(v)`: methods of a value made by a package-level constructor. */
export const CONSTRUCTED: Record<string, { constructor: string; methods: Record<string, KnownCall> }> = {
  'encoding/json': { constructor: 'NewEncoder', methods: { Encode: r(1) } },
  'encoding/xml': { constructor: 'NewEncoder', methods: { Encode: r(1) } },
  'encoding/gob': { constructor: 'NewEncoder', methods: { Encode: r(1) } },
}

/**
 * Methods of variables whose type is known from their declaration (a
 * parameter `w http.ResponseWriter`, `var db *sql.DB`, `db, err := sql.Open(…)`):
 * the declared type as import path and name, and the failing methods.
 */
export const TYPED_METHODS: { path: string; type: string; pointer: boolean; madeBy?: string; methods: Record<string, KnownCall> }[] = [
  { path: 'net/http', type: 'ResponseWriter', pointer: false, methods: { Write: r(2) } },
  { path: 'database/sql', type: 'DB', pointer: true, madeBy: 'Open', methods: { Close: r(1) } },
]
