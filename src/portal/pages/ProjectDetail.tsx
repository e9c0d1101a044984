/**
 * One project as publicized (GET /api/public/projects/:id): what, where, how much, how it is handled, the publicity
 * window with the days left, the agreed plan (content, for whom, fund sources, implementer, period), the objections
 * raised and their answers, and for a closed project the 结项表 summary (actual spending per source, results) and its
 * satisfaction rate. While in 公示 a resident may raise an objection (R5.3); a 莞家直达 project may be claimed (R5.5); while the
 * survey runs, a link to it.
 */
import { useState, type SyntheticEvent } from 'react';
import { asPortalError, client, fieldMessage, type ClaimBody, type PortalError, type PublicProject } from '../api.js';
import { daysLeft, formatDateTime, normalizeMobile, publicityWindow } from '../format.js';
import { Link } from '../router.js';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../ui.js';
import { phaseTag } from './Projects.js';
import { ReadAloud } from './ReadAloud.js';

export function ProjectDetail({ id }: { id: number }) {
  const { load, reload, set } = useLoad(() => client.GET('/api/public/projects/{id}', { params: { path: { id } } }), String(id));
  return (
    <Page title="项目详情">
      {load.state === 'loading' && <Loading />}
      {load.state === 'error' && (load.error.status === 404 ? <Notice kind="warn" lead="找不到这个项目">项目可能还没有公示，或编号有误。</Notice> : <ErrorNotice error={load.error} retry={reload} />)}
      {load.state === 'ready' && <Detail project={load.data} onChange={set} />}
    </Page>
  );
}

function Detail({ project: p, onChange }: { project: PublicProject; onChange: (p: PublicProject) => void }) {
  const now = new Date();
  const left = p.publicity === null ? 0 : daysLeft(p.publicity.endsAt, now);
  const spoken = [
    `项目名称：${p.name}。`,
    `项目状态：${p.status}。`,
    p.category === null ? '' : `项目类别：${p.category}。`,
    `所属村（社区）：${p.communityName}。`,
    p.location === null ? '' : `项目地点：${p.location}。`,
    p.budgetWan === null ? '' : `项目预算：${p.budgetWan}万元。`,
    p.handlingMode === null ? '' : `办理方式：${p.handlingMode}。`,
    p.publicity === null ? '' : `公示期：${publicityWindow(p.publicity)}${p.publicityStatus === '公示中' ? `，还剩${left}天` : '，已结束'}。`,
    p.satisfactionPercent === null ? '' : `群众满意率：百分之${p.satisfactionPercent}。`,
    p.townOpinionText === null ? '' : `镇（街道）审核意见：${p.townOpinionText}`,
  ].join('');
  return (
    <>
      <section className="card" aria-labelledby="pname">
        <h2 id="pname">{p.name}</h2>
        <p>
          {phaseTag(p)}
          <span className="muted">项目状态：{p.status}</span>
        </p>
        <dl className="facts">
          <dt>项目编号</dt>
          <dd>{p.code}</dd>
          <dt>项目类别</dt>
          <dd>{p.category ?? '--'}</dd>
          <dt>所属村（社区）</dt>
          <dd>{p.communityName}</dd>
          <dt>项目地点</dt>
          <dd>{p.location ?? '--'}</dd>
          <dt>项目预算</dt>
          <dd>{p.budgetWan === null ? '--' : `${p.budgetWan} 万元`}</dd>
          <dt>办理方式</dt>
          <dd>{p.handlingMode ?? '--'}</dd>
          <dt>联系人</dt>
          <dd>{p.contactName === null ? '--' : `${p.contactName}${p.contactPhone === null ? '' : `（${p.contactPhone}）`}`}</dd>
          {p.publicity !== null && (
            <>
              <dt>公示期</dt>
              <dd>
                {publicityWindow(p.publicity)}
                {p.publicityStatus === '公示中' ? `，还剩 ${left} 天` : '（已结束）'}
              </dd>
            </>
          )}
          {p.satisfactionPercent !== null && (
            <>
              <dt>群众满意率</dt>
              <dd>{p.satisfactionPercent}%</dd>
            </>
          )}
        </dl>
        <div className="btn-row">
          <ReadAloud text={spoken} />
        </div>
      </section>
      {p.plan !== null && (
        <section className="card" aria-labelledby="plan">
          <h2 id="plan">项目方案</h2>
          <dl className="facts">
            <dt>建设（服务）内容</dt>
            <dd>{p.plan.content}</dd>
            <dt>惠及人群</dt>
            <dd>{p.plan.beneficiaries}</dd>
            <dt>经费来源</dt>
            <dd>{p.plan.fundSources.length === 0 ? '--' : p.plan.fundSources.map((f) => `${f.label} ${f.amountWan} 万元`).join('；')}</dd>
            <dt>实施主体</dt>
            <dd>{p.plan.implementer}</dd>
            <dt>实施时限</dt>
            <dd>
              {p.plan.period.start} 至 {p.plan.period.end}
            </dd>
          </dl>
        </section>
      )}
      {p.results !== null && (
        <section className="card" aria-labelledby="results">
          <h2 id="results">办理结果（结项表摘要）</h2>
          <dl className="facts">
            <dt>实施主体</dt>
            <dd>{p.results.implementer}</dd>
            <dt>实施时间</dt>
            <dd>
              {p.results.period.start} 至 {p.results.period.end}
            </dd>
            <dt>受益对象</dt>
            <dd>
              {p.results.beneficiaries}（{p.results.beneficiaryCount} 人）
            </dd>
            <dt>实际投入</dt>
            <dd>
              合计 {p.results.actualTotalWan} 万元
              {p.results.actual.length > 0 ? `：${p.results.actual.map((f) => `${f.label} ${f.amountWan} 万元`).join('；')}` : ''}
            </dd>
            <dt>项目成效</dt>
            <dd>{p.results.resultsText}</dd>
          </dl>
          {p.results.photos.length > 0 && (
            <>
              <h3>成效照片（{p.results.photos.length} 张）</h3>
              <ul className="photos result-photos">
                {p.results.photos.map((photo, i) => (
                  <li key={photo.url}>
                    <a href={photo.url} target="_blank" rel="noreferrer">
                      <img src={photo.url} alt={`项目成效照片第${i + 1}张`} loading="lazy" />
                    </a>
                  </li>
                ))}
              </ul>
              <p className="muted">点击照片可查看大图。</p>
            </>
          )}
        </section>
      )}
      {p.townOpinionText !== null && (
        <section className="card" aria-labelledby="opinion">
          <h2 id="opinion">镇（街道）审核意见</h2>
          <p>{p.townOpinionText}</p>
        </section>
      )}
      {p.participation.survey && (
        <Notice kind="info" lead="项目满意度测评进行中">
          <p>您了解或参与过这个项目，欢迎给它打分。</p>
          <Link to={`/survey/project/${p.id}`} className="btn primary block">
            去填写满意度测评
          </Link>
        </Notice>
      )}
      <Objections project={p} onChange={onChange} />
      {p.participation.claim && <ClaimForm project={p} onChange={onChange} />}
    </>
  );
}

function Objections({ project: p, onChange }: { project: PublicProject; onChange: (p: PublicProject) => void }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  if (p.objections.length === 0 && !p.participation.objection) return null;
  return (
    <section className="card" aria-labelledby="obj">
      <h2 id="obj">异议及答复</h2>
      {p.objections.length === 0 && <p className="muted">目前没有人提出异议。</p>}
      {p.objections.length > 0 && (
        <ol className="steps">
          {p.objections.map((o, i) => (
            <li key={`${o.raisedAt}-${i}`}>
              <time dateTime={o.raisedAt}>
                {formatDateTime(o.raisedAt)}
                {o.raisedBy !== null && ` · ${o.raisedBy}`}
              </time>
              <p>异议：{o.text}</p>
              <p>
                <strong>{o.answer === null ? '答复：尚未答复，社区会在项目实施前答复。' : `答复：${o.answer}`}</strong>
              </p>
            </li>
          ))}
        </ol>
      )}
      {done && (
        <Notice kind="ok" lead="您的异议已提交">
          社区会在项目开始实施前答复，答复会显示在本页。
        </Notice>
      )}
      {p.participation.objection && !open && (
        <button type="button" className="btn block" onClick={() => setOpen(true)}>
          我对这个项目有意见（提出异议）
        </button>
      )}
      {p.participation.objection && open && (
        <ObjectionForm
          project={p}
          onDone={(next) => {
            onChange(next);
            setOpen(false);
            setDone(true);
          }}
        />
      )}
    </section>
  );
}

function ObjectionForm({ project, onDone }: { project: PublicProject; onDone: (p: PublicProject) => void }) {
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<PortalError | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (text.trim() === '') found.text = '请写下您的意见';
    const mobile = phone.trim() === '' ? null : normalizeMobile(phone);
    if (phone.trim() !== '' && mobile === null) found.phone = '请填写11位手机号，或不填';
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setSending(true);
    setError(null);
    try {
      const result = await client.POST('/api/public/projects/{id}/objections', {
          params: { path: { id: project.id } },
          body: { text: text.trim(), ...(name.trim() === '' ? {} : { name: name.trim() }), ...(mobile === null ? {} : { phone: mobile }) },
        });
      onDone(result.project);
    } catch (err) {
      setError(asPortalError(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p className="help">公示期内，对项目的内容、地点、预算等有不同意见都可以提出。</p>
      <Field label="您的意见" required problem={problems.text ?? fieldMessage(error, 'text')}>
        {(a) => <textarea {...a} value={text} onChange={(e) => setText(e.target.value)} maxLength={1000} />}
      </Field>
      <Field label="姓名" problem={fieldMessage(error, 'name')} help="公开时只显示姓氏">
        {(a) => <input {...a} type="text" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={32} />}
      </Field>
      <Field label="手机号" problem={problems.phone ?? fieldMessage(error, 'phone')} help="方便社区联系您，不会公开">
        {(a) => <input {...a} type="tel" inputMode="numeric" autoComplete="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={20} />}
      </Field>
      {error !== null && <ErrorNotice error={error} />}
      <button type="submit" className="btn primary block" disabled={sending}>
        {sending ? '正在提交…' : '提交异议'}
      </button>
    </form>
  );
}

const CLAIMANT_KINDS: readonly { key: ClaimBody['claimant']['kind']; label: string }[] = [
  { key: 'enterprise', label: '企业' },
  { key: 'organization', label: '社会组织' },
  { key: 'individual', label: '爱心人士' },
];

function ClaimForm({ project, onChange }: { project: PublicProject; onChange: (p: PublicProject) => void }) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<ClaimBody['claimant']['kind']>('enterprise');
  const [name, setName] = useState('');
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<PortalError | null>(null);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (name.trim() === '') found.name = kind === 'individual' ? '请填写您的姓名' : '请填写单位名称';
    if (contactName.trim() === '') found.contactName = '请填写联系人';
    if (!/^[0-9][0-9 -]{6,19}$/.test(contactPhone.trim())) found.contactPhone = '请填写联系电话';
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setSending(true);
    setError(null);
    try {
      const result = await client.POST('/api/public/projects/{id}/claims', {
          params: { path: { id: project.id } },
          body: { claimant: { kind, name: name.trim(), contactName: contactName.trim(), contactPhone: contactPhone.trim() }, note: note.trim() },
        });
      onChange(result.project);
      setDone(true);
      setOpen(false);
    } catch (err) {
      setError(asPortalError(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="card" aria-labelledby="claim">
      <h2 id="claim">认领项目（莞家直达）</h2>
      <p>这个项目欢迎企业、社会组织或爱心人士认领，出资或出力帮助办好。</p>
      {done && (
        <Notice kind="ok" lead="认领申请已提交">
          社区会与您联系确认，认领结果会告知提出需求的居民。
        </Notice>
      )}
      {!open && !done && (
        <button type="button" className="btn primary block" onClick={() => setOpen(true)}>
          我要认领
        </button>
      )}
      {open && (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <fieldset className="chips">
            <legend>认领方</legend>
            {CLAIMANT_KINDS.map((k) => (
              <button key={k.key} type="button" className="chip" aria-pressed={kind === k.key} onClick={() => setKind(k.key)}>
                {k.label}
              </button>
            ))}
          </fieldset>
          <Field label={kind === 'individual' ? '姓名' : '单位名称'} required problem={problems.name ?? fieldMessage(error, 'claimant.name')}>
            {(a) => <input {...a} type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />}
          </Field>
          <Field label="联系人" required problem={problems.contactName ?? fieldMessage(error, 'contactName')}>
            {(a) => <input {...a} type="text" autoComplete="name" value={contactName} onChange={(e) => setContactName(e.target.value)} maxLength={50} />}
          </Field>
          <Field label="联系电话" required problem={problems.contactPhone ?? fieldMessage(error, 'contactPhone')} help="只用于社区联系您，不会公开">
            {(a) => <input {...a} type="tel" autoComplete="tel" value={contactPhone} onChange={(e) => setContactPhone(e.target.value)} maxLength={20} />}
          </Field>
          <Field label="认领说明" problem={fieldMessage(error, 'note')} help="例如：出资多少、提供哪些物资或服务">
            {(a) => <textarea {...a} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />}
          </Field>
          {error !== null && <ErrorNotice error={error} />}
          <button type="submit" className="btn primary block" disabled={sending}>
            {sending ? '正在提交…' : '提交认领'}
          </button>
        </form>
      )}
    </section>
  );
}
