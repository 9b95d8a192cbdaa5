/** HipChat v1's own wording (reference/hipchat-api.md §2, §4), which v1 clients log or match. */
export const V1_MESSAGES = {
  invalidToken: 'Auth token invalid. Please see: https://www.hipchat.com/docs/api/auth',
  rateLimited:
    'You have exceeded the rate limit. See https://www.hipchat.com/docs/api/rate_limiting',
  fromLength: 'From name must be between 1 and 15 characters.',
} as const;
