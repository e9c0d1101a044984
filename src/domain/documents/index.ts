/**
 * The printable documents: the layout model the Word and PDF renderers share, and the guide's official forms built
 * on it — 登记备案表 (附件1), 结项表 (附件2), 满意度测评表 (附件3) and the survey's outcome.
 */
export * from './layout.js';
export * from './common.js';
export * from './registration-form.document.js';
export * from './closure-form.document.js';
export * from './survey-form.document.js';
