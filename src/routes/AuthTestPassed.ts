/**
 * Thrown by the auth pipeline for HipChat's `?auth_test=true` once the token passed every check
 * of the call: nothing more is done, and the app answers HipChat's 202 in one place
 * (`createProxyApi`), so no route has to look for it.
 *
 * @example
 * if (error instanceof AuthTestPassed) res.status(202).json(AuthTestPassed.BODY);
 */
export class AuthTestPassed extends Error {
  /** HipChat's answer, word for word. */
  static readonly BODY = {
    success: {
      code: 202,
      message: 'This auth_token has access to use this method.',
      type: 'Accepted',
    },
  } as const;

  constructor() {
    super('auth_test passed');
    this.name = 'AuthTestPassed';
  }
}
