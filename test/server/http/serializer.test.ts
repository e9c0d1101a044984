/**
 * Responses' serializers (http/serializer.ts): routes that answer with the same schema object share one compiled
 * serializer, a different schema gets its own, and a shared serializer still writes only the schema's fields.
 */
import Fastify from 'fastify';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { sharedSerializerFactory } from '../../../src/server/http/serializer.js';

const Shared = Type.Object({ id: Type.Integer(), title: Type.String() });
const Other = Type.Object({ id: Type.Integer() });

describe('shared response serializers', () => {
  it('compiles one serializer per schema object, not per route', () => {
    const compile = sharedSerializerFactory()({}, {});
    const a = compile({ schema: Shared, method: 'GET', url: '/a', httpStatus: '200' });
    const b = compile({ schema: Shared, method: 'POST', url: '/b/:id', httpStatus: '200' });
    const c = compile({ schema: Other, method: 'GET', url: '/a', httpStatus: '200' });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(a({ id: 1, title: '路灯', phone: '13800000000' })).toBe('{"id":1,"title":"路灯"}');
    expect(c({ id: 1, title: '路灯' })).toBe('{"id":1}');
  });

  it('serves every route that shares a schema with the fields of its own reply', async () => {
    const app = Fastify({ schemaController: { compilersFactory: { buildSerializer: sharedSerializerFactory() } } });
    const reply = { schema: { response: { 200: Shared } } };
    app.get('/a', reply, (_request, res) => res.send({ id: 1, title: '甲', secret: 'x' }));
    app.get('/b', reply, (_request, res) => res.send({ id: 2, title: '乙', secret: 'y' }));
    const [a, b] = await Promise.all([app.inject('/a'), app.inject('/b')]);
    expect(a.json()).toEqual({ id: 1, title: '甲' });
    expect(b.json()).toEqual({ id: 2, title: '乙' });
    await app.close();
  });
});
