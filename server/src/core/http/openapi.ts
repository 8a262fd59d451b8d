import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { VERSION_INFO } from './openapi-info.ts';

/** OpenAPI generated from the contracts' zod schemas, served at /docs (off in production unless enabled). */
export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: VERSION_INFO,
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'fq_sid' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
