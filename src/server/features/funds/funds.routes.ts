/**
 * Funds (R9): a town's 资金发放台账 of a year (GET), a disbursement (POST), the town's matching funds (PUT), a
 * project's budget against actual (GET), the yearly self-check and performance evaluation (GET, and as XLSX/PDF).
 * A town outside the reader's jurisdiction answers as a missing one (404, R0.8).
 */
import { Type } from 'typebox';
import type { App } from '../../http/app-type.js';
import { IdParams, NoQuery, errorResponses } from '../../http/schemas.js';
import { contentDisposition } from '../cases/case-export.js';
import {
  EvaluationExportQuery,
  EvaluationQuery,
  EvaluationResponse,
  LedgerResponse,
  ProjectFundsResponse,
  RecordDisbursementBody,
  RecordDisbursementResponse,
  SetMatchingFundBody,
  YearQuery,
} from './funds.schemas.js';

const tags = ['资金'];
const File = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'XLSX 或 PDF 文件' });
const scope = '镇（街道）不在当前用户管辖范围内时按不存在处理（404）。';

export function registerFundsRoutes(app: App): void {
  const { funds } = app.services;

  app.get(
    '/api/towns/:id/funds',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'viewFundsLedger',
        tags,
        summary: '镇（街道）资金发放台账（R9.1）：发放明细、市分配额度与镇街配套资金的发放和余额、村（社区）专用账户、台账核对结果',
        description: `${scope}金额为整数分。projects 为可登记发放的项目（本年度已备案或经镇（街道）确认），带核定与已发放金额。`,
        params: IdParams,
        querystring: YearQuery,
        response: { 200: LedgerResponse, ...errorResponses },
      },
    },
    (request) => funds.ledger(request.ctx, request.params.id, request.query.year),
  );

  app.post(
    '/api/towns/:id/disbursements',
    {
      config: { access: 'recordDisbursement' },
      schema: {
        operationId: 'recordDisbursement',
        tags,
        summary: '登记资金发放（R9.1）：发放日期、项目、金额、资金来源、凭证号；超出项目该来源核定金额须带超额理由（R9.2），记入审计并报市民政局',
        description: `${scope}凭证号在本镇（街道）内不得重复（不分大小写、全半角，DUPLICATE_VOUCHER）；超出核定金额未说明理由为 OVER_APPROVED 或 NOT_APPROVED；version 为读取台账时的版本号，他人先登记时为 VERSION_CONFLICT。`,
        params: IdParams,
        querystring: NoQuery,
        body: RecordDisbursementBody,
        response: { 201: RecordDisbursementResponse, ...errorResponses, 422: errorResponses[409] },
      },
    },
    async (request, reply) => reply.status(201).send(await funds.recordDisbursement(request.ctx, request.params.id, request.body)),
  );

  app.put(
    '/api/towns/:id/matching-fund',
    {
      config: { access: 'setMatchingFund' },
      schema: {
        operationId: 'setMatchingFund',
        tags,
        summary: '设定镇街配套资金（R9.1）：本镇（街道）该年度的配套资金，调整须说明理由，保留历次设定',
        description: `${scope}version 为读取时配套资金的版本号（尚未设定为 0）。`,
        params: IdParams,
        querystring: NoQuery,
        body: SetMatchingFundBody,
        response: { 200: LedgerResponse, ...errorResponses, 422: errorResponses[409] },
      },
    },
    (request) => funds.setMatchingFund(request.ctx, request.params.id, request.body),
  );

  app.get(
    '/api/projects/:id/funds',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'viewProjectFunds',
        tags,
        summary: '项目资金（R9.2）：按资金来源的核定金额、已发放、实际投入、差额与待发放，及其发放明细',
        description: '可查看该项目者均可查看；项目不在管辖范围内时按不存在处理（404）。',
        params: IdParams,
        querystring: NoQuery,
        response: { 200: ProjectFundsResponse, ...errorResponses },
      },
    },
    (request) => funds.projectFunds(request.ctx, request.params.id),
  );

  app.get(
    '/api/towns/:id/funds-evaluation',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'viewFundsEvaluation',
        tags,
        summary: '年度自查及绩效评价（R9.3）：按项目、村（社区）和镇（街道）的项目数、核定、发放、实际投入、差额、按时结项与满意率',
        description: `${scope}communityId 只看本镇（街道）的一个村（社区）。`,
        params: IdParams,
        querystring: EvaluationQuery,
        response: { 200: EvaluationResponse, ...errorResponses },
      },
    },
    (request) => funds.evaluation(request.ctx, request.params.id, request.query),
  );

  app.get(
    '/api/towns/:id/funds-evaluation/export',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'exportFundsEvaluation',
        tags,
        summary: '导出年度自查及绩效评价（R9.3，Excel 或 PDF），带合计行',
        description: `${scope}数字与 GET /api/towns/{id}/funds-evaluation 相同；导出记入审计（导出文书）。`,
        params: IdParams,
        querystring: EvaluationExportQuery,
        response: { 200: File, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format = 'xlsx', ...q } = request.query;
      const file = await funds.exportEvaluation(request.ctx, request.params.id, { ...q, format });
      return reply.header('content-type', file.mime).header('content-disposition', contentDisposition(file)).header('cache-control', 'no-store').send(file.bytes);
    },
  );
}
