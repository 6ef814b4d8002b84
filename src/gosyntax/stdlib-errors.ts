/**
 * What the standard library declares about errors, for the few names real
 * code uses most: read from the Go documentation, because guidefix has no
 * type checker and must not take a name for a type. A name missing here is
 * simply not proven to be an error.
 */

/** Functions whose only result is an error, by import path. */
export const STDLIB_ERROR_FUNCS: Record<string, readonly string[]> = {
  errors: ['New', 'Join', 'Unwrap'],
  fmt: ['Errorf'],
  'golang.org/x/xerrors': ['New', 'Errorf', 'Unwrap', 'Opaque'],
  'github.com/pkg/errors': ['New', 'Errorf', 'Wrap', 'Wrapf', 'WithMessage', 'WithMessagef', 'WithStack', 'Cause', 'Unwrap'],
  os: ['Remove', 'RemoveAll', 'Mkdir', 'MkdirAll', 'Chdir', 'Chmod', 'Chown', 'Chtimes', 'Rename', 'Symlink', 'Link', 'Setenv', 'Unsetenv', 'Truncate', 'WriteFile'],
  'io/ioutil': ['WriteFile'],
  'encoding/json': ['Unmarshal', 'Compact', 'Indent'],
  'encoding/xml': ['Unmarshal'],
  'net/http': ['ListenAndServe', 'ListenAndServeTLS', 'Serve', 'ServeTLS'],
  'path/filepath': ['Walk', 'WalkDir'],
  'io/fs': ['WalkDir'],
}

/**
 * Functions with several results of which one is an error: how many
 * results, and which one (0-based) is the error.
 */
export const STDLIB_MULTI_ERROR_FUNCS: Record<string, Record<string, { count: number; index: number }>> = {
  os: Object.fromEntries(
    ['Open', 'Create', 'OpenFile', 'ReadFile', 'ReadDir', 'Stat', 'Lstat', 'Getwd', 'Hostname', 'Executable', 'MkdirTemp', 'CreateTemp', 'UserHomeDir', 'UserConfigDir', 'UserCacheDir', 'Readlink', 'FindProcess', 'StartProcess', 'OpenRoot'].map((f) => [f, { count: 2, index: 1 }]),
  ),
  io: { ...pairs(['ReadAll', 'Copy', 'CopyN', 'CopyBuffer', 'ReadFull', 'ReadAtLeast', 'WriteString']) },
  'io/ioutil': { ...pairs(['ReadAll', 'ReadFile', 'ReadDir', 'TempDir', 'TempFile']) },
  'io/fs': { ...pairs(['ReadFile', 'ReadDir', 'Stat', 'Sub', 'Glob']) },
  strconv: { ...pairs(['Atoi', 'ParseInt', 'ParseUint', 'ParseFloat', 'ParseBool', 'ParseComplex', 'Unquote', 'QuotedPrefix']), UnquoteChar: { count: 4, index: 3 } },
  'encoding/json': { ...pairs(['Marshal', 'MarshalIndent']) },
  'encoding/xml': { ...pairs(['Marshal', 'MarshalIndent']) },
  'encoding/hex': { ...pairs(['DecodeString', 'Decode']) },
  'net/http': { ...pairs(['Get', 'Head', 'Post', 'PostForm', 'NewRequest', 'NewRequestWithContext', 'ReadRequest', 'ReadResponse']) },
  'net/url': { ...pairs(['Parse', 'ParseRequestURI', 'ParseQuery', 'QueryUnescape', 'PathUnescape']) },
  net: { ...pairs(['Dial', 'DialTimeout', 'Listen', 'ListenPacket', 'LookupHost', 'LookupIP', 'LookupAddr', 'LookupCNAME', 'LookupTXT', 'LookupPort', 'ResolveTCPAddr', 'ResolveUDPAddr', 'ResolveIPAddr', 'ParseMAC']), SplitHostPort: { count: 3, index: 2 }, ParseCIDR: { count: 3, index: 2 } },
  'os/exec': { ...pairs(['LookPath']) },
  'os/user': { ...pairs(['Current', 'Lookup', 'LookupId', 'LookupGroup', 'LookupGroupId']) },
  'path/filepath': { ...pairs(['Abs', 'Rel', 'EvalSymlinks', 'Glob']) },
  time: { ...pairs(['Parse', 'ParseDuration', 'ParseInLocation', 'LoadLocation']) },
  regexp: { ...pairs(['Compile', 'CompilePOSIX', 'MatchString', 'Match']) },
  'database/sql': { ...pairs(['Open']) },
  'crypto/tls': { ...pairs(['LoadX509KeyPair', 'X509KeyPair', 'Dial']) },
  'crypto/x509': { ...pairs(['ParseCertificate', 'ParseCertificates', 'SystemCertPool', 'ParsePKCS1PrivateKey', 'ParsePKCS8PrivateKey', 'ParsePKIXPublicKey']) },
  'compress/gzip': { ...pairs(['NewReader', 'NewWriterLevel']) },
  'archive/zip': { ...pairs(['OpenReader', 'NewReader']) },
  fmt: { ...pairs(['Printf', 'Println', 'Print', 'Fprintf', 'Fprintln', 'Fprint', 'Sscanf', 'Sscan', 'Sscanln', 'Scanf', 'Scan', 'Scanln', 'Fscanf', 'Fscan', 'Fscanln']) },
}

function pairs(names: string[]): Record<string, { count: number; index: number }> {
  return Object.fromEntries(names.map((f) => [f, { count: 2, index: 1 }]))
}

/** Exported error variables of the standard library whose names do not start with Err. */
export const STDLIB_SENTINELS: Record<string, readonly string[]> = {
  io: ['EOF'],
  context: ['Canceled', 'DeadlineExceeded'],
}

/**
 * Fields of standard library error types that hold an error, by the type as
 * code names it (`pkg.Type`, pointer or not): `pe.Err` for a `*fs.PathError`.
 */
export const STDLIB_ERROR_FIELDS: Record<string, readonly string[]> = {
  'fs.PathError': ['Err'],
  'os.PathError': ['Err'],
  'os.LinkError': ['Err'],
  'os.SyscallError': ['Err'],
  'net.OpError': ['Err'],
  'url.Error': ['Err'],
  'exec.Error': ['Err'],
  'strconv.NumError': ['Err'],
}

/**
 * Error types of the standard library as code names them, pointer or not
 * as they implement error: a parameter declared `*fs.PathError` is an error.
 */
export const STDLIB_ERROR_TYPES = new Set([
  '*fs.PathError', '*os.PathError', '*os.LinkError', '*os.SyscallError', '*net.OpError', '*net.DNSError', '*net.AddrError', '*net.ParseError',
  '*url.Error', '*exec.Error', '*exec.ExitError', '*strconv.NumError', '*json.SyntaxError', '*json.UnmarshalTypeError', '*json.MarshalerError',
  '*tls.CertificateVerificationError', '*x509.CertificateInvalidError', 'syscall.Errno', 'x509.UnknownAuthorityError', 'x509.HostnameError',
  '*http.MaxBytesError', '*textproto.Error', '*template.Error',
])

/**
 * Result types of methods of standard library types, by the type's name as
 * code writes it; '' stands for a result that is not an error and whose type
 * does not matter here. `ctx.Err()` on a context.Context is an error.
 */
const E = ['error']
const PAIR = ['', 'error']
export const STDLIB_METHOD_RESULTS: Record<string, Record<string, readonly string[]>> = {
  'context.Context': { Err: E },
  'io.Reader': { Read: PAIR },
  'io.Writer': { Write: PAIR },
  'io.Closer': { Close: E },
  'io.ReadCloser': { Read: PAIR, Close: E },
  'io.WriteCloser': { Write: PAIR, Close: E },
  'io.ReadWriter': { Read: PAIR, Write: PAIR },
  'io.ReadWriteCloser': { Read: PAIR, Write: PAIR, Close: E },
  'http.ResponseWriter': { Write: PAIR },
  '*bufio.Scanner': { Err: E },
  '*bufio.Reader': { ReadString: PAIR, ReadBytes: PAIR, ReadByte: PAIR, ReadRune: ['', '', 'error'], ReadLine: ['', '', 'error'] },
  '*bufio.Writer': { Flush: E, Write: PAIR, WriteString: PAIR },
  '*sql.DB': {
    Ping: E, PingContext: E, Close: E, QueryRow: ['*sql.Row'], QueryRowContext: ['*sql.Row'],
    Query: ['*sql.Rows', 'error'], QueryContext: ['*sql.Rows', 'error'], Exec: PAIR, ExecContext: PAIR, Begin: ['*sql.Tx', 'error'], BeginTx: ['*sql.Tx', 'error'],
    Prepare: ['*sql.Stmt', 'error'], PrepareContext: ['*sql.Stmt', 'error'], Conn: ['*sql.Conn', 'error'],
  },
  '*sql.Stmt': { Close: E, Exec: PAIR, ExecContext: PAIR, Query: ['*sql.Rows', 'error'], QueryContext: ['*sql.Rows', 'error'], QueryRow: ['*sql.Row'], QueryRowContext: ['*sql.Row'] },
  '*sql.Conn': { Close: E, PingContext: E, ExecContext: PAIR, QueryContext: ['*sql.Rows', 'error'], QueryRowContext: ['*sql.Row'], BeginTx: ['*sql.Tx', 'error'], PrepareContext: ['*sql.Stmt', 'error'] },
  '*sql.Tx': { Commit: E, Rollback: E, QueryRow: ['*sql.Row'], QueryRowContext: ['*sql.Row'], Query: ['*sql.Rows', 'error'], QueryContext: ['*sql.Rows', 'error'], Exec: PAIR, ExecContext: PAIR },
  '*sql.Rows': { Err: E, Close: E, Scan: E },
  '*sql.Row': { Err: E, Scan: E },
  '*os.File': { Close: E, Sync: E, Chmod: E, Truncate: E, Write: PAIR, WriteString: PAIR, Read: PAIR, Stat: ['', 'error'], Seek: PAIR },
  '*exec.Cmd': { Run: E, Start: E, Wait: E, Output: PAIR, CombinedOutput: PAIR },
  '*http.Server': { ListenAndServe: E, ListenAndServeTLS: E, Shutdown: E, Close: E, Serve: E },
  '*http.Client': { Do: ['*http.Response', 'error'], Get: ['*http.Response', 'error'], Post: ['*http.Response', 'error'], Head: ['*http.Response', 'error'] },
  '*http.Request': { Context: ['context.Context'], ParseForm: E, ParseMultipartForm: E },
  '*json.Decoder': { Decode: E },
  '*json.Encoder': { Encode: E },
  '*template.Template': { Execute: E, ExecuteTemplate: E },
  'net.Conn': { Close: E, Write: PAIR, Read: PAIR, SetDeadline: E },
  'net.Listener': { Close: E, Accept: ['net.Conn', 'error'] },
}

/** Constructors of the standard library whose result has a type named above. */
export const STDLIB_CONSTRUCTORS: Record<string, Record<string, { type: string; index: number; count: number }>> = {
  context: {
    Background: { type: 'context.Context', index: 0, count: 1 },
    TODO: { type: 'context.Context', index: 0, count: 1 },
    WithValue: { type: 'context.Context', index: 0, count: 1 },
    WithoutCancel: { type: 'context.Context', index: 0, count: 1 },
    WithCancel: { type: 'context.Context', index: 0, count: 2 },
    WithCancelCause: { type: 'context.Context', index: 0, count: 2 },
    WithTimeout: { type: 'context.Context', index: 0, count: 2 },
    WithTimeoutCause: { type: 'context.Context', index: 0, count: 2 },
    WithDeadline: { type: 'context.Context', index: 0, count: 2 },
    WithDeadlineCause: { type: 'context.Context', index: 0, count: 2 },
  },
  'os/exec': { Command: { type: '*exec.Cmd', index: 0, count: 1 }, CommandContext: { type: '*exec.Cmd', index: 0, count: 1 } },
  os: { Open: { type: '*os.File', index: 0, count: 2 }, Create: { type: '*os.File', index: 0, count: 2 }, OpenFile: { type: '*os.File', index: 0, count: 2 } },
  'database/sql': { Open: { type: '*sql.DB', index: 0, count: 2 } },
  'net/http': {
    NewRequest: { type: '*http.Request', index: 0, count: 2 },
    NewRequestWithContext: { type: '*http.Request', index: 0, count: 2 },
    Get: { type: '*http.Response', index: 0, count: 2 },
  },
  net: { Dial: { type: 'net.Conn', index: 0, count: 2 }, Listen: { type: 'net.Listener', index: 0, count: 2 } },
  bufio: { NewScanner: { type: '*bufio.Scanner', index: 0, count: 1 }, NewReader: { type: '*bufio.Reader', index: 0, count: 1 }, NewWriter: { type: '*bufio.Writer', index: 0, count: 1 } },
  'encoding/json': { NewDecoder: { type: '*json.Decoder', index: 0, count: 1 }, NewEncoder: { type: '*json.Encoder', index: 0, count: 1 } },
}

/** Whether an import path belongs to the standard library (its first element has no dot). */
export function isStdlibPath(path: string): boolean {
  return !path.split('/')[0].includes('.')
}
