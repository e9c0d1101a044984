/**
 * Configuration: parsed once from the environment into a typed, frozen object.
 * A bad variable fails start-up with its name in the message.
 */
import path from 'node:path';
import { defaultNodeId } from './jobs/node-id.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** `postgres://…` selects PostgreSQL; otherwise SQLite at `${dataDir}/minsheng.sqlite`. */
  readonly databaseUrl: string | null;
  /** Demo mode seeds sample units, cases and accounts sharing `demoPassword`. */
  readonly demo: boolean;
  readonly demoPassword: string;
  /** Demo mode, first start: also seed the demo cases (docs/demo.md). `DEMO_CASES`, default true. */
  readonly demoCases: boolean;
  /** Sets the Secure flag on the session cookie (behind TLS). */
  readonly secureCookies: boolean;
  /** Trusted reverse proxies for X-Forwarded-For (fastify `trustProxy`). */
  readonly trustProxy: string | false;
  readonly sessionIdleMinutes: number;
  readonly sessionAbsoluteHours: number;
  readonly loginMaxFailures: number;
  readonly lockoutMinutes: number;
  /** Requests per minute per IP on the login endpoint and on public endpoints. */
  readonly loginRateLimitPerMinute: number;
  readonly publicRateLimitPerMinute: number;
  /** Raises of a need on the portal per minute per IP (`PUBLIC_RAISE_PER_IP_PER_MINUTE`). */
  readonly publicRaisePerIpPerMinute: number;
  /** Raises of a need on the portal per hour per phone number (`PUBLIC_RAISE_PER_PHONE_PER_HOUR`). */
  readonly publicRaisePerPhonePerHour: number;
  /** Largest photo a raise may carry, in bytes (`PUBLIC_PHOTO_MAX_BYTES`). */
  readonly publicPhotoMaxBytes: number;
  /** HMAC key of the portal's human check (`PUBLIC_CHALLENGE_SECRET`); null: a random key per process. */
  readonly publicChallengeSecret: string | null;
  /** Requests per minute per IP on the 12345 intake, counted before its token is checked (`INTAKE_RATE_LIMIT`). */
  readonly intakeRateLimitPerMinute: number;
  readonly logLevel: string;
  readonly serveWeb: boolean;
  /**
   * Bearer token of the 12345 intake (`POST /api/intake/12345/demands`); null closes the intake (every call 401).
   * At least 32 characters.
   */
  readonly intakeToken: string | null;
  /**
   * Key of the HMAC that turns a survey respondent's phone number into the key stored for "one response per
   * respondent" (R6.5). Null: a random key kept in `${dataDir}/survey-respondent.key`, created on first use; with
   * several app nodes set it explicitly so that every node derives the same keys. At least 32 characters.
   */
  readonly surveySecret: string | null;
  /** How feedbacks and publications leave the system; `log`: channels outside it write `${dataDir}/outbox/<channel>.log` (docs/delivery.md). */
  readonly outboxMode: OutboxMode;
  /** R7.1 attempts before a feedback or publication is given up as failed. */
  readonly outboxMaxAttempts: number;
  /** Runs the background jobs (outbox delivery, deadline watch) in this process. */
  readonly jobsEnabled: boolean;
  /** This process's name in outbox claims and job leases; unique per process. */
  readonly nodeId: string;
  /** Where attachment bytes live: `local`, the directory `attachmentDir`, or `s3`, the bucket `s3` (`ATTACHMENT_STORE`). */
  readonly attachmentStore: AttachmentStoreKind;
  /** `ATTACHMENT_DIR`, default `${dataDir}/attachments`; with several app nodes one directory they all mount (NFS). */
  readonly attachmentDir: string;
  /** The S3-compatible bucket of `ATTACHMENT_STORE=s3`; null otherwise. */
  readonly s3: S3Settings | null;
  /**
   * Several app nodes share one database (`MULTI_NODE`; default true on PostgreSQL with `NODE_ID` set). Then the
   * attachments must be in shared storage: start-up refuses a default `ATTACHMENT_DIR` without `ATTACHMENT_STORE=s3`.
   */
  readonly multiNode: boolean;
}

/**
 * `log`: every channel outside the system writes to its development log. The only mode until the 12345 (Open311)
 * and SMS gateway clients exist; a live mode will add them to the channel registry (features/delivery/channels.ts)
 * without touching the delivery service.
 */
export type OutboxMode = 'log';

export type AttachmentStoreKind = 'local' | 's3';

export interface S3Settings {
  /** `S3_ENDPOINT`, e.g. `https://s3.example.gov.cn` or `http://minio.internal:9000`. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** `S3_REGION`, default `us-east-1` (what most S3-compatible stores expect when they have no regions). */
  readonly region: string;
  /** `S3_PATH_STYLE`, default true: `<endpoint>/<bucket>/<key>`; false: `<bucket>.<endpoint host>/<key>`. */
  readonly pathStyle: boolean;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`配置错误：环境变量 ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `应为整数，实际为 “${raw}”`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `应在 ${min}–${max} 之间，实际为 ${n}`);
  return n;
}

function secret(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (raw.length < 32) throw new ConfigError(name, '至少应为 32 个字符（请使用随机生成的值）');
  return raw;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `应为 true 或 false，实际为 “${raw}”`);
}

function outboxMode(env: Env): OutboxMode {
  const raw = env.OUTBOX_MODE;
  if (raw === undefined || raw === '' || raw === 'log') return 'log';
  throw new ConfigError('OUTBOX_MODE', `目前只支持 log（投递写入 DATA_DIR/outbox/ 下的日志），实际为 “${raw}”`);
}

function nodeId(env: Env): string {
  const raw = env.NODE_ID;
  if (raw === undefined || raw === '') return defaultNodeId();
  if ([...raw].length > 64) throw new ConfigError('NODE_ID', '不能超过 64 个字符');
  return raw;
}

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * HOST, and demo mode's guard. Demo mode (the default) creates accounts whose password is in the README, so by
 * default it listens on 127.0.0.1 only; `npm start` on a fresh machine still serves http://localhost:3000. Demo mode
 * on another address needs `DEMO=true` set explicitly; without DEMO, a non-loopback HOST is refused. Outside demo
 * mode (`DEMO=false`) HOST defaults to 0.0.0.0.
 */
function demoHost(env: Env): string {
  const demoExplicit = env.DEMO !== undefined && env.DEMO !== '';
  const demo = bool(env, 'DEMO', true);
  const host = env.HOST === undefined || env.HOST === '' ? null : env.HOST;
  if (!demo) return host ?? '0.0.0.0';
  if (host === null) return '127.0.0.1';
  if (!demoExplicit && !isLoopbackHost(host)) {
    throw new ConfigError(
      'DEMO',
      `未设置，默认是演示模式（演示账号使用 README 中公开的统一密码），不能在非本机地址 HOST=${host} 上监听：正式部署请设置 DEMO=false；确需在该地址演示，请显式设置 DEMO=true`,
    );
  }
  return host;
}

function required(env: Env, name: string, why: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') throw new ConfigError(name, `未设置（${why}）`);
  return raw;
}

/** ATTACHMENT_STORE, ATTACHMENT_DIR, S3_*, MULTI_NODE; and a multi-node deployment keeps attachments in shared storage. */
function attachmentStorage(env: Env, databaseUrl: string | null): Pick<Config, 'attachmentStore' | 'attachmentDir' | 's3' | 'multiNode'> {
  const store = env.ATTACHMENT_STORE === undefined || env.ATTACHMENT_STORE === '' ? 'local' : env.ATTACHMENT_STORE;
  if (store !== 'local' && store !== 's3') throw new ConfigError('ATTACHMENT_STORE', `应为 local（目录）或 s3（S3 兼容对象存储），实际为 “${store}”`);
  const dir = env.ATTACHMENT_DIR ?? '';
  const dirSet = dir !== '';
  const attachmentDir = path.resolve(dirSet ? dir : path.join(env.DATA_DIR ?? './data', 'attachments'));
  const multiNode = bool(env, 'MULTI_NODE', databaseUrl !== null && env.NODE_ID !== undefined && env.NODE_ID !== '');
  let s3: S3Settings | null = null;
  if (store === 's3') {
    const why = 'ATTACHMENT_STORE=s3 时必填';
    const endpoint = required(env, 'S3_ENDPOINT', why);
    if (!/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(endpoint)) throw new ConfigError('S3_ENDPOINT', `应为 http:// 或 https:// 地址，实际为 “${endpoint}”`);
    const bucket = required(env, 'S3_BUCKET', why);
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError('S3_BUCKET', `不是有效的存储桶名称（3–63 位小写字母、数字、点和连字符），实际为 “${bucket}”`);
    s3 = {
      endpoint,
      bucket,
      accessKeyId: required(env, 'S3_ACCESS_KEY_ID', why),
      secretAccessKey: required(env, 'S3_SECRET_ACCESS_KEY', why),
      region: env.S3_REGION === undefined || env.S3_REGION === '' ? 'us-east-1' : env.S3_REGION,
      pathStyle: bool(env, 'S3_PATH_STYLE', true),
    };
  } else if (multiNode && !dirSet) {
    // Each node's DATA_DIR is its own: a file uploaded through one node would be missing on the others.
    throw new ConfigError(
      'ATTACHMENT_DIR',
      `未设置：多节点部署（MULTI_NODE=true，或使用 PostgreSQL 且设置了 NODE_ID）时，附件不能存放在各节点自己的 DATA_DIR 下（${attachmentDir}）。` +
        '请把 ATTACHMENT_DIR 设为所有节点共同挂载的目录（如 NFS），或设置 ATTACHMENT_STORE=s3 使用对象存储；只有一个节点时请设置 MULTI_NODE=false',
    );
  }
  return { attachmentStore: store, attachmentDir, s3, multiNode };
}

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', '只支持 postgres:// 地址；不设置时使用内置 SQLite');
  }
  const demoPassword = env.DEMO_PASSWORD ?? 'Minsheng@2026';
  const config: Config = {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: demoHost(env),
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl,
    demo: bool(env, 'DEMO', true),
    demoPassword,
    demoCases: bool(env, 'DEMO_CASES', true),
    secureCookies: bool(env, 'SECURE_COOKIES', false),
    trustProxy: env.TRUST_PROXY && env.TRUST_PROXY !== '' ? env.TRUST_PROXY : false,
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 72),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
    lockoutMinutes: int(env, 'LOCKOUT_MINUTES', 30, 1, 24 * 60),
    loginRateLimitPerMinute: int(env, 'LOGIN_RATE_LIMIT', 20, 1, 100_000),
    publicRateLimitPerMinute: int(env, 'PUBLIC_RATE_LIMIT', 120, 1, 1_000_000),
    publicRaisePerIpPerMinute: int(env, 'PUBLIC_RAISE_PER_IP_PER_MINUTE', 5, 1, 1_000_000),
    publicRaisePerPhonePerHour: int(env, 'PUBLIC_RAISE_PER_PHONE_PER_HOUR', 3, 1, 1_000_000),
    publicPhotoMaxBytes: int(env, 'PUBLIC_PHOTO_MAX_BYTES', 8 * 1024 * 1024, 1024, 20 * 1024 * 1024),
    publicChallengeSecret: secret(env, 'PUBLIC_CHALLENGE_SECRET'),
    intakeRateLimitPerMinute: int(env, 'INTAKE_RATE_LIMIT', 600, 1, 1_000_000),
    logLevel: env.LOG_LEVEL ?? 'info',
    serveWeb: bool(env, 'SERVE_WEB', true),
    outboxMode: outboxMode(env),
    outboxMaxAttempts: int(env, 'OUTBOX_MAX_ATTEMPTS', 10, 1, 100),
    jobsEnabled: bool(env, 'JOBS_ENABLED', true),
    nodeId: nodeId(env),
    intakeToken: secret(env, 'INTAKE_TOKEN'),
    surveySecret: secret(env, 'SURVEY_SECRET'),
    ...attachmentStorage(env, databaseUrl),
    ...overrides,
  };
  return Object.freeze(config);
}
