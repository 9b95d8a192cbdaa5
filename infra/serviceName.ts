/**
 * The service's name: the `service` tag on every resource, the ALB handler's
 * POWERTOOLS_SERVICE_NAME, and the start of the descriptions, so a resource says whose it is.
 *
 * @example
 * new SecurityGroup(this, 'Group', { vpc, description: `${SERVICE_NAME} internal ALB` });
 */
export const SERVICE_NAME = 'hipchat-slack-proxy';
