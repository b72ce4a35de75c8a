import { InboundMessageResult } from '../../schema/index.js';
import type { HttpClient } from '../http-client.js';
import type { InboundMessagesResource } from '../types.js';

export function createInboundMessagesResource(http: HttpClient): InboundMessagesResource {
  return {
    create: (input, options) =>
      http.json({ method: 'post', path: 'inbound-messages', body: input, options }, InboundMessageResult),
  };
}
