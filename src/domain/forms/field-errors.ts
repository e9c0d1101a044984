/**
 * Field-level validation errors shared by every form (登记备案表, 结项表, 满意度测评表) and small checks that build them.
 * A field is a dotted path into the form object (`consultation.hostName`, `consultation.result.fundSources.1.amountFen`),
 * so the user interface can put the Chinese message next to the input.
 */
import { isValidLocalDate } from '../calendar/index.js';
import type { LocalDate } from '../calendar/index.js';
import { MAX_MONEY_FEN, MAX_MONEY_LABEL, isFen } from '../money.js';

export type FieldErrorCode =
  | 'REQUIRED'
  | 'INVALID'
  | 'TOO_LONG'
  | 'OUT_OF_RANGE'
  | 'SUM_MISMATCH'
  | 'MISMATCH'
  | 'OVER_CAP'
  | 'NOT_ALLOWED'
  | 'TOO_FEW'
  | 'DUPLICATE';

export interface FieldError {
  readonly field: string;
  readonly code: FieldErrorCode;
  /** Simplified Chinese, shown as is. */
  readonly message: string;
}

/** Collects errors while a form is walked; `errors` is returned to the caller as is. */
export class FieldErrors {
  readonly errors: FieldError[] = [];

  add(field: string, code: FieldErrorCode, message: string): void {
    this.errors.push({ field, code, message });
  }

  get empty(): boolean {
    return this.errors.length === 0;
  }

  /** A non-blank text of at most `maxLength` characters. */
  text(field: string, value: string | null | undefined, label: string, maxLength = 2000): boolean {
    if (value === null || value === undefined || value.trim() === '') {
      this.add(field, 'REQUIRED', `请填写${label}`);
      return false;
    }
    if ([...value].length > maxLength) {
      this.add(field, 'TOO_LONG', `${label}不能超过${maxLength}个字`);
      return false;
    }
    return true;
  }

  /** An amount in 分 (R0.1): a non-negative integer of at most `MAX_MONEY_FEN`, positive unless `allowZero`. */
  fen(field: string, value: number, label: string, allowZero = false): boolean {
    if (!isFen(value)) {
      this.add(field, 'INVALID', `${label}金额无效，须以分为单位的非负整数记录`);
      return false;
    }
    if (value > MAX_MONEY_FEN) {
      this.add(field, 'OUT_OF_RANGE', `${label}金额不能超过${MAX_MONEY_LABEL}`);
      return false;
    }
    if (!allowZero && value === 0) {
      this.add(field, 'OUT_OF_RANGE', `${label}须大于0`);
      return false;
    }
    return true;
  }

  /** A whole count of at least `min`. */
  count(field: string, value: number, label: string, min = 1): boolean {
    if (!Number.isSafeInteger(value) || value < min) {
      this.add(field, 'OUT_OF_RANGE', `${label}须为不小于${min}的整数`);
      return false;
    }
    return true;
  }

  localDate(field: string, value: LocalDate | null | undefined, label: string): boolean {
    if (value === null || value === undefined || value === '') {
      this.add(field, 'REQUIRED', `请填写${label}`);
      return false;
    }
    if (!isValidLocalDate(value)) {
      this.add(field, 'INVALID', `${label}不是有效日期`);
      return false;
    }
    return true;
  }

  instant(field: string, value: string | null | undefined, label: string): boolean {
    if (value === null || value === undefined || value === '') {
      this.add(field, 'REQUIRED', `请填写${label}`);
      return false;
    }
    if (!isIsoInstant(value)) {
      this.add(field, 'INVALID', `${label}不是有效时间`);
      return false;
    }
    return true;
  }

  /** A period whose end is not before its start. */
  period(field: string, value: { readonly start: LocalDate; readonly end: LocalDate } | null, label: string): boolean {
    if (value === null) {
      this.add(field, 'REQUIRED', `请填写${label}`);
      return false;
    }
    const startOk = this.localDate(`${field}.start`, value.start, `${label}开始日期`);
    const endOk = this.localDate(`${field}.end`, value.end, `${label}结束日期`);
    if (startOk && endOk && value.end < value.start) {
      this.add(`${field}.end`, 'OUT_OF_RANGE', `${label}结束日期不能早于开始日期`);
      return false;
    }
    return startOk && endOk;
  }

  /** A mobile or landline number. */
  phone(field: string, value: string | null | undefined, label: string): boolean {
    if (!this.text(field, value, label, 40)) return false;
    const compact = (value ?? '').replace(/[\s-]/g, '');
    if (!/^(1\d{10}|0\d{9,11}|\d{7,8})$/.test(compact)) {
      this.add(field, 'INVALID', `${label}格式不正确`);
      return false;
    }
    return true;
  }

  /** At least one option ticked, each from the allowed list, none twice. */
  options<T extends string>(field: string, values: readonly T[], allowed: readonly T[], label: string): boolean {
    if (values.length === 0) {
      this.add(field, 'REQUIRED', `请选择${label}`);
      return false;
    }
    let ok = true;
    values.forEach((value, index) => {
      if (!allowed.includes(value)) {
        this.add(`${field}.${index}`, 'INVALID', `${label}选项无效`);
        ok = false;
      } else if (values.indexOf(value) !== index) {
        this.add(`${field}.${index}`, 'DUPLICATE', `${label}选项重复`);
        ok = false;
      }
    });
    return ok;
  }
}

/** An ISO-8601 UTC instant as produced by `Date.prototype.toISOString()`. */
export function isIsoInstant(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value)) return false;
  return !Number.isNaN(Date.parse(value));
}
