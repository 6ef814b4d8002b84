import { registerDynamicLanguage, parse } from '@ast-grep/napi'
import go from '@ast-grep/lang-go'
registerDynamicLanguage({ go })
const src = process.argv[2] ? (await import('fs')).readFileSync(process.argv[2],'utf8') : `package main

import (
	"fmt"
	e "errors"
)

var ErrX, y = errors.New("x"), 2

func (s *S) f(a, b int, ctx context.Context, xs ...string) (n int, err error) {
	x, err := g()
	for i, v := range xs { _ = v }
	for i := 0; i < 3; i++ {}
	if se, ok := err.(*T); ok && se.C { }
	switch err := err.(type) { case *T: }
	go func(q int) {}(1)
	var z int = 3
	return fmt.Errorf("x %v", err)
}
`
function dump(n, d=0) {
  const f = ['name','type','left','right','value','body','parameters','result','receiver','initializer','condition','alias','function','arguments','operand','field','path','declarator','operator']
  let fields = []
  const p = n.parent()
  if (p) for (const fn of f) { try { const c = p.field(fn); if (c && c.id() === n.id()) fields.push(fn) } catch {} }
  console.log('  '.repeat(d) + (fields.length? fields.join(',')+': ' : '') + n.kind() + (n.isLeaf() ? ' ' + JSON.stringify(n.text()) : ''))
  for (const c of n.children()) dump(c, d+1)
}
dump(parse('go', src).root())
