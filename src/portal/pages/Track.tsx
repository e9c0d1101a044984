/**
 * 查询办理进度: the tracking number and the phone number left when the need was raised (POST /api/public/track), then
 * where it is in plain words (the server's sentence, and what comes next), the deadlines ahead, every feedback sent,
 * the progress, and its project once there is one.
 */
import { useState, type SyntheticEvent } from 'react';
import { asPortalError, client, fieldMessage, type PortalError, type Tracking } from '../api.js';
import { formatDate, formatDateTime } from '../format.js';
import { progressOf } from '../progress.js';
import { Link, useLocation } from '../router.js';
import { ErrorNotice, Field, Notice, Page } from '../ui.js';

export function Track() {
  const { query } = useLocation();
  const [number, setNumber] = useState(query.get('no') ?? '');
  const [phone, setPhone] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<PortalError | null>(null);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<Tracking | null>(null);

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    const no = number.trim().toUpperCase();
    const digits = phone.replace(/[\s-]/g, '');
    if (!/^[A-Z0-9-]{4,40}$/.test(no)) found.trackingNumber = '请填写查询编号（提交需求后收到的编号）';
    if (!/^\d{7,20}$/.test(digits)) found.phone = '请填写提交需求时留下的手机号';
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setSending(true);
    setError(null);
    try {
      setResult(await client.POST('/api/public/track', { body: { trackingNumber: no, phone: digits } }));
    } catch (err) {
      setError(asPortalError(err));
    } finally {
      setSending(false);
    }
  };

  if (result !== null) {
    return (
      <Page title="办理进度">
        <TrackingView tracking={result} />
        <button type="button" className="btn block" onClick={() => setResult(null)}>
          查询其他需求
        </button>
      </Page>
    );
  }

  return (
    <Page title="查询办理进度">
      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="查询编号" required help="提交需求后页面和短信里给您的编号" problem={problems.trackingNumber ?? fieldMessage(error, 'trackingNumber')}>
          {(a) => <input {...a} type="text" autoCapitalize="characters" autoComplete="off" value={number} onChange={(e) => setNumber(e.target.value)} maxLength={40} />}
        </Field>
        <Field label="手机号" required help="提交需求时留下的手机号" problem={problems.phone ?? fieldMessage(error, 'phone')}>
          {(a) => <input {...a} type="tel" inputMode="numeric" autoComplete="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={20} />}
        </Field>
        {error !== null && <ErrorNotice error={error} />}
        <button type="submit" className="btn primary block" disabled={sending}>
          {sending ? '正在查询…' : '查询'}
        </button>
      </form>
      <p className="muted">只有编号和手机号都对上才能查看，别人看不到您的需求。</p>
    </Page>
  );
}

function TrackingView({ tracking: t }: { tracking: Tracking }) {
  const progress = progressOf(t);
  return (
    <>
      <section className="card" aria-labelledby="dtitle">
        <h2 id="dtitle">{t.demand.title}</h2>
        <dl className="facts">
          <dt>查询编号</dt>
          <dd>{t.demand.trackingNumber}</dd>
          <dt>当前状态</dt>
          <dd>
            <strong>{t.demand.status}</strong>
            {t.project !== null && <>（项目{t.project.status}）</>}
          </dd>
          <dt>办理社区</dt>
          <dd>{t.demand.communityName}</dd>
          <dt>提出人</dt>
          <dd>
            {t.demand.proposerName}
            {t.demand.proposerPhone !== null && `（${t.demand.proposerPhone}）`}
          </dd>
          <dt>提出时间</dt>
          <dd>{formatDateTime(t.demand.createdAt)}</dd>
        </dl>
      </section>
      <Notice kind="info" lead="现在办到哪一步">
        <p>{t.summary}</p>
        {progress.next !== null && <p>下一步：{progress.next}</p>}
      </Notice>
      {t.deadlines.length > 0 && (
        <section className="card" aria-labelledby="dl">
          <h2 id="dl">接下来的办理期限</h2>
          <ul className="plain">
            {t.deadlines.map((d) => (
              <li key={d.step}>
                {d.text}：<strong>{formatDate(d.dueDate)}前</strong>
                {d.overdue && <span className="tag warn">已超期</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {t.project !== null &&
        (t.project.published ? (
          <Link to={`/projects/${t.project.id}`} className="btn primary block">
            查看对应项目：{t.project.name}
          </Link>
        ) : (
          <p className="card">
            对应项目：{t.project.name}（{t.project.status}）
            <br />
            <span className="muted">项目公示后可在“公示与结果”中查看。</span>
          </p>
        ))}
      <section className="card" aria-labelledby="fb">
        <h2 id="fb">收到的反馈（{t.feedbacks.length} 条）</h2>
        {t.feedbacks.length === 0 ? (
          <p className="muted">还没有反馈。社区受理后会第一时间反馈给您。</p>
        ) : (
          <ol className="steps">
            {t.feedbacks.map((f, i) => (
              <li key={`${f.at}-${i}`}>
                <time dateTime={f.at}>
                  {formatDateTime(f.at)} · {f.kind}
                </time>
                <p>{f.body}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="card" aria-labelledby="tl">
        <h2 id="tl">办理过程</h2>
        <ol className="steps">
          {t.timeline.map((s, i) => (
            <li key={`${s.at}-${i}`}>
              <time dateTime={s.at}>{formatDateTime(s.at)}</time>
              <p>{s.text}</p>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
