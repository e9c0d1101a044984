/**
 * The jurisdiction tree: city → towns → communities and departments. Reading it, adding a community or a
 * department, and importing communities in bulk with a report of rejected rows.
 */
import type { UnitRef } from '../../../domain/access/roles.js';
import type { Transactor, Tx } from '../../db/transactor.js';
import type { UnitRow } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { AccessGuard } from '../../http/access.js';
import type { RequestContext } from '../../http/context.js';
import type { AuditService } from '../audit/audit.service.js';
import { ImportFileError, parseCommunityFile, type ImportRow } from './community-import.js';
import { mapUnit, type UnitView } from './org.mapper.js';
import {
  findChildByName,
  findSubtree,
  findUnit,
  findUnitByCode,
  findUnitsByIds,
  findUnitsByKind,
  insertUnit,
} from './org.repository.js';

export const COMMUNITY_KINDS = ['村', '社区'] as const;
const CODE_PATTERN = /^[0-9A-Za-z-]{1,32}$/;
/** Control and format characters (NUL, line breaks, bidi overrides) in a name forge log lines and reverse displayed text; PostgreSQL refuses NUL outright. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

const ref = (u: UnitRow): UnitRef => ({ id: u.id, kind: u.kind, path: u.path });

export interface NewUnitRequest {
  readonly kind: 'community' | 'department';
  readonly parentId: number;
  readonly name: string;
  readonly subkind: string;
  readonly code?: string | undefined;
}

export interface RejectedRow {
  readonly rowNumber: number;
  readonly name: string;
  readonly reasons: string[];
}

export interface ImportReport {
  readonly accepted: number;
  readonly rejected: RejectedRow[];
  readonly created: UnitView[];
}

export class OrgService {
  constructor(
    private readonly tx: Transactor,
    private readonly audit: AuditService,
    private readonly access: AccessGuard,
  ) {}

  /** The units the user may see: their jurisdiction's subtree and the chain of units above it. */
  async tree(ctx: RequestContext): Promise<UnitView[]> {
    const me = await this.access.require(ctx, 'viewOrgTree', null);
    const subtree = await findSubtree(this.tx.reader, me.scope.path);
    const ancestorIds = me.scope.path.split('/').filter((s) => s !== '').map(Number).filter((id) => id !== me.scope.id);
    const ancestors = await findUnitsByIds(this.tx.reader, ancestorIds);
    return [...ancestors, ...subtree].map(mapUnit);
  }

  /** A unit's name, for commands that carry it (a reassignment names the new community). */
  async unitName(id: number): Promise<string> {
    const unit = await findUnit(this.tx.reader, id);
    if (unit === undefined) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'communityId', message: '单位不存在' }] });
    return unit.name;
  }

  async createUnit(ctx: RequestContext, input: NewUnitRequest): Promise<UnitView> {
    const parent = await findUnit(this.tx.reader, input.parentId);
    if (parent === undefined || parent.kind !== 'town') {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'parentId', message: '上级单位须为镇（街道）' }] });
    }
    await this.access.require(ctx, 'createUnit', ref(parent));
    const name = input.name.trim();
    if (INVISIBLE.test(name)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'name', message: '名称含有换行或不可见字符' }] });
    if (input.kind === 'community' && !(COMMUNITY_KINDS as readonly string[]).includes(input.subkind)) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'subkind', message: '类型须为“村”或“社区”' }] });
    }
    if ((await findChildByName(this.tx.reader, parent.id, name)) !== undefined) {
      throw new AppError('DUPLICATE', { fields: [{ field: 'name', message: `${parent.name}已有同名单位` }] });
    }
    const code = input.code?.trim() === '' ? undefined : input.code?.trim();
    if (code !== undefined && (await findUnitByCode(this.tx.reader, code)) !== undefined) {
      throw new AppError('DUPLICATE', { fields: [{ field: 'code', message: '编码已被使用' }] });
    }
    const row = await this.tx.run(async (trx) => {
      const created = await insertUnit(trx, {
        kind: input.kind,
        subkind: input.subkind,
        name,
        code: code ?? null,
        parent,
        isSample: false,
        createdAt: ctx.now.toISOString(),
      });
      await this.audit.record(trx, ctx, { action: 'createUnit', target: { type: 'unit', id: created.id, unitId: created.id }, after: mapUnit(created) });
      return created;
    });
    return mapUnit(row);
  }

  async importCommunities(ctx: RequestContext, buffer: Buffer, filename: string): Promise<ImportReport> {
    const me = await this.access.require(ctx, 'importCommunities', null);
    let rows: ImportRow[];
    try {
      rows = await parseCommunityFile(buffer, filename);
    } catch (err) {
      if (err instanceof ImportFileError) throw new AppError('IMPORT_INVALID_FILE', { reason: err.message });
      throw err;
    }
    const towns = await findUnitsByKind(this.tx.reader, 'town');
    const townByName = new Map(towns.map((t) => [t.name, t]));
    const rejected: RejectedRow[] = [];
    const accepted: { row: ImportRow; town: UnitRow }[] = [];
    const seenNames = new Set<string>();
    const seenCodes = new Set<string>();
    for (const row of rows) {
      const reasons: string[] = [];
      const town = townByName.get(row.town) ?? townByName.get(`${row.town}镇`) ?? townByName.get(`${row.town}街道`);
      const nameProblem =
        row.name === '' ? '名称为空' : [...row.name].length > 50 ? '名称超过 50 字' : INVISIBLE.test(row.name) ? '名称含有换行或不可见字符' : null;
      if (nameProblem !== null) reasons.push(nameProblem);
      if (town === undefined) reasons.push(`镇街“${row.town}”不存在`);
      else if (!town.path.startsWith(me.scope.path)) reasons.push(`镇街“${row.town}”不在您的管辖范围内`);
      if (!(COMMUNITY_KINDS as readonly string[]).includes(row.kind)) reasons.push('类型须为“村”或“社区”');
      const codeValid = CODE_PATTERN.test(row.code);
      if (row.code !== '' && !codeValid) reasons.push('编码只能含字母、数字和横线，最多 32 位');
      if (town !== undefined && nameProblem === null) {
        const key = `${town.id}|${row.name}`;
        if (seenNames.has(key)) reasons.push('文件中重复');
        else if ((await findChildByName(this.tx.reader, town.id, row.name)) !== undefined) reasons.push('该镇街已有同名村（社区）');
        seenNames.add(key);
      }
      if (codeValid) {
        if (seenCodes.has(row.code)) reasons.push('编码在文件中重复');
        else if ((await findUnitByCode(this.tx.reader, row.code)) !== undefined) reasons.push('编码已被使用');
        seenCodes.add(row.code);
      }
      if (reasons.length > 0 || town === undefined) rejected.push({ rowNumber: row.rowNumber, name: row.name, reasons });
      else accepted.push({ row, town });
    }
    const created = await this.tx.run(async (trx) => {
      const out: UnitRow[] = [];
      for (const { row, town } of accepted) out.push(await this.insertCommunity(trx, ctx, row, town));
      await this.audit.record(trx, ctx, {
        action: 'importCommunities',
        target: { type: 'unit', id: me.scope.id, unitId: me.scope.id },
        details: { filename: filename.slice(0, 100), accepted: out.length, rejected: rejected.length },
        after: out.map((u) => ({ id: u.id, name: u.name, townId: u.town_id, code: u.code })),
      });
      return out;
    });
    return { accepted: created.length, rejected, created: created.map(mapUnit) };
  }

  private insertCommunity(trx: Tx, ctx: RequestContext, row: ImportRow, town: UnitRow): Promise<UnitRow> {
    return insertUnit(trx, {
      kind: 'community',
      subkind: row.kind,
      name: row.name,
      code: row.code === '' ? null : row.code,
      parent: town,
      isSample: false,
      createdAt: ctx.now.toISOString(),
    });
  }
}
