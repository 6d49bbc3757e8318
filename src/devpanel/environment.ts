/** `process.env.NODE_ENV`, written out in full so bundlers replace it; undefined where there is no `process`. */
const nodeEnv = (): string | undefined => {
  try {
    return process.env.NODE_ENV
  } catch {
    return undefined
  }
}

/** True in a production build (Vite's `import.meta.env.PROD`, or `NODE_ENV=production` for other bundlers and tests). */
export const isProductionBuild = (): boolean => nodeEnv() === 'production' || import.meta.env?.PROD === true
