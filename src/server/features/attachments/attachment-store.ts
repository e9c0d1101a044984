/**
 * The attachment store the configuration names: a directory (`ATTACHMENT_DIR`) or an S3-compatible bucket
 * (`ATTACHMENT_STORE=s3`).
 */
import type { Config } from '../../config.js';
import { S3AttachmentStorage } from './attachment-s3-storage.js';
import { LocalAttachmentStorage, type AttachmentStorage } from './attachment-storage.js';

export function createAttachmentStorage(config: Pick<Config, 'attachmentStore' | 'attachmentDir' | 's3'>): AttachmentStorage {
  if (config.attachmentStore === 's3') {
    if (config.s3 === null) throw new Error('ATTACHMENT_STORE=s3 without S3 settings');
    return new S3AttachmentStorage(config.s3);
  }
  return new LocalAttachmentStorage(config.attachmentDir);
}
