/**
 * How `client.close()` ends what it tracks: things that have this method are ended with
 * the client's PyFlueClientClosedError (pending work rejects with it); others get `close()`.
 * A symbol, so it stays off the public surface of streams and sockets. @internal
 */
export const closeForClient: unique symbol = Symbol('pyflue.closeForClient');
