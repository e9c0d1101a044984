/**
 * The channels themselves (no database): the development log writes one JSON line per message to
 * `${DATA_DIR}/outbox/<channel>.log` with phone numbers masked, the portal always delivers and writes nothing, the
 * SMS and 12345 channels refuse for good what can never be delivered, and the registry built from config.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createChannelRegistry,
  deliveryHeaders,
  deliveryKey,
  Hotline12345Channel,
  LogFileChannel,
  logFileName,
  SmsChannel,
  type FeedbackMessage,
} from '../../../src/server/features/delivery/channels.js';
import { FlakyChannel, T0 } from './fixtures.js';

function feedback(id: number, channel: string, recipient: string | null, body = '您好！您反映的诉求已受理。'): FeedbackMessage {
  return { outbox: 'feedback', id, demandId: 7, projectId: null, kind: 'receipt', channel, recipient, body, idempotencyKey: `feedback:${id}`, attempt: 1, attemptedAt: T0 };
}

function lines(file: string): unknown[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}

describe('delivery channels', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-channels-'));
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('R7.1 the development log appends one JSON line per message to ${DATA_DIR}/outbox/<channel>.log, phone numbers masked', async () => {
    const registry = createChannelRegistry({ dataDir });
    const sms = registry.feedbackChannel('sms');
    const hotline = registry.feedbackChannel('hotline12345');
    expect(sms?.name).toBe('sms');
    expect(hotline?.name).toBe('hotline12345');

    expect(await sms?.deliver(feedback(1, 'sms', '13800138000'))).toEqual({ ok: true, externalRef: 'log:sms.log', logged: true });
    expect(await sms?.deliver(feedback(2, 'sms', '139 0013 9000', '您好！项目已办结。'))).toEqual({ ok: true, externalRef: 'log:sms.log', logged: true });
    expect(await hotline?.deliver(feedback(3, 'hotline12345', 'GD12345-20260928-0001'))).toEqual({ ok: true, externalRef: 'log:hotline12345.log', logged: true });

    const smsLog = path.join(dataDir, 'outbox', 'sms.log');
    expect(lines(smsLog)).toEqual([
      feedback(1, 'sms', '138****8000'),
      feedback(2, 'sms', '139****9000', '您好！项目已办结。'),
    ]);
    // The 12345 work-order reference is not personal data: kept as is, for finding the work order.
    expect(lines(path.join(dataDir, 'outbox', 'hotline12345.log'))).toEqual([feedback(3, 'hotline12345', 'GD12345-20260928-0001')]);
    expect(fs.statSync(smsLog).mode & 0o777).toBe(0o600);
  });

  it('R7.1 each message carries its row\'s idempotency key: in every log line, and as the Idempotency-Key header of an HTTP transport', async () => {
    expect(deliveryKey('feedback', 123)).toBe('feedback:123');
    expect(deliveryKey('publication', 45)).toBe('publication:45');
    const sms = createChannelRegistry({ dataDir }).feedbackChannel('sms');
    await sms?.deliver(feedback(123, 'sms', '13800138000'));
    await sms?.deliver({ ...feedback(123, 'sms', '13800138000'), attempt: 2 });
    const logged = lines(path.join(dataDir, 'outbox', 'sms.log')) as { idempotencyKey: string; attempt: number }[];
    expect(logged.map((l) => [l.idempotencyKey, l.attempt])).toEqual([
      ['feedback:123', 1],
      ['feedback:123', 2],
    ]);
    expect(deliveryHeaders(feedback(123, 'sms', null))).toEqual({ 'Idempotency-Key': 'feedback:123' });
  });

  it('R7.1 the portal always delivers at once and writes nothing', async () => {
    const registry = createChannelRegistry({ dataDir, outboxMode: 'log' });
    expect(await registry.feedbackChannel('portal')?.deliver(feedback(1, 'portal', null))).toEqual({ ok: true });
    expect(fs.existsSync(path.join(dataDir, 'outbox'))).toBe(false);
  });

  it('R7.1 an SMS to a number that is not a mobile, or a 12345 reply without its work order, fails for good without being sent', async () => {
    const transport = new FlakyChannel('sms', 0);
    const sms = new SmsChannel(transport);
    expect(await sms.deliver(feedback(1, 'sms', null))).toEqual({ ok: false, error: '短信接收号码无效', retryable: false });
    expect(await sms.deliver(feedback(2, 'sms', '0769-22830000'))).toEqual({ ok: false, error: '短信接收号码无效', retryable: false });
    expect(await sms.deliver(feedback(3, 'sms', '12800138000'))).toEqual({ ok: false, error: '短信接收号码无效', retryable: false });
    const hotline = new Hotline12345Channel(transport);
    expect(await hotline.deliver(feedback(4, 'hotline12345', ' '))).toEqual({ ok: false, error: '缺少12345工单编号，无法回复', retryable: false });
    expect(transport.calls).toHaveLength(0);
    expect(await sms.deliver(feedback(5, 'sms', '138-0013-8000'))).toEqual({ ok: true, externalRef: 'sms-5' });
    expect(transport.calls.map((m) => [m.id, m.outbox === 'feedback' ? m.recipient : null])).toEqual([[5, '13800138000']]);
  });

  it('R5.1 a channel a town adds is looked up by its name and logged to its own file; an unknown feedback channel is none', () => {
    const registry = createChannelRegistry({ dataDir });
    expect(registry.feedbackChannel('fax')).toBeUndefined();
    const own = registry.publicationChannel('虎门镇融媒体');
    expect(own).toBeInstanceOf(LogFileChannel);
    expect(registry.publicationChannel('虎门镇融媒体')).toBe(own);
    expect(registry.publicationChannel('projectPortal')).not.toBeInstanceOf(LogFileChannel);
    for (const name of ['portal12345', 'wechatGuanjia', 'bureauWebsite', 'communityPlatform']) {
      expect((registry.publicationChannel(name) as LogFileChannel).file).toBe(path.join(dataDir, 'outbox', `${name}.log`));
    }
  });

  it('a channel name never leaves the outbox directory', () => {
    expect(logFileName('../../etc/passwd')).toBe('______etc_passwd.log');
    expect(logFileName('虎门镇融媒体')).toBe('虎门镇融媒体.log');
    expect(logFileName('')).toBe('_.log');
    expect(new LogFileChannel('a/b', path.join(dataDir, 'outbox')).file).toBe(path.join(dataDir, 'outbox', 'a_b.log'));
  });
});
