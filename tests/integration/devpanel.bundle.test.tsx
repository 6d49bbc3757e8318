import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

// The production-bundle proof: the demo (which mounts the panel in development only) built for
// production contains none of the panel; a tiny app that enables it does, so the check can fail.
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const PANEL_MARKERS = [
  'zustand-realtime-devpanel-ui', // PanelUi: the lazy UI chunk
  'data-zustand-realtime-devpanel', // ui/shadowHost: the host element
  'chaos on (offline)', // core/summary: the model
]

let workDir = ''

/** A production build (Vite takes DEV from NODE_ENV, which is "test" under Vitest) of `root` into `outDir`; every emitted file's text. */
const buildInto = async (root: string, outDir: string): Promise<string> => {
  vi.stubEnv('NODE_ENV', 'production')
  await build({
    root,
    configFile: false,
    mode: 'production',
    logLevel: 'silent',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, minify: true, reportCompressedSize: false },
  }).finally(() => vi.unstubAllEnvs())
  const files = await readdir(outDir, { recursive: true, withFileTypes: true })
  const texts = await Promise.all(files.filter((file) => file.isFile() && /\.(js|css|html)$/.test(file.name)).map((file) => readFile(join(file.parentPath, file.name), 'utf8')))
  return texts.join('\n')
}
const markersIn = (bundle: string): string[] => PANEL_MARKERS.filter((marker) => bundle.includes(marker))

beforeAll(async () => {
  // Inside node_modules/, so the tiny app resolves react like the project does.
  await mkdir(join(ROOT, 'node_modules', '.cache'), { recursive: true })
  workDir = await mkdtemp(join(ROOT, 'node_modules', '.cache', 'devpanel-bundle-'))
})
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true })
})

describe('production bundles', () => {
  it('the demo built for production contains none of the dev panel', async () => {
    const bundle = await buildInto(ROOT, join(workDir, 'demo'))
    expect(bundle).toContain('ADW Control Center') // it is the demo
    expect(bundle).toContain('queue_update') // with the store in it
    expect(markersIn(bundle)).toEqual([])
  }, 120_000)

  it('an app that passes enabled gets the panel (so the check above can fail)', async () => {
    const app = join(workDir, 'enabled-app')
    const src = (path: string) => JSON.stringify(join(ROOT, path))
    await mkdir(app, { recursive: true })
    await writeFile(join(app, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="./main.tsx"></script>')
    await writeFile(join(app, 'main.tsx'), [
      `import { createRoot } from 'react-dom/client'`,
      `import { createDashboardStore } from ${src('src/store/index.ts')}`,
      `import { TransportDevPanel } from ${src('src/devpanel/index.ts')}`,
      `const store = createDashboardStore('ws://127.0.0.1:1')`,
      `createRoot(document.getElementById('root')!).render(<TransportDevPanel store={store} enabled />)`,
    ].join('\n'))
    const bundle = await buildInto(app, join(app, 'dist'))
    expect(markersIn(bundle)).toEqual(PANEL_MARKERS)
  }, 120_000)
})
