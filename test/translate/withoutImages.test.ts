import { describe, expect, it } from 'vitest';
import { withoutImages } from '../../src/translate/withoutImages.js';

const image = { type: 'image', image_url: 'https://grafana.internal/x.png', alt_text: 'x' };

describe('withoutImages', () => {
  it('drops image accessories and context images, keeping everything else', () => {
    const content = {
      text: 'fallback',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*T*' }, accessory: image }],
      attachments: [
        {
          color: '#d00000',
          fallback: 'f',
          blocks: [
            { type: 'context', elements: [image, { type: 'mrkdwn', text: 'did it' }] },
            { type: 'context', elements: [image] },
          ],
        },
      ],
    };
    expect(withoutImages(content)).toEqual({
      text: 'fallback',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*T*' } }],
      attachments: [
        {
          color: '#d00000',
          fallback: 'f',
          blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'did it' }] }],
        },
      ],
    });
  });

  it('says so when there is nothing to drop', () => {
    expect(withoutImages({ attachments: [{ fallback: 'f', text: 't' }] })).toBeUndefined();
  });
});
