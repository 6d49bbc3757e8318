// The sources import './store' (bundler resolution); Node's ESM resolution (node16/nodenext) needs the
// full file name in the published .d.ts: './store/index.js'. Rewrites every relative specifier of the
// emitted declarations to the file that exists, and fails the build on one that resolves to nothing.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*|\.{1,2})\2/g

const declarationFiles = (dir) =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) return declarationFiles(path)
    return path.endsWith('.d.ts') ? [path] : []
  })

const resolveSpecifier = (file, specifier) => {
  if (specifier.endsWith('.js')) return specifier
  const base = join(dirname(file), specifier)
  if (existsSync(`${base}.d.ts`)) return `${specifier}.js`
  if (existsSync(join(base, 'index.d.ts'))) return `${specifier.replace(/\/$/, '')}/index.js`
  throw new Error(`${relative(process.cwd(), file)}: cannot resolve "${specifier}" to a declaration file`)
}

export function addDeclarationExtensions(dir) {
  let rewritten = 0
  for (const file of declarationFiles(dir)) {
    const before = readFileSync(file, 'utf8')
    const after = before.replace(SPECIFIER, (_match, lead, quote, specifier) => {
      rewritten += 1
      return `${lead}${quote}${resolveSpecifier(file, specifier)}${quote}`
    })
    if (after !== before) writeFileSync(file, after)
  }
  return rewritten
}
