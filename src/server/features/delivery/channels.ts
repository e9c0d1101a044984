/**
 * The channels the outboxes deliver through (R7.1 feedbacks; R5.1 / R6.6 publications): one interface per outbox,
 * the adapters behind it, and the registry the delivery service looks channels up in. The system's own portal
 * always delivers; the outside world (the 12345 system, the SMS gateway, the four publicity platforms and any
 * channel a town adds) sits behind the same interface, and in development is a viewable log file per channel.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { maskPhone } from '../../../domain/masking.js';
import type { OutboxMode } from '../../config.js';

/** What a channel answers. `retryable: false` means trying again cannot help (a malformed number, an unknown channel). */
export type DeliveryResult =
  /** `logged`: the message was only written to the development log; the row becomes `logged`, not `delivered`. */
  | { readonly ok: true; readonly externalRef?: string; readonly logged?: boolean }
  | { readonly ok: false; readonly error: string; readonly retryable: boolean };

/** R7.1 one feedback to one proposer, its text already rendered. */
export interface FeedbackMessage {
  readonly outbox: 'feedback';
  readonly id: number;
  readonly demandId: number;
  readonly projectId: number | null;
  readonly kind: string;
  readonly channel: string;
  /** A mobile number (sms), a 12345 work-order reference (hotline12345), null for the portal. */
  readonly recipient: string | null;
  readonly body: string;
  /** `feedback:<id>`: the same on every attempt of this row, so the receiver can drop a repeat (see `deliveryKey`). */
  readonly idempotencyKey: string;
  /** 1 for the first attempt of the current round. */
  readonly attempt: number;
  readonly attemptedAt: string;
}

/** R5.1 / R6.6 one project's publicity or result on one channel. */
export interface PublicationMessage {
  readonly outbox: 'publication';
  readonly id: number;
  readonly projectId: number;
  readonly projectCode: string;
  readonly projectTitle: string;
  readonly kind: 'publicity' | 'result';
  readonly channel: string;
  readonly startsAt: string;
  readonly endsAt: string | null;
  /** `publication:<id>`: the same on every attempt of this row (see `deliveryKey`). */
  readonly idempotencyKey: string;
  readonly attempt: number;
  readonly attemptedAt: string;
}

/**
 * The idempotency key of one outbox row. Delivery is at-least-once (a node that dies after sending has its row sent
 * again), so every message carries a key that is the same on every attempt of its row — retries, a crashed node's
 * row taken over, a failed row put back by staff — and different for every row: the receiver drops what it has seen.
 */
export function deliveryKey(outbox: 'feedback' | 'publication', id: number): string {
  return `${outbox}:${id}`;
}

/**
 * What an HTTP transport (Open311, an SMS gateway, a platform's interface) must send with every message: the key in
 * an `Idempotency-Key` header. The log channel writes it in each line instead.
 */
export function deliveryHeaders(message: FeedbackMessage | PublicationMessage): Readonly<Record<string, string>> {
  return { 'Idempotency-Key': message.idempotencyKey };
}

export interface FeedbackChannel {
  readonly name: string;
  deliver(message: FeedbackMessage): Promise<DeliveryResult>;
}

export interface PublicationChannel {
  readonly name: string;
  deliver(message: PublicationMessage): Promise<DeliveryResult>;
}

/** The feedback channels a demand can be answered through (R7.1: the channel the demand came from). */
export const FEEDBACK_CHANNEL_NAMES = ['portal', 'hotline12345', 'sms'] as const;

/** R5.1 the project's own public portal: always one of the channels, and inside the system. */
export const PROJECT_PORTAL_CHANNEL = 'projectPortal';

/** R5.1 the four platforms the guide names; a town's own channels are looked up by their name like these. */
export const EXTERNAL_PUBLICATION_CHANNELS = ['portal12345', 'wechatGuanjia', 'bureauWebsite', 'communityPlatform'] as const;

/**
 * The resident's tracking view reads delivered feedbacks from the database, so delivering is making the row
 * delivered: nothing can fail here.
 */
export class PortalFeedbackChannel implements FeedbackChannel {
  readonly name = 'portal';
  deliver(): Promise<DeliveryResult> {
    return Promise.resolve({ ok: true });
  }
}

/** R5.1 the project's page on the public portal shows what is delivered; like the tracking view, it cannot fail. */
export class ProjectPortalChannel implements PublicationChannel {
  readonly name = PROJECT_PORTAL_CHANNEL;
  deliver(): Promise<DeliveryResult> {
    return Promise.resolve({ ok: true });
  }
}

/**
 * R7.1 "the 12345 system replies to the proposer": the reply is attached to the demand's 12345 work order. A feedback
 * without a work-order reference can never be delivered, so it fails at once instead of being retried ten times.
 */
export class Hotline12345Channel implements FeedbackChannel {
  readonly name = 'hotline12345';
  constructor(private readonly transport: FeedbackChannel) {}

  deliver(message: FeedbackMessage): Promise<DeliveryResult> {
    if (message.recipient === null || message.recipient.trim() === '') {
      return Promise.resolve({ ok: false, error: '缺少12345工单编号，无法回复', retryable: false });
    }
    return this.transport.deliver(message);
  }
}

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/**
 * Text messages to the proposer's mobile, sent to the gateway as eleven digits; a number that is not a mainland
 * mobile is refused for good.
 */
export class SmsChannel implements FeedbackChannel {
  readonly name = 'sms';
  constructor(private readonly transport: FeedbackChannel) {}

  deliver(message: FeedbackMessage): Promise<DeliveryResult> {
    const number = message.recipient?.replace(/[\s-]/g, '') ?? '';
    if (!MAINLAND_MOBILE.test(number)) {
      return Promise.resolve({ ok: false, error: '短信接收号码无效', retryable: false });
    }
    return this.transport.deliver({ ...message, recipient: number });
  }
}

/** A channel name as a file name: letters (Chinese included), digits, `_` and `-`; never a path. */
export function logFileName(channel: string): string {
  const safe = [...channel.replace(/[^\p{L}\p{N}_-]/gu, '_')].slice(0, 64).join('');
  return `${safe === '' ? '_' : safe}.log`;
}

/**
 * Development stand-in for a channel we cannot reach: appends one JSON line per message to
 * `${dataDir}/outbox/<channel>.log`, which is what the outside world would have received. Phone numbers are masked
 * (R0.8): the log is for seeing that a message left and what it said, not a copy of personal data.
 */
export class LogFileChannel implements FeedbackChannel, PublicationChannel {
  readonly file: string;

  constructor(
    readonly name: string,
    private readonly directory: string,
  ) {
    this.file = path.join(directory, logFileName(name));
  }

  async deliver(message: FeedbackMessage | PublicationMessage): Promise<DeliveryResult> {
    const entry = message.outbox === 'feedback' && message.recipient !== null && message.channel === 'sms'
      ? { ...message, recipient: maskPhone(message.recipient) }
      : message;
    await fs.mkdir(this.directory, { recursive: true });
    // One write per line with O_APPEND: lines from concurrent deliveries do not interleave.
    await fs.appendFile(this.file, `${JSON.stringify(entry)}\n`, { encoding: 'utf8', mode: 0o600 });
    // Written to a file, not received by anyone: the row says so (`logged`).
    return { ok: true, externalRef: `log:${path.basename(this.file)}`, logged: true };
  }
}

export interface ChannelRegistry {
  feedbackChannel(name: string): FeedbackChannel | undefined;
  publicationChannel(name: string): PublicationChannel | undefined;
}

export interface StaticChannels {
  readonly feedback: readonly FeedbackChannel[];
  readonly publication: readonly PublicationChannel[];
  /** R5.1 a town may add channels of its own: any publication channel not listed is built from its name. */
  readonly otherPublication?: (name: string) => PublicationChannel;
}

export class StaticChannelRegistry implements ChannelRegistry {
  private readonly feedback = new Map<string, FeedbackChannel>();
  private readonly publication = new Map<string, PublicationChannel>();

  constructor(private readonly channels: StaticChannels) {
    for (const c of channels.feedback) this.feedback.set(c.name, c);
    for (const c of channels.publication) this.publication.set(c.name, c);
  }

  feedbackChannel(name: string): FeedbackChannel | undefined {
    return this.feedback.get(name);
  }

  publicationChannel(name: string): PublicationChannel | undefined {
    const known = this.publication.get(name);
    if (known !== undefined || this.channels.otherPublication === undefined) return known;
    const built = this.channels.otherPublication(name);
    this.publication.set(name, built);
    return built;
  }
}

export interface ChannelConfig {
  readonly dataDir: string;
  readonly outboxMode?: OutboxMode;
}

/** The directory of the development logs. */
export function outboxLogDirectory(dataDir: string): string {
  return path.join(dataDir, 'outbox');
}

export function createChannelRegistry(config: ChannelConfig): ChannelRegistry {
  const mode: OutboxMode = config.outboxMode ?? 'log';
  switch (mode) {
    case 'log': {
      const dir = outboxLogDirectory(config.dataDir);
      const external = (name: string): LogFileChannel => new LogFileChannel(name, dir);
      return new StaticChannelRegistry({
        feedback: [new PortalFeedbackChannel(), new Hotline12345Channel(external('hotline12345')), new SmsChannel(external('sms'))],
        publication: [new ProjectPortalChannel(), ...EXTERNAL_PUBLICATION_CHANNELS.map(external)],
        otherPublication: external,
      });
    }
  }
}
