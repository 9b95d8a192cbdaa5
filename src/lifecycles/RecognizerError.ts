/**
 * An operator's recognizer refused: not JSON, not the expected shape, a pattern that does not
 * compile, lacks a named group, or looks catastrophic. The message names the entry and why.
 *
 * @example
 * throw new RecognizerError('recognizer 1 ("my-checks"): the pattern has no named group "state"');
 */
export class RecognizerError extends Error {
  override readonly name = 'RecognizerError';
}
