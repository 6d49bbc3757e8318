export * from './store'
export * from './transport'
