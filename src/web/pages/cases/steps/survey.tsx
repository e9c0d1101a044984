/**
 * The satisfaction survey's steps (满意度测评表, 附件3; R6.2–R6.5), run by the community before filing a small
 * project's 结项表 and by the town after receiving a larger one's:
 * - 录入纸质测评表: paper sheets keyed in a keyboard grid, one row per sheet and one column per item, a digit per
 *   level; the count (recorded + keyed) against the minimum and the satisfaction rate as the domain computes it,
 *   live; rows not finished are flagged and nothing is sent while there is one. Beside it, in the same form (issuing
 *   links is allowed to whoever keys in paper sheets at this stage), one-time survey links printed as an A4 sheet of
 *   QR codes.
 * - 完成满意度测评: the count and rate; under the minimum, the town's approval with a written reason (R6.4) instead of
 *   a plain confirmation.
 */
import { DeleteOutlined, FilePdfOutlined, PrinterOutlined, QrcodeOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Drawer, Dropdown, Form, Input, InputNumber, Modal, QRCode, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { ApiError, http } from '../../../api/client.js';
import { downloadFile } from '../../../download.js';
import type { ProjectView } from '../../../api/models.js';
import { toApiError } from '../../../api/useRequest.js';
import { useUser } from '../../../auth/session.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import {
  CLOSURE_SURVEY_ROWS,
  SATISFACTION_LEVEL_LABELS,
  SATISFACTION_LEVELS,
  SURVEY_QUESTION_LABELS,
  type SatisfactionLevel,
} from '../../../../domain/forms/survey.js';
import { PROJECT_FLAG_LABELS } from '../../../../domain/lifecycle/events.js';
import { DEFAULT_RULES_CONFIG } from '../../../../domain/rules-config.js';
import { useCaseDialog } from '../case-dialog.js';
import type { StepAction, StepFormProps } from './step-action.js';
import { completionBody, completionPath } from './survey-completion.js';
import {
  GRID_COLUMNS,
  LEVEL_KEYS,
  emptyRow,
  keyEffect,
  liveSummary,
  missingItems,
  paperBatch,
  paperBody,
  removeRow,
  rowStatus,
  setCell,
  setSuggestions,
  stepCell,
  type CellPosition,
  type CellValue,
  type SheetRow,
} from './survey-grid.js';
import { absoluteLink, LINKS_PER_PAGE, MAX_LINKS_AT_ONCE, pagesOf, type IssuedLink } from './survey-links.js';
import { RATE_EXPLANATION, SurveyCountsTable, SurveyFigures } from './survey-summary.js';

const MIN_RESPONDENTS = DEFAULT_RULES_CONFIG.surveyMinRespondents;

/** Colours of the levels in the grid, from 非常满意 (green) to 非常不满意 (red). */
const LEVEL_COLOURS: Readonly<Record<SatisfactionLevel, string>> = {
  verySatisfied: '#d9f7be',
  satisfied: '#f4ffb8',
  basicallySatisfied: '#fff1b8',
  dissatisfied: '#ffd8bf',
  veryDissatisfied: '#ffccc7',
};

/** The grid's short column heads; the sheet's full wording is the tooltip. */
const SHORT_HEADS: Readonly<Record<string, string>> = {
  overall: '总体评价',
  quality: '质量',
  effect: '效果',
  attitude: '服务态度',
  efficiency: '办理效率',
  closeness: '贴近需求',
  openness: '信息公开',
  other: '其他',
  suggestions: '意见建议（可不填）',
};

function projectNameOf(view: ProjectView): string {
  return view.state.registration?.basics.projectName ?? view.state.title;
}

function cellText(value: CellValue | undefined): string {
  if (value === undefined) return '';
  if (value === 'blank') return '未填';
  return SATISFACTION_LEVEL_LABELS[value];
}

// ---------------------------------------------------------------------------------------------- the keyboard grid

/** The right-click menu of a cell, for keying by mouse. */
const MOUSE_CHOICES = [
  ...SATISFACTION_LEVELS.map((level) => ({ key: level, label: `${LEVEL_KEYS[level]}  ${SATISFACTION_LEVEL_LABELS[level]}` })),
  { key: 'blank', label: '0  该项未勾选' },
  { key: 'clear', label: '清除' },
];

function cellValueOf(key: string): CellValue | null {
  if (key === 'blank') return 'blank';
  return SATISFACTION_LEVELS.find((l) => l === key) ?? null;
}

function Legend() {
  return (
    <Space size={[12, 4]} wrap style={{ marginBottom: 8 }} aria-label="录入键位">
      {SATISFACTION_LEVELS.map((level) => (
        <span key={level}>
          <Typography.Text keyboard>{LEVEL_KEYS[level]}</Typography.Text>
          <span style={{ background: LEVEL_COLOURS[level], padding: '0 6px', borderRadius: 4 }}>{SATISFACTION_LEVEL_LABELS[level]}</span>
        </span>
      ))}
      <span>
        <Typography.Text keyboard>0</Typography.Text>该项未勾选
      </span>
      <span>
        <Typography.Text keyboard>Backspace</Typography.Text>清除
      </span>
      <Typography.Text type="secondary">Tab / Enter 下一格，Shift+Tab 上一格，方向键移动，也可右键单元格选择；“其他”可不填</Typography.Text>
    </Space>
  );
}

function SheetGrid({
  rows,
  onRows,
  rowProblems,
  flagAll,
}: {
  readonly rows: readonly SheetRow[];
  readonly onRows: (rows: readonly SheetRow[]) => void;
  /** Problems the server found, per row key. */
  readonly rowProblems: ReadonlyMap<number, readonly string[]>;
  /** After an attempt to send: every unfinished row is flagged, the one being keyed too. */
  readonly flagAll: boolean;
}) {
  const gridRef = useRef<HTMLTableElement>(null);

  /** The row being keyed: not flagged while it is being filled. */
  const [activeRow, setActiveRow] = useState<number | null>(null);

  /**
   * Moves the focus at once, so the next keystroke lands in the next cell however fast the clerk types; a cell of a
   * row the keystroke has just appended is focused once React has rendered it.
   */
  const setFocusTo = (at: CellPosition) => {
    const find = () => gridRef.current?.querySelector<HTMLElement>(`[data-cell="${at.row}-${at.column}"]`) ?? null;
    const now = find();
    if (now !== null) now.focus();
    else requestAnimationFrame(() => find()?.focus());
  };

  const move = (at: CellPosition, direction: 1 | -1) => {
    const next = stepCell(at, direction, rows.length + 1);
    if (next !== null) setFocusTo(next);
  };

  const onCellKey = (event: KeyboardEvent<HTMLElement>, at: CellPosition) => {
    const question = GRID_COLUMNS[at.column];
    if (question === undefined || question === 'suggestions') return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const effect = keyEffect(event.key);
    if (effect !== null) {
      event.preventDefault();
      if ('set' in effect) {
        onRows(setCell(rows, at.row, question, effect.set));
        move(at, 1);
      } else onRows(setCell(rows, at.row, question, null));
      return;
    }
    switch (event.key) {
      case 'Enter':
        event.preventDefault();
        move(at, 1);
        break;
      case 'ArrowRight':
        event.preventDefault();
        move(at, 1);
        break;
      case 'ArrowLeft':
        event.preventDefault();
        move(at, -1);
        break;
      case 'ArrowDown':
        event.preventDefault();
        if (at.row + 1 < rows.length) setFocusTo({ row: at.row + 1, column: at.column });
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (at.row > 0) setFocusTo({ row: at.row - 1, column: at.column });
        break;
      default:
    }
  };

  const onSuggestionKey = (event: KeyboardEvent<HTMLElement>, at: CellPosition) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      setFocusTo({ row: at.row + 1, column: 0 });
    }
  };

  const th = { padding: '4px 6px', border: '1px solid #e8e8e8', background: '#fafafa', fontWeight: 500, fontSize: 13, lineHeight: 1.3 } as const;
  const td = { padding: 0, border: '1px solid #e8e8e8', height: 34 } as const;

  return (
    <div style={{ overflowX: 'auto' }} onBlur={() => setActiveRow(null)}>
      <table ref={gridRef} role="grid" aria-label="纸质测评表录入" style={{ borderCollapse: 'collapse', width: '100%', tableLayout: 'fixed' }}>
        <colgroup>
          <col style={{ width: 44 }} />
          {GRID_COLUMNS.map((c) => (
            <col key={c} style={{ width: c === 'suggestions' ? 200 : 84 }} />
          ))}
          <col style={{ width: 116 }} />
        </colgroup>
        <thead>
          <tr>
            <th style={th}>序号</th>
            {GRID_COLUMNS.map((c) => (
              <th key={c} style={th} scope="col">
                {c === 'suggestions' ? (
                  SHORT_HEADS[c]
                ) : (
                  <Tooltip title={SURVEY_QUESTION_LABELS[c]}>
                    <span>
                      {SHORT_HEADS[c]}
                      {c === 'overall' ? <span style={{ color: '#c41d1d' }}> *</span> : null}
                    </span>
                  </Tooltip>
                )}
              </th>
            ))}
            <th style={th}>状态</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => {
            const status = rowStatus(row);
            const missing = missingItems(row);
            const problems = rowProblems.get(row.key) ?? [];
            const bad = status === 'incomplete' || problems.length > 0;
            const isLast = r === rows.length - 1;
            const flagged = bad && (flagAll || activeRow !== r);
            return (
              <tr key={row.key} aria-invalid={bad} onFocus={() => setActiveRow(r)} style={{ background: flagged ? '#fff2f0' : undefined }}>
                <td style={{ ...td, textAlign: 'center', color: '#595959' }}>{status === 'empty' && isLast ? '+' : r + 1}</td>
                {GRID_COLUMNS.map((c, column) => {
                  const at = { row: r, column };
                  if (c === 'suggestions') {
                    return (
                      <td key={c} style={td}>
                        <Input
                          data-cell={`${r}-${column}`}
                          variant="borderless"
                          aria-label={`第${r + 1}份 意见建议`}
                          value={row.suggestions}
                          maxLength={2000}
                          onChange={(e) => onRows(setSuggestions(rows, r, e.target.value))}
                          onKeyDown={(e) => onSuggestionKey(e, at)}
                        />
                      </td>
                    );
                  }
                  const value = row.cells[c];
                  const isMissing = missing.includes(c);
                  return (
                    // The cell's role is on the focusable div inside (the grid's rows own it), not on the td.
                    <td key={c} style={td} role="presentation">
                      <Dropdown
                        trigger={['contextMenu']}
                        menu={{
                          items: MOUSE_CHOICES,
                          onClick: ({ key }) => {
                            const picked = key === 'clear' ? null : cellValueOf(key);
                            onRows(setCell(rows, r, c, picked));
                            if (picked === null) setFocusTo(at);
                            else move(at, 1);
                          },
                        }}
                      >
                      <div
                        data-cell={`${r}-${column}`}
                        role="gridcell"
                        tabIndex={0}
                        aria-label={`第${r + 1}份 ${SURVEY_QUESTION_LABELS[c]}：${value === undefined ? '未录入' : cellText(value)}`}
                        onKeyDown={(e) => onCellKey(e, at)}
                        className="msw-survey-cell"
                        style={{
                          height: '100%',
                          minHeight: 34,
                          display: 'flex',
                          alignItems: 'center',
                          justifyContent: 'center',
                          fontSize: 13,
                          cursor: 'text',
                          background: value === undefined || value === 'blank' ? undefined : LEVEL_COLOURS[value],
                          color: value === 'blank' ? '#595959' : undefined,
                          boxShadow: isMissing && flagged ? 'inset 0 0 0 1px #ff7875' : undefined,
                        }}
                      >
                        {cellText(value)}
                      </div>
                      </Dropdown>
                    </td>
                  );
                })}
                <td style={{ ...td, padding: '0 6px' }}>
                  <Space size={4}>
                    {status === 'complete' && problems.length === 0 ? (
                      <Tag color="success">完整</Tag>
                    ) : status === 'empty' ? null : (
                      <Tooltip
                        title={
                          problems.length > 0
                            ? problems.join('；')
                            : `未填：${missing.map((q) => SURVEY_QUESTION_LABELS[q]).join('、')}${missing.includes('overall') ? '（项目总体评价须选择一个等级）' : '（该项空白请按 0）'}`
                        }
                      >
                        <Tag color={flagged ? 'error' : 'processing'}>{flagged ? '未填完' : '录入中'}</Tag>
                      </Tooltip>
                    )}
                    {status === 'empty' && isLast ? null : (
                      <Button
                        size="small"
                        type="text"
                        tabIndex={-1}
                        aria-label={`删除第${r + 1}份`}
                        icon={<DeleteOutlined />}
                        onClick={() => onRows(removeRow(rows, r))}
                      />
                    )}
                  </Space>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <style>{'.msw-survey-cell:focus { outline: 2px solid #1677ff; outline-offset: -2px; }'}</style>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------- the printable links

const PRINT_CSS = `
.msw-survey-print { display: none; }
@media print {
  @page { size: A4; margin: 10mm; }
  body > *:not(.msw-survey-print) { display: none !important; }
  html, body { height: auto !important; background: #fff !important; }
  .msw-survey-print { display: block; }
}
.msw-survey-page { display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: repeat(4, 1fr); gap: 2mm; height: 272mm; break-after: page; }
.msw-survey-page:last-child { break-after: auto; }
.msw-survey-card { border: 1px dashed #8c8c8c; padding: 3mm 4mm; display: flex; gap: 4mm; align-items: center; break-inside: avoid; font-size: 10pt; color: #000; }
.msw-survey-card h3 { font-size: 11pt; margin: 0 0 2mm; line-height: 1.35; }
.msw-survey-card p { margin: 0 0 1.5mm; line-height: 1.4; }
.msw-survey-card .msw-survey-link { font-family: monospace; font-size: 8pt; word-break: break-all; }
`;

function LinkCard({ link, projectName, communityName }: { readonly link: string; readonly projectName: string; readonly communityName: string }) {
  return (
    <div className="msw-survey-card">
      <QRCode value={link} type="svg" size={150} bordered={false} style={{ flex: 'none', padding: 0 }} />
      <div style={{ minWidth: 0 }}>
        <h3>东莞市“民生大莞家”项目满意度测评</h3>
        <p>
          您参与评价的项目为：<strong>{projectName}</strong>（{communityName}）
        </p>
        <p>请用手机扫描二维码填写测评表，每个二维码限填一次。</p>
        <p className="msw-survey-link">{link}</p>
      </div>
    </div>
  );
}

/** The sheet that is printed: pages of cards, rendered outside the app so only it is printed. */
function PrintSheet({ links, projectName, communityName }: { readonly links: readonly string[]; readonly projectName: string; readonly communityName: string }) {
  return createPortal(
    <div className="msw-survey-print">
      {pagesOf(links).map((page, p) => (
        <div className="msw-survey-page" key={p}>
          {page.map((link) => (
            <LinkCard key={link} link={link} projectName={projectName} communityName={communityName} />
          ))}
        </div>
      ))}
    </div>,
    document.body,
  );
}

function SurveyLinks({ view }: { readonly view: ProjectView }) {
  const [count, setCount] = useState<number | null>(MIN_RESPONDENTS);
  const [issued, setIssued] = useState<readonly IssuedLink[]>([]);
  const [issuing, setIssuing] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const links = issued.map((t) => absoluteLink(window.location.origin, t.link));
  const projectName = projectNameOf(view);

  const [printing, setPrinting] = useState(false);
  /** 附件3 whole, one sheet a page, each with a one-time link of its own (POST /survey/sheets issues them). */
  const printSheets = async () => {
    if (count === null) return;
    setPrinting(true);
    setError(null);
    try {
      await downloadFile(`/api/projects/${view.id}/survey/sheets`, '满意度测评表.pdf', { count });
    } catch (err) {
      setError(new ApiError(0, 'DOWNLOAD', err instanceof Error ? err.message : '生成失败', [], null));
    } finally {
      setPrinting(false);
    }
  };

  const issue = async () => {
    if (count === null) return;
    setIssuing(true);
    setError(null);
    try {
      const result = await http.POST('/api/projects/{id}/survey/tokens', { params: { path: { id: view.id } }, body: { count } });
      setIssued((before) => [...before, ...result.tokens]);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setIssuing(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        每个链接（二维码）只能提交一份测评表。打印后裁开分发给居民，居民用手机扫码即可在线填写，提交后自动计入测评人数。
      </Typography.Paragraph>
      <Space wrap>
        <span>生成数量</span>
        <InputNumber aria-label="生成数量" min={1} max={MAX_LINKS_AT_ONCE} precision={0} value={count} onChange={setCount} suffix="个" style={{ width: 120 }} />
        <Button
          type="primary"
          icon={<QrcodeOutlined />}
          loading={issuing}
          disabled={count === null}
          onClick={() => {
            void issue();
          }}
        >
          生成测评链接
        </Button>
        <Button icon={<PrinterOutlined />} disabled={links.length === 0} onClick={() => window.print()}>
          打印二维码（A4，每页{LINKS_PER_PAGE}个）
        </Button>
        <Button
          icon={<FilePdfOutlined />}
          loading={printing}
          disabled={count === null}
          onClick={() => {
            void printSheets();
          }}
        >
          生成整张测评表 PDF（每份一页，附二维码）
        </Button>
      </Space>
      <Typography.Text type="secondary">
        整张测评表按附件3排版，居民可在纸上勾选，也可扫码在线填写；每份的二维码各不相同，只能使用一次。
      </Typography.Text>
      <ErrorAlert error={error} />
      {links.length > 0 ? (
        <>
          <Alert
            type="warning"
            showIcon
            title={`已生成 ${links.length} 个链接。链接只在此显示一次（系统只保存其摘要），请现在打印；离开本项目后无法再次查看。`}
          />
          <div style={{ maxHeight: 360, overflowY: 'auto', border: '1px solid #f0f0f0', padding: 8 }}>
            <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
              {links.slice(0, 4).map((link) => (
                <LinkCard key={link} link={link} projectName={projectName} communityName={view.state.communityName} />
              ))}
            </div>
            {links.length > 4 ? (
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                以上为前 4 个的预览，打印时全部 {links.length} 个按每页 8 个排版。
              </Typography.Paragraph>
            ) : null}
          </div>
          <PrintSheet links={links} projectName={projectName} communityName={view.state.communityName} />
        </>
      ) : null}
      <style>{PRINT_CSS}</style>
    </Space>
  );
}

// ---------------------------------------------------------------------------------------------- 录入纸质测评表

interface PaperValues {
  readonly date?: Dayjs;
}

const firstRows = (): readonly SheetRow[] => [emptyRow(1)];

function PaperSurveyForm({ view, label, disabled, onDone }: StepFormProps) {
  const [open, setOpen] = useState(false);
  const [tab, setTab] = useState<'paper' | 'links'>('paper');
  const [form] = Form.useForm<PaperValues>();
  const [rows, setRows] = useState<readonly SheetRow[]>(firstRows);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  /** The grid row (its key) of each response sent, to put the server's problems back on their rows. */
  const [sentRows, setSentRows] = useState<readonly number[]>([]);
  const date = Form.useWatch('date', form);
  const dateText = (date ?? dayjs()).format('YYYY-MM-DD');
  const batch = useMemo(() => paperBatch(rows, dateText), [rows, dateText]);
  const recorded = view.state.survey.responses;
  const summary = useMemo(() => liveSummary(recorded, batch.responses, MIN_RESPONDENTS), [recorded, batch.responses]);
  const online = recorded.filter((r) => r.source === 'online').length;

  const { sending, error, submit } = useCaseDialog(
    form,
    async () => {
      setNotice(null);
      setAttempted(true);
      if (batch.incompleteRows.length > 0) {
        setNotice(`第 ${batch.incompleteRows.join('、')} 行未填完（已标红），请补全或删除后再提交。`);
        return false;
      }
      if (batch.responses.length === 0) {
        setNotice('请至少录入一份测评表。');
        return false;
      }
      setSentRows(rows.filter((r) => rowStatus(r) === 'complete').map((r) => r.key));
      await http.POST('/api/projects/{id}/survey/paper', { params: { path: { id: view.id } }, body: paperBody(view.version, batch) });
      setRows(firstRows());
      setAttempted(false);
      return true;
    },
    () => setOpen(false),
    onDone,
  );

  // A refusal naming sheets (`responses.3.answers.overall`): on their rows; the rest above the grid.
  const { rowProblems, rest } = useMemo(() => {
    const byRow = new Map<number, string[]>();
    if (error === null) return { rowProblems: byRow, rest: null };
    const others = error.fields.filter((f) => {
      const match = /^(?:body\.)?responses\.(\d+)\./.exec(f.field);
      const key = match === null ? undefined : sentRows[Number(match[1])];
      if (key === undefined) return true;
      byRow.set(key, [...(byRow.get(key) ?? []), f.message]);
      return false;
    });
    const message = byRow.size > 0 ? `${error.message}（见标红的行）` : error.message;
    return { rowProblems: byRow, rest: new ApiError(error.status, error.code, message, others, error.requestId) };
  }, [error, sentRows]);

  const show = (which: 'paper' | 'links') => {
    setTab(which);
    setOpen(true);
  };

  return (
    <>
      <Space wrap>
        <Button disabled={disabled} onClick={() => show('paper')}>
          {label}
        </Button>
        <Button disabled={disabled} icon={<QrcodeOutlined />} onClick={() => show('links')}>
          发放测评二维码
        </Button>
      </Space>
      <Drawer
        open={open}
        title="满意度测评"
        size={1120}
        onClose={() => setOpen(false)}
        forceRender
        footer={
          tab === 'paper' ? (
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <Typography.Text type="secondary">
                本次录入 {batch.responses.length} 份完整测评表{batch.incompleteRows.length > 0 ? `，${batch.incompleteRows.length} 份未填完` : ''}；参与测评人数合计{' '}
                {summary.respondentCount} 人（不少于 {MIN_RESPONDENTS} 人），满意率 {summary.satisfaction.total === 0 ? '--' : `${summary.satisfaction.percent}%`}
              </Typography.Text>
              <Space>
                <Button onClick={() => setOpen(false)}>取消</Button>
                <Button
                  type="primary"
                  loading={sending}
                  onClick={() => {
                    void submit();
                  }}
                >
                  提交 {batch.responses.length} 份测评表
                </Button>
              </Space>
            </Space>
          ) : (
            <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
              <Button onClick={() => setOpen(false)}>关闭</Button>
            </Space>
          )
        }
      >
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key === 'links' ? 'links' : 'paper')}
          items={[
            {
              key: 'paper',
              label: label,
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <SurveyFigures
                    summary={summary}
                    extra={`已收到 ${recorded.length} 份（在线 ${online}、纸质 ${recorded.length - online}），本次录入 ${batch.responses.length} 份`}
                  />
                  {notice !== null ? <Alert type="error" showIcon title={notice} /> : null}
                  <ErrorAlert error={rest} />
                  <Form form={form} layout="inline" name="paperSurvey" initialValues={{ date: dayjs() }}>
                    <Form.Item name="date" label="测评表日期" rules={[{ required: true, message: '请选择测评表上的日期' }]}>
                      <DatePicker format="YYYY年MM月DD日" allowClear={false} />
                    </Form.Item>
                    <Form.Item>
                      <Typography.Text type="secondary">本批测评表上填写的日期</Typography.Text>
                    </Form.Item>
                  </Form>
                  <Legend />
                  <SheetGrid rows={rows} onRows={setRows} rowProblems={rowProblems} flagAll={attempted} />
                </Space>
              ),
            },
            { key: 'links', label: '发放测评二维码', children: <SurveyLinks view={view} /> },
          ]}
        />
      </Drawer>
    </>
  );
}

// ---------------------------------------------------------------------------------------------- 完成满意度测评

interface CompleteValues {
  readonly reason?: string;
}

function CompleteSurveyForm({ view, label, disabled, onDone }: StepFormProps) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<CompleteValues>();
  const user = useUser();
  const recorded = view.state.survey.responses;
  const summary = useMemo(() => liveSummary(recorded, [], MIN_RESPONDENTS), [recorded]);
  const path = completionPath(summary.respondentCount, MIN_RESPONDENTS, user.role);
  const online = recorded.filter((r) => r.source === 'online').length;
  const townPath = view.state.status === 'surveying';

  const { sending, error, submit } = useCaseDialog(
    form,
    async (values) => {
      if (path === 'needsTown') return false;
      await http.POST('/api/projects/{id}/survey/complete', {
        params: { path: { id: view.id } },
        body: completionBody(view.version, path, values.reason),
      });
      return true;
    },
    () => setOpen(false),
    onDone,
  );

  return (
    <>
      <Button type={path === 'needsTown' ? 'default' : 'primary'} disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={label}
        width={760}
        okText={path === 'approveException' ? '批准并完成测评' : '完成测评'}
        cancelText="取消"
        okButtonProps={{ disabled: path === 'needsTown' }}
        confirmLoading={sending}
        onOk={() => {
          void submit();
        }}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ErrorAlert error={error} />
          <SurveyFigures summary={summary} extra={`在线 ${online} 份、纸质 ${recorded.length - online} 份`} />
          <SurveyCountsTable summary={summary} rows={CLOSURE_SURVEY_ROWS} />
          <Typography.Text type="secondary">{RATE_EXPLANATION}</Typography.Text>
          {path === 'enough' ? (
            <Alert
              type="info"
              showIcon
              title={
                townPath
                  ? '完成后，测评结果录入结项表“满意度测评情况”一栏，项目转为已结项待办结。'
                  : '完成后不能再录入测评表；测评结果填入结项表“满意度测评情况”一栏，即可提交结项表。'
              }
            />
          ) : path === 'approveException' ? (
            <Alert
              type="warning"
              showIcon
              title={`参与测评人数 ${summary.respondentCount} 人，少于 ${MIN_RESPONDENTS} 人`}
              description={`原则上参与测评人数不得少于${MIN_RESPONDENTS}人。确有特殊情况的，由镇（街道）批准并写明理由后完成测评；项目将保留“${PROJECT_FLAG_LABELS.surveyException}”标记。`}
            />
          ) : (
            <Alert
              type="warning"
              showIcon
              title={`参与测评人数 ${summary.respondentCount} 人，不得少于 ${MIN_RESPONDENTS} 人`}
              description={`请继续收集测评（录入纸质测评表或发放测评二维码）。确有特殊情况不足${MIN_RESPONDENTS}人的，须经镇（街道）批准：请联系镇（街道）“民生大莞家”牵头部门，由其写明理由后完成测评。`}
            />
          )}
          <Form form={form} layout="vertical" name="completeSurvey">
            {path === 'approveException' ? (
              <Form.Item
                name="reason"
                label="批准理由"
                rules={[
                  { required: true, whitespace: true, message: `请填写不足${MIN_RESPONDENTS}人仍完成测评的理由` },
                  { max: 1000, message: '不超过1000字' },
                ]}
              >
                <Input.TextArea rows={3} maxLength={1000} showCount placeholder="例如：服务对象为辖区内12户独居长者，已全部参与测评" />
              </Form.Item>
            ) : null}
          </Form>
        </Space>
      </Modal>
    </>
  );
}

export const SURVEY_STEPS: readonly StepAction[] = [
  { action: 'recordPaperSurvey', Form: PaperSurveyForm },
  { action: 'completeSurvey', Form: CompleteSurveyForm },
];
