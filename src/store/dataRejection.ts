/**
 * Thrown by a reducer (or a schema) to say a message cannot be applied. The store reports its
 * message as is (`dataError`, `lastError`); any other error a reducer throws is reported as
 * "reducer of endpoint … threw …".
 */
export class DataRejection extends Error {
  override readonly name = 'DataRejection'
}
