/**
 * What `hipchat-proxy` exits with, so scripts and runbooks can tell failures apart.
 *
 * @example
 * hipchat-proxy tokens revoke --label gone || [ $? -eq 3 ] && echo "already revoked"
 */
export const EXIT_CODES = {
  ok: 0,
  /** AWS or the file system failed; nothing was written. */
  failure: 1,
  /** Bad command line: unknown command or option, missing value. */
  usage: 2,
  /** What the command needs does not exist: a label, a secret, a file to read (`usage x.log`). */
  notFound: 3,
  /** Another operator changed the whitelist/secret at the same time, and retries did not settle it. */
  conflict: 4,
  /** The stored or the resulting document is invalid (schema, duplicate label or token). */
  invalid: 5,
  /** `check`: every account works, but some run another version than this clone. */
  outdated: 6,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
