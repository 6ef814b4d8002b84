import type { SgNode } from '@ast-grep/napi'
import type { CodemodModule, RuleContext } from '../../src/codemod/types.js'
import type { PackageIndex } from '../../src/engine/package-index.js'
import { field, fieldChildren, indentationAt, namedChildren } from '../../src/gosyntax/nodes.js'
import { layoutOf, packedOrder, structSize, type TypeLayout } from '../lib/struct-layout.js'

/**
 * Matches a struct type whose fields all have a size known from the syntax
 * (codemods/lib/struct-layout.ts, amd64) and that would take less memory
 * with its fields ordered by alignment, largest first:
 *
 *	type Order struct {              type Order struct {
 *		Paid  bool                       ID    int64
 *		ID    int64            →         Total float64
 *		Total float64                    Paid  bool
 *	}  // 24 bytes                   }  // 16 bytes
 *
 * Each field keeps its doc comment, trailing comment and tag. Finding
 * only (no fix) where order matters beyond memory: the package builds the
 * struct with a positional literal (`Order{true, 1, 2}`), or uses
 * encoding/binary, unsafe, reflect or cgo, or a field carries a tag of an
 * ordered encoding (asn1, xdr, …). Generated files are left alone.
 */
const ORDERED_TAG = /`[^`]*\b(asn1|xdr|struc|binary|bin|protobuf|msgpack|cbor):/
const ORDER_SENSITIVE_IMPORT = new Set(['encoding/binary', 'unsafe', 'reflect', 'C'])

interface FieldUnit {
  decl: SgNode
  layout: TypeLayout
  /** Source of the field with its doc comment lines and trailing comment. */
  text: string
}

const codemod: CodemodModule = {
  meta: {
    id: 'struct-field-alignment',
    section: '§9',
    tier: 'suggest',
    message: 'struct fields are ordered so that padding wastes memory; order them by alignment, largest first',
    rationale:
      'Each field starts at a multiple of its alignment, so a small field before a large one leaves a gap of padding, and the struct is rounded up to its largest alignment. Ordering fields from the largest alignment to the smallest removes most of that waste, which counts for structs held by the million or scanned in hot loops.',
    useInstead: 'int64, pointers, strings and slices first, then int32, then int16, then bool and byte fields',
    fixSafety:
      'Suggest: field order is visible to code outside the struct. The fix keeps comments and tags with their fields but changes the order in which encoders such as encoding/json write fields, and is never applied when the package builds the struct with a positional literal or uses encoding/binary, unsafe, reflect or cgo, or when a tag names an ordered encoding. Sizes are those of amd64.',
    examples: [
      {
        bad: 'type Order struct {\n\tPaid  bool\n\tID    int64\n\tTotal float64\n\tShip  bool\n}',
        good: 'type Order struct {\n\tID    int64\n\tTotal float64\n\tPaid  bool\n\tShip  bool\n}',
      },
    ],
  },
  // A struct with a one-byte to four-byte field, the ones that leave padding.
  prefilter: [/^\s+\w+(\s*,\s*\w+)*\s+(bool|u?int(8|16|32)|byte|rune|float32)\b/m],
  matchers: { structs: { kind: 'type_spec', has: { field: 'type', kind: 'struct_type' } } },
  check(ctx) {
    // Generated code is rewritten by its generator, which would restore the order.
    if (/^\/\/ Code generated .* DO NOT EDIT\.$/m.test(ctx.source)) return
    for (const spec of ctx.matches('structs')) checkStruct(ctx, spec)
  },
}

function checkStruct(ctx: RuleContext, spec: SgNode): void {
  if (field(spec, 'type_parameters')) return
  const nameNode = field(spec, 'name')!
  const name = nameNode.text()
  const list = namedChildren(field(spec, 'type')!).find((c) => c.kind() === 'field_declaration_list')
  if (!list) return
  const decls = namedChildren(list).filter((c) => c.kind() === 'field_declaration')
  const units: FieldUnit[] = []
  for (const d of decls) {
    const names = fieldChildren(d, 'name')
    const type = field(d, 'type')
    const layout = type ? layoutOf(type.text()) : null
    // Embedded fields and types the syntax cannot size leave the struct unmeasured.
    if (names.length === 0 || !layout || layout.size === 0) return
    for (let i = 0; i < names.length; i++) units.push({ decl: d, layout, text: '' })
  }
  if (units.length < 2) return
  const before = structSize(units.map((u) => u.layout))
  const order = packedOrder(units.map((u) => u.layout))
  const after = structSize(order.map((i) => units[i].layout))
  if (after >= before) return
  const message = `struct ${name} takes ${before} bytes on amd64; ordered by alignment, largest first, it takes ${after}`
  const refusal = refusalOf(ctx, name, decls)
  if (refusal) return ctx.report({ node: nameNode, message: `${message} (not fixed: ${refusal})` })
  const text = reorderedBody(ctx.source, list, decls)
  if (text === null) return ctx.report({ node: nameNode, message: `${message} (not fixed: a comment in the field list belongs to no field)` })
  // From the end of the line of `{` (its comment stays) to the `}`.
  const r = list.range()
  const start = ctx.source.indexOf('\n', r.start.index)
  if (start === -1 || start > r.end.index) return ctx.report({ node: nameNode, message: `${message} (not fixed: the struct is written on one line)` })
  ctx.report({ node: nameNode, message, fix: { edits: [{ start, end: r.end.index - 1, text }] } })
}

function refusalOf(ctx: RuleContext, name: string, decls: SgNode[]): string | null {
  if (decls.some((d) => ORDERED_TAG.test(d.text()))) return 'a field tag names an encoding that follows field order'
  const sensitive = ctx.pkg.files.flatMap((f) => f.imports.filter((i) => ORDER_SENSITIVE_IMPORT.has(i.path)).map((i) => i.path))
  if (sensitive.length > 0) return `the package imports ${sensitive[0] === 'C' ? 'cgo' : sensitive[0]}, which may depend on field order`
  const positional = positionalLiteral(ctx.pkg, name)
  if (positional) return `${name} is built with a positional literal at ${positional}`
  return null
}

/** Where the package builds `Name{a, b, …}` without field names, if anywhere. */
function positionalLiteral(pkg: PackageIndex, name: string): string | null {
  const literal = new RegExp(`\\b${name}\\s*\\{`)
  for (const file of pkg.files) {
    if (!literal.test(file.source)) continue
    for (const lit of file.root.findAll({ rule: { kind: 'composite_literal', has: { field: 'type', regex: `^(\\w+\\.)?${name}$` } } })) {
      const body = field(lit, 'body')
      const elements = body ? namedChildren(body) : []
      if (elements.some((e) => e.kind() !== 'keyed_element')) return `${file.path.split('/').pop()}:${lit.range().start.line + 1}`
    }
  }
  // Elements of a slice or map of the struct may leave the type out: `[]Name{{a, b}}`.
  for (const file of pkg.files) {
    if (!new RegExp(`\\]\\*?${name}\\s*\\{`).test(file.source)) continue
    for (const lit of file.root.findAll({ rule: { kind: 'literal_value', inside: { kind: 'literal_element' } } })) {
      if (namedChildren(lit).some((e) => e.kind() !== 'keyed_element' && e.kind() !== 'comment')) return `${file.path.split('/').pop()}:${lit.range().start.line + 1}`
    }
  }
  return null
}

/**
 * The lines of the field list in packed order (from the end of the line of
 * `{` to the `}`), each field with the comment lines just above it and the
 * comment after it on its line. Null when a comment
 * belongs to no field (a trailing comment after the last field, a free
 * comment between blank lines).
 */
function reorderedBody(source: string, list: SgNode, decls: SgNode[]): string | null {
  const indent = indentationAt(source, decls[0].range().start.index)
  const closingIndent = indentationAt(source, list.range().end.index - 1)
  const openLine = list.range().start.line
  const pieces = new Map<number, string>()
  const owned = new Set<number>()
  for (const d of decls) {
    const lines: string[] = []
    let line = d.range().start.line
    for (let prev = d.prev(); prev && prev.kind() === 'comment' && prev.range().end.line === line - 1; prev = prev.prev()) {
      // A comment after `{` or after another field stays where it is.
      if (prev.range().start.line === openLine || decls.some((x) => x.range().end.line === prev!.range().start.line)) break
      lines.unshift(prev.text())
      owned.add(prev.id())
      line = prev.range().start.line
    }
    let text = d.text()
    const next = d.next()
    if (next && next.kind() === 'comment' && next.range().start.line === d.range().end.line) {
      text += ` ${next.text()}`
      owned.add(next.id())
    }
    pieces.set(d.id(), [...lines, text].join(`\n${indent}`))
  }
  if (list.children().some((c) => c.kind() === 'comment' && !owned.has(c.id()) && c.range().start.line !== openLine)) return null
  const layouts = decls.map((d) => layoutOf(field(d, 'type')!.text())!)
  const order = packedOrder(layouts)
  return `\n${order.map((i) => indent + pieces.get(decls[i].id())!).join('\n')}\n${closingIndent}`
}

export default codemod
