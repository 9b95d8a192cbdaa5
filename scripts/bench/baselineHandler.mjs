// The lower bound the proxy is measured against (issue 8): a hand-written ALB handler with no
// framework that does the same essential work — read its two secrets once (as the deployed
// proxy does: from the Parameters and Secrets extension's localhost endpoint), read the token,
// check one SHA-256 digest, JSON-parse the body, build the same Slack text, make one POST to
// Slack, answer 204.
// It is deliberately naive about everything the proxy handles and it does not (lenient
// parsing, validation, rooms, retries, deadlines, rotation): it is a floor, not an alternative.
import { createHash, timingSafeEqual } from 'node:crypto';

const slackUrl = `${process.env.SLACK_API_URL ?? 'https://slack.com/api/'}chat.postMessage`;
const extension = `http://localhost:${process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? 2773}`;

async function readSecret(secretId) {
  const response = await fetch(
    `${extension}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`,
    { headers: { 'x-aws-parameters-secrets-token': process.env.AWS_SESSION_TOKEN ?? '' } },
  );
  return (await response.json()).SecretString;
}

let secrets;
const loadSecrets = async () => {
  const [whitelist, slackToken] = await Promise.all([
    readSecret(process.env.WHITELIST_SECRET_ID),
    readSecret(process.env.SLACK_TOKEN_SECRET_ID),
  ]);
  const expected = Buffer.from(JSON.parse(whitelist).tokens[0].sha256, 'hex');
  return { expected, slackToken };
};

const escapeMrkdwn = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const handler = async (event) => {
  secrets ??= loadSecrets();
  const { expected, slackToken } = await secrets;
  const header = event.headers?.authorization ?? '';
  const token = header.startsWith('Bearer ')
    ? header.slice(7)
    : (event.queryStringParameters?.auth_token ?? '');
  const digest = createHash('sha256').update(token).digest();
  if (expected.length !== digest.length || !timingSafeEqual(digest, expected)) {
    return { statusCode: 401, statusDescription: '401 Unauthorized', headers: {}, body: '' };
  }
  const body = JSON.parse(
    event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body,
  );
  const room = decodeURIComponent(event.path.split('/')[3] ?? '');
  const response = await fetch(slackUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${slackToken}`,
      'content-type': 'application/json; charset=utf-8',
    },
    body: JSON.stringify({
      channel: `#${room.toLowerCase()}`,
      attachments: [
        {
          color: '#2eb886',
          fallback: body.message,
          text: escapeMrkdwn(body.message),
          mrkdwn_in: ['text'],
        },
      ],
    }),
  });
  await response.json();
  return { statusCode: 204, statusDescription: '204 No Content', headers: {}, body: '' };
};
