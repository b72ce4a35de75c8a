import {
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookEndpointPage,
  WebhookEndpointWithSecret,
  WebhookSecretRotation,
} from '../../schema/webhook-endpoint.js';
import type { HttpClient } from '../http-client.js';
import type { WebhookEndpointsResource } from '../types.js';
import { paginate } from './paginate.js';

const endpointPath = (id: string, rest = '') => `webhook-endpoints/${encodeURIComponent(id)}${rest}`;

export function createWebhookEndpointsResource(http: HttpClient): WebhookEndpointsResource {
  const resource: WebhookEndpointsResource = {
    list: (query = {}, options) =>
      http.json({ method: 'get', path: 'webhook-endpoints', query: { ...query }, options }, WebhookEndpointPage),
    iterate: (query = {}, options) => paginate((cursor) => resource.list({ ...query, cursor }, options)),
    get: (id, options) => http.json({ method: 'get', path: endpointPath(id), options }, WebhookEndpoint),
    create: (input, options) =>
      http.json({ method: 'post', path: 'webhook-endpoints', body: input, options }, WebhookEndpointWithSecret),
    update: (id, patch, options) => http.json({ method: 'patch', path: endpointPath(id), body: patch, options }, WebhookEndpoint),
    delete: (id, options) => http.empty({ method: 'delete', path: endpointPath(id), options }),
    rotateSecret: (id, input = {}, options) =>
      http.json({ method: 'post', path: endpointPath(id, '/rotate-secret'), body: input, options }, WebhookSecretRotation),
    test: (id, options) => http.json({ method: 'post', path: endpointPath(id, '/test'), body: {}, options }, WebhookDelivery),
    deliveries: (id, query = {}, options) =>
      http.json({ method: 'get', path: endpointPath(id, '/deliveries'), query: { ...query }, options }, WebhookDeliveryPage),
    retry: (id, deliveryId, options) =>
      http.json(
        { method: 'post', path: endpointPath(id, `/deliveries/${encodeURIComponent(deliveryId)}/retry`), body: {}, options },
        WebhookDelivery,
      ),
  };
  return resource;
}
