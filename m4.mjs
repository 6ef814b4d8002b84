import { parse, registerDynamicLanguage } from '@ast-grep/napi'
import go from '@ast-grep/lang-go'
import fs from 'node:fs'; import path from 'node:path'
registerDynamicLanguage({ go })
function walk(d, out=[]) { for (const e of fs.readdirSync(d,{withFileTypes:true})) { const p=path.join(d,e.name); if (e.isDirectory()) walk(p,out); else if (p.endsWith('.go')) out.push(p) } return out }
const files = walk('/work/main/bench/corpus/1000').slice(0,400)
const texts = files.map(f=>fs.readFileSync(f,'utf8'))
function t(name, fn) { const s=performance.now(); const r=fn(); const e=performance.now(); console.log(name.padEnd(40), ((e-s)/texts.length*1000).toFixed(0)+' us/file', r??'') }
const R = texts.map(s=>parse('go', s).root())
const b = [
 {kind:'binary_expression', has:{field:'operator', regex:'^(==|!=)$'}},
 {kind:'expression_switch_statement'},
 {kind:'type_assertion_expression'},
 {kind:'type_switch_statement'},
 {kind:'call_expression', has:{field:'function', regex:'^(fmt|xerrors)\\.Errorf$'}},
 {kind:'call_expression', has:{field:'function', regex:'^(strings\\.(Contains|HasPrefix|HasSuffix|EqualFold|Index)|log\\.(Print|Printf|Println))$'}},
 {kind:'if_statement', has:{field:'condition', kind:'binary_expression'}},
 {any:[{kind:'short_var_declaration'},{kind:'assignment_statement'}], has:{field:'right', stopBy:'neighbor', has:{kind:'call_expression', stopBy:'neighbor'}}},
 {kind:'ERROR'},
]
const rule = {all:[{any:b}, ...b.map((x,i)=>({any:[{all:[x,{pattern:`$M${i}`}]}, {pattern:`$_F${i}`}]}))]}
let all
t('plain any', ()=>{ return R.map(r=>r.findAll({rule:{any:b}})).reduce((a,b)=>a+b.length,0)/R.length })
t('labelled all', ()=>{ all = R.map(r=>r.findAll({rule})); return all.reduce((a,b)=>a+b.length,0)/R.length })
t('kind+getMatch', ()=>{ let c=0; all.forEach(l=>l.forEach(n=>{ const k=n.kind(); if(k==='binary_expression'||k==='call_expression') { for(const i of [0,4,5]) if(n.getMatch('M'+i)) c++ } })); return c })
t('separate', ()=>{ R.forEach(r=>b.forEach(x=>r.findAll({rule:x}))) })
t('range on results', ()=>{ all.forEach(l=>l.forEach(n=>n.range())) })
