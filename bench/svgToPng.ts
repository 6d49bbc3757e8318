/**
 * Dev helper: renders `bench/results/*.svg` to PNG with headless Chromium, to look at the plots.
 * Usage: tsx bench/svgToPng.ts [outDir] (default /tmp/bench-png). Not part of `npm run bench`.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { RESULTS_DIR } from './lib/table'
import { CHROMIUM_ARGS, chromiumPath } from './lib/browser'

const outDir = process.argv[2] ?? '/tmp/bench-png'
mkdirSync(outDir, { recursive: true })
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS })
try {
  const page = await browser.newPage()
  for (const file of readdirSync(RESULTS_DIR).filter((name) => name.endsWith('.svg'))) {
    const svg = readFileSync(join(RESULTS_DIR, file), 'utf8')
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`)
    const element = await page.$('svg')
    await element?.screenshot({ path: join(outDir, file.replace(/\.svg$/, '.png')) })
    console.log(join(outDir, file.replace(/\.svg$/, '.png')))
  }
} finally {
  await browser.close()
}
