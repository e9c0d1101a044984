/**
 * The official forms as data, with their field-level validation: 登记备案表 (附件1), 结项表 (附件2),
 * 满意度测评表 (附件3).
 */
export * from './field-errors.js';
export * from './registration-form.js';
export * from './closure-form.js';
export * from './survey.js';
