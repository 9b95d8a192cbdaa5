/**
 * Why the local store cannot be opened, in one line an operator can act on (another
 * `npm start` holds it, the Node is too old, a newer version wrote it): hosts print the
 * message alone, without a stack trace.
 */
export class LocalStoreError extends Error {
  override name = 'LocalStoreError';
}
