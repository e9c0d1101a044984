/**
 * How responses are serialized: Fastify's own compiler (fast-json-stringify), with one serializer per response
 * schema object instead of one per route and status. Many routes answer with the same schema (a command's case view,
 * the error catalogue's body), and each compiled serializer keeps its generated source and code for the process, a
 * few hundred kilobytes for a case view; compiled once, they are shared. The serializer depends on the schema alone
 * (the compiler does not read the route's method, URL or status).
 */
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type SerializerFactory = ReturnType<typeof SerializerSelector>;

export function sharedSerializerFactory(): SerializerFactory {
  const factory = SerializerSelector();
  return (externalSchemas, options) => {
    const compile = factory(externalSchemas, options);
    const compiled = new WeakMap<object, ReturnType<typeof compile>>();
    return (route) => {
      const schema = route.schema;
      if (typeof schema !== 'object' || schema === null) return compile(route);
      let serializer = compiled.get(schema);
      if (serializer === undefined) {
        serializer = compile(route);
        compiled.set(schema, serializer);
      }
      return serializer;
    };
  };
}
