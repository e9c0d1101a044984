/**
 * Turns JSON-schema validation errors into field-level Chinese messages.
 */
import type { FastifySchemaValidationError } from 'fastify';
import type { FieldError } from '../errors.js';

function fieldOf(err: FastifySchemaValidationError, context: string | undefined): string {
  const base = (err.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const params = err.params;
  const extra =
    err.keyword === 'required' && typeof params.missingProperty === 'string'
      ? params.missingProperty
      : err.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string'
        ? params.additionalProperty
        : '';
  const field = [base, extra].filter((s) => s !== '').join('.');
  return field === '' ? (context ?? 'body') : field;
}

function messageOf(err: FastifySchemaValidationError): string {
  const p = err.params;
  switch (err.keyword) {
    case 'required':
      return '必填';
    case 'additionalProperties':
      return '不允许的字段';
    case 'type':
      return `类型应为${typeLabel(String(p.type))}`;
    case 'decimal':
      // A number in a query string or path written otherwise than in decimal digits (0x10, 1e3, " 12").
      return `应为十进制${typeLabel(String(p.type))}`;
    case 'minLength':
      return `至少 ${String(p.limit)} 个字符`;
    case 'maxLength':
      return `最多 ${String(p.limit)} 个字符`;
    case 'minimum':
      return `不能小于 ${String(p.limit)}`;
    case 'maximum':
      return `不能大于 ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `应大于 ${String(p.limit)}`;
    case 'minItems':
      return `至少 ${String(p.limit)} 项`;
    case 'maxItems':
      return `最多 ${String(p.limit)} 项`;
    case 'pattern':
      return '格式不正确';
    case 'format':
      return `格式不正确（${String(p.format)}）`;
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return '取值不在允许范围内';
    case 'uniqueItems':
      return '不能有重复项';
    default:
      return '不符合要求';
  }
}

function typeLabel(t: string): string {
  const labels: Record<string, string> = {
    string: '文本',
    integer: '整数',
    number: '数字',
    boolean: '是/否',
    object: '对象',
    array: '列表',
    null: '空',
  };
  return t
    .split(',')
    .map((x) => labels[x] ?? x)
    .join('或');
}

export function translateValidation(errors: readonly FastifySchemaValidationError[], context: string | undefined): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const err of errors) {
    const field = fieldOf(err, context);
    const message = messageOf(err);
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, message });
  }
  return out;
}
