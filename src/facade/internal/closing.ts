/**
 * How `client.close()` ends what it tracks: things that have this method are ended with
 * the client's PyFlueClientClosedError (pending work rejects with it); others get `close()`.
 * A symbol the package entry does not export, so it stays off the surface users reach.
 * (Not tagged internal: declarations that are not stripped import it.)
 */
export const closeForClient: unique symbol = Symbol('pyflue.closeForClient');
