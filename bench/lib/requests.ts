/** What knocks at the server, as the clients log it: a socket upgrade or an HTTP poll. */
export const SOCKET = 0
export const POLL = 1
export type RequestKind = typeof SOCKET | typeof POLL

/** [at, client, endpoint, kind] for every socket the clients constructed and every poll they sent. */
export type AttemptRow = [number, number, number, RequestKind]
