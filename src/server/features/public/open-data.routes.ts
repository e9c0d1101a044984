/**
 * /api/public/open-data: 开放数据, without sign-in, rate-limited per IP like every public route — the publicized and
 * closed projects one row each (projects.json / projects.csv) and their counts and money by town and year
 * (spending-by-town.json / .csv), filtered by year and town (open-data.service.ts; fields and terms of use in
 * docs/public-api.md, “开放数据 / Open data”). Cacheable like the portal's lists: a strong ETag of the bytes sent,
 * 304 on If-None-Match, `Cache-Control: public, max-age=300`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../http/app-type.js';
import { errorResponses } from '../../http/schemas.js';
import { contentDisposition } from '../cases/case-export.js';
import { CSV_MIME, toCsv } from './open-data.csv.js';
import { OpenDataService } from './open-data.service.js';
import { CsvFile, OpenDataProjects, OpenDataQuery, OpenDataSpending, PROJECT_COLUMNS, TOWN_YEAR_COLUMNS, type OpenDataQueryInput } from './open-data.schemas.js';
import { matchesIfNoneMatch, sendCacheable, strongEtag } from './public-cache.js';

/** The data changes when a project is publicized or closed: five minutes of caching spare the server and the phones. */
export const OPEN_DATA_MAX_AGE_SECONDS = 300;

const tags = ['公众'];
const errors = { ...errorResponses, 429: errorResponses[400] };
const notModified = { type: 'null', description: '未改变（If-None-Match 与 ETag 相同）' } as const;
const filterNote =
  '筛选：year（项目年度）、townId（镇（街道）编号，见 GET /api/public/units）；townId 不是镇（街道）时为 400 VALIDATION_FAILED。' +
  `带强 ETag；If-None-Match 相同时 304。Cache-Control: public, max-age=${OPEN_DATA_MAX_AGE_SECONDS}。字段说明见 docs/public-api.md“开放数据”。`;

/** `民生微实事公示项目-2026年度-<town id>.csv` and its ASCII fallback. */
function filename(what: { zh: string; ascii: string }, q: OpenDataQueryInput): { filename: string; ascii: string } {
  const year = q.year === undefined ? '' : `-${q.year}`;
  const town = q.townId === undefined ? '' : `-town${q.townId}`;
  return { filename: `${what.zh}${q.year === undefined ? '' : `-${q.year}年度`}${town}.csv`, ascii: `${what.ascii}${year}${town}.csv` };
}

function sendCsv(request: FastifyRequest, reply: FastifyReply, text: string, name: { filename: string; ascii: string }): FastifyReply {
  const etag = strongEtag(text);
  void reply.header('etag', etag).header('cache-control', `public, max-age=${OPEN_DATA_MAX_AGE_SECONDS}`);
  if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.status(304).send();
  return reply.header('content-type', CSV_MIME).header('content-disposition', contentDisposition(name)).send(text);
}

export function registerOpenDataRoutes(app: App): void {
  const { transactor, config } = app.services;
  const openData = new OpenDataService(transactor);
  const publicAccess = { access: 'public' as const, rateLimit: { max: config.publicRateLimitPerMinute, timeWindow: 60_000 } };

  app.get(
    '/api/public/open-data/projects.json',
    {
      config: publicAccess,
      schema: {
        operationId: 'listOpenDataProjects',
        tags,
        summary: '开放数据：已公示、已办结的项目，每个项目一行（计划与实际投入按资金来源，元），不含个人信息',
        description: `${filterNote} 一次最多 50000 个项目，超过时为 400 EXPORT_TOO_LARGE，请按年度或镇（街道）分别下载。`,
        security: [],
        querystring: OpenDataQuery,
        response: { 200: OpenDataProjects, 304: notModified, ...errors },
      },
    },
    async (request, reply) => sendCacheable(request, reply, await openData.projects(request.query), OPEN_DATA_MAX_AGE_SECONDS),
  );

  app.get(
    '/api/public/open-data/projects.csv',
    {
      config: publicAccess,
      schema: {
        operationId: 'exportOpenDataProjectsCsv',
        tags,
        summary: '开放数据：已公示、已办结的项目（CSV，与 projects.json 的 items 逐行相同）',
        description: `${filterNote} UTF-8 带 BOM，首行为中文表头，以 = + - @ 开头的单元格前加英文单引号（防公式注入）。`,
        security: [],
        querystring: OpenDataQuery,
        response: { 200: CsvFile('项目开放数据 CSV'), 304: notModified, ...errors },
      },
    },
    async (request, reply) => {
      const body = await openData.projects(request.query);
      return sendCsv(request, reply, toCsv(PROJECT_COLUMNS, body.items), filename({ zh: '民生微实事公示项目', ascii: 'minsheng-projects' }, request.query));
    },
  );

  app.get(
    '/api/public/open-data/spending-by-town.json',
    {
      config: publicAccess,
      schema: {
        operationId: 'listOpenDataSpendingByTown',
        tags,
        summary: '开放数据：各镇（街道）各年度的公示项目数、已办结数，计划与实际投入（按资金来源，元），以及按类别的项目数',
        description: filterNote,
        security: [],
        querystring: OpenDataQuery,
        response: { 200: OpenDataSpending, 304: notModified, ...errors },
      },
    },
    async (request, reply) => sendCacheable(request, reply, await openData.spending(request.query), OPEN_DATA_MAX_AGE_SECONDS),
  );

  app.get(
    '/api/public/open-data/spending-by-town.csv',
    {
      config: publicAccess,
      schema: {
        operationId: 'exportOpenDataSpendingByTownCsv',
        tags,
        summary: '开放数据：各镇（街道）各年度的项目数和资金（CSV，与 spending-by-town.json 的 items 逐行相同）',
        description: `${filterNote} UTF-8 带 BOM，首行为中文表头。`,
        security: [],
        querystring: OpenDataQuery,
        response: { 200: CsvFile('镇（街道）资金开放数据 CSV'), 304: notModified, ...errors },
      },
    },
    async (request, reply) => {
      const body = await openData.spending(request.query);
      return sendCsv(request, reply, toCsv(TOWN_YEAR_COLUMNS, body.items), filename({ zh: '民生微实事镇街资金', ascii: 'minsheng-spending-by-town' }, request.query));
    },
  );
}
