/**
 * Initialisms Go names keep in one case (ID, not Id): naming rules use them
 * to split a name into words, so that `IPAddr` is not read as `I` + `PAddr`
 * and `UUIDStore` in package `u` is not a stutter. Rules that use the list
 * take an `allowInitialisms` option that adds to it.
 */
export const INITIALISMS: readonly string[] = [
  'ACL', 'API', 'ASCII', 'AWS', 'CPU', 'CSS', 'CSV', 'DB', 'DNS', 'EOF', 'GC', 'GRPC', 'GUID', 'HTML', 'HTTP', 'HTTPS',
  'IAM', 'ICMP', 'ID', 'IDE', 'IMAP', 'IO', 'IP', 'IPC', 'IPv4', 'IPv6', 'ISO', 'JSON', 'JWT', 'LDAP', 'LHS', 'OS', 'QPS',
  'RAM', 'RHS', 'RPC', 'SLA', 'SMTP', 'SQL', 'SSH', 'SSO', 'TCP', 'TLS', 'TTL', 'UDP', 'UI', 'UID', 'URI', 'URL', 'UTF8',
  'UUID', 'VM', 'XML', 'XMPP', 'XSRF', 'XSS', 'YAML',
]

/** The built-in list plus the words of a rule's `allowInitialisms` option, longest first. */
export function initialismsWith(extra: readonly string[]): string[] {
  return [...new Set([...INITIALISMS, ...extra])].sort((a, b) => b.length - a.length)
}

/** The initialism from the list that `name` starts with, as a whole word, if any. */
export function leadingInitialism(name: string, initialisms: readonly string[]): string | undefined {
  return initialisms.find((w) => name.startsWith(w) && boundaryAt(name, w.length))
}

/**
 * The words of a Go identifier: `HTTPServerConfig` → HTTP, Server, Config;
 * `IPAddr` → IP, Addr; `userID` → user, ID. An initialism from the list
 * counts as a word when it ends where a new word starts.
 */
export function wordsOf(name: string, initialisms: readonly string[]): string[] {
  const words: string[] = []
  let rest = name
  while (rest.length > 0) {
    const known = leadingInitialism(rest, initialisms)
    if (known) {
      words.push(rest.slice(0, known.length))
      rest = rest.slice(known.length)
      continue
    }
    // A capitalised word, a run of capitals before one, or a run of lower case / digits.
    const m = /^([A-Z][a-z0-9]+|[A-Z]+(?=[A-Z][a-z])|[A-Z]+|[a-z0-9]+|_+|.)/.exec(rest)!
    words.push(m[0])
    rest = rest.slice(m[0].length)
  }
  return words.filter((w) => !/^_+$/.test(w))
}

/** Whether a new word starts at `i` (or the name ends there). */
function boundaryAt(name: string, i: number): boolean {
  if (i >= name.length) return true
  const c = name[i]
  return /[A-Z0-9_]/.test(c) || (c === 's' && (i + 1 === name.length || /[A-Z]/.test(name[i + 1])))
}
