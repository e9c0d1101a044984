/**
 * 我要提需求 without an account (POST /api/public/demands, R2.1 “莞家政务”微信公众号 channel): what to raise here and
 * what not, town → community, location, description, up to 6 photos, name and phone, the personal-data notice to
 * agree to (PIPL: who collects what, why, for how long, the resident's rights), and a simple arithmetic check that
 * works without any third party. The answer page shows the tracking number and what happens next, by when.
 */
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { asPortalError, client, fieldMessage, raiseDemand, type Challenge, type PortalError, type RaiseResult } from '../api.js';
import { formatDateTime, maskPhone, normalizeMobile } from '../format.js';
import { savedPlace } from '../prefs.js';
import { Link } from '../router.js';
import { ErrorNotice, Field, Notice, Page, useLoad } from '../ui.js';
import { usePlaces } from './PlacePicker.js';
import { MAX_PHOTOS, checkPhotos, photoProblem } from './raise-checks.js';

/** The version of the notice below; the server refuses a consent to any other (CONSENT_REQUIRED). */
const NOTICE_VERSION = '2026-12';

export function Raise() {
  const [result, setResult] = useState<RaiseResult | null>(null);
  const [phone, setPhone] = useState('');
  if (result !== null) return <Received result={result} phone={phone} />;
  return <RaiseForm onDone={(r, p) => {
    setPhone(p);
    setResult(r);
    window.scrollTo(0, 0);
  }} />;
}

function Received({ result: r, phone }: { result: RaiseResult; phone: string }) {
  return (
    <Page title="提交成功">
      <Notice kind="ok" lead="您的需求已提交，谢谢！">
        <p>请记下查询编号，凭它和手机号 {maskPhone(phone)} 随时查询办理进度：</p>
        <p className="big-number">{r.trackingNumber}</p>
      </Notice>
      <section className="card" aria-labelledby="next">
        <h2 id="next">接下来会怎样</h2>
        <p>
          已交给 <strong>{r.townName}{r.communityName}</strong> 办理，社区会在 <strong>{formatDateTime(r.receiptDueAt)}</strong> 前受理并给您反馈。
        </p>
        <ol>
          {r.nextSteps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
        {r.photoCount > 0 && <p className="muted">已收到照片 {r.photoCount} 张。</p>}
      </section>
      <Link to={`/track?no=${encodeURIComponent(r.trackingNumber)}`} className="btn primary block">
        查询办理进度
      </Link>
      <p />
      <Link to="/" className="btn block">
        回到首页
      </Link>
    </Page>
  );
}

function RaiseForm({ onDone }: { onDone: (r: RaiseResult, phone: string) => void }) {
  const towns = usePlaces();
  const remembered = savedPlace();
  const [townId, setTownId] = useState<number | null>(remembered?.townId ?? null);
  const [communityId, setCommunityId] = useState<number | null>(remembered?.communityId ?? null);
  const [location, setLocation] = useState('');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const question = useLoad(() => client.GET('/api/public/challenge'), 'challenge');
  const challenge: Challenge | null = question.load.state === 'ready' ? question.load.data : null;
  const [answer, setAnswer] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<PortalError | null>(null);
  const [sending, setSending] = useState(false);

  const newChallenge = () => {
    setAnswer('');
    question.reload();
  };

  const town = towns?.find((t) => t.id === townId) ?? null;

  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (communityId === null) found.communityId = '请选择需求所在的村（社区）';
    if (location.trim() === '') found.location = '请写下具体地点，例如：某某路口、某小区门口';
    if (description.trim().length < 5) found.description = '请把需求说清楚一点（至少5个字）';
    const photoIssue = photoProblem(photos);
    if (photoIssue !== null) found.photos = photoIssue;
    if (name.trim() === '') found.name = '请填写姓名或称呼';
    if (normalizeMobile(phone) === null) found.phone = '请填写11位手机号，用于查询进度和接收反馈';
    if (!consent) found.consent = '请先阅读并勾选同意个人信息告知';
    if (!/^\d{1,8}$/.test(answer.trim())) found.answer = '请填写验证题的答案（数字）';
    return found;
  };
  const problems = tried ? validate() : {};

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    setTried(true);
    const found = validate();
    const mobile = normalizeMobile(phone);
    const first = Object.keys(found)[0];
    if (first !== undefined || communityId === null || mobile === null || challenge === null) {
      window.setTimeout(() => document.querySelector('[aria-invalid="true"]')?.scrollIntoView({ block: 'center' }), 50);
      return;
    }
    setSending(true);
    setError(null);
    try {
      const result = await raiseDemand(
        {
          communityId,
          location: location.trim(),
          description: description.trim(),
          name: name.trim(),
          phone: mobile,
          consent: { accepted: true, noticeVersion: NOTICE_VERSION },
          challenge: { token: challenge.token, answer: answer.trim() },
        },
        photos,
      );
      onDone(result, mobile);
    } catch (err) {
      const refusal = asPortalError(err);
      setError(refusal);
      // The question is used up by any attempt: a fresh one for the next try.
      newChallenge();
      window.setTimeout(() => document.querySelector('[aria-invalid="true"], .notice.bad')?.scrollIntoView({ block: 'center' }), 50);
    } finally {
      setSending(false);
    }
  };

  const problem = (key: string, serverField: string) => problems[key] ?? fieldMessage(error, serverField);

  return (
    <Page title="我要提需求">
      <Notice kind="info" lead="可以反映什么">
        <p>身边需要解决的小事、急事，例如：路灯不亮、路面坑洼、缺少休息座椅、希望开展长者助餐等。</p>
        <p>
          <strong>紧急情况请直接拨打 110、119、120、122。</strong>涉及诉讼、仲裁、信访的事项不在这里受理。
        </p>
      </Notice>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="card">
          <Field label="所在镇（街道）" required problem={problems.communityId !== undefined && townId === null ? problems.communityId : undefined}>
            {(a) => (
              <select
                {...a}
                value={townId ?? ''}
                onChange={(e) => {
                  setTownId(e.target.value === '' ? null : Number(e.target.value));
                  setCommunityId(null);
                }}
              >
                <option value="">{towns === null ? '正在加载…' : '请选择'}</option>
                {(towns ?? []).map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="所在村（社区）" required problem={townId !== null ? problem('communityId', 'demand.communityId') : undefined}>
            {(a) => (
              <select {...a} disabled={town === null} value={communityId ?? ''} onChange={(e) => setCommunityId(e.target.value === '' ? null : Number(e.target.value))}>
                <option value="">{town === null ? '请先选择镇（街道）' : '请选择'}</option>
                {(town?.communities ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="具体地点" required help="例如：3巷路口、某某小区东门" problem={problem('location', 'demand.location')}>
            {(a) => <input {...a} type="text" value={location} onChange={(e) => setLocation(e.target.value)} maxLength={200} />}
          </Field>
          <Field label="需求内容" required help="说清楚是什么问题、影响了谁、希望怎么解决" problem={problem('description', 'demand.description')}>
            {(a) => <textarea {...a} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} />}
          </Field>
          <Photos photos={photos} onChange={setPhotos} problem={problem('photos', 'photos')} />
        </div>
        <div className="card">
          <Field label="姓名或称呼" required help="公开时只显示姓氏" problem={problem('name', 'demand.name')}>
            {(a) => <input {...a} type="text" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={32} />}
          </Field>
          <Field label="手机号" required help="用于查询进度和接收办理反馈，不会公开" problem={problem('phone', 'demand.phone')}>
            {(a) => <input {...a} type="tel" inputMode="numeric" autoComplete="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={20} />}
          </Field>
        </div>
        <PrivacyNotice />
        <div className="card field">
          <label className="check">
            <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} aria-invalid={problems.consent !== undefined || error?.code === 'CONSENT_REQUIRED' ? true : undefined} />
            <span>我已阅读并同意上面的《个人信息收集使用告知》</span>
          </label>
          {(problems.consent ?? (error?.code === 'CONSENT_REQUIRED' ? error.message : undefined)) !== undefined && (
            <p className="problem">{problems.consent ?? error?.message}</p>
          )}
        </div>
        <div className="card">
          <Field
            label={challenge === null ? (question.load.state === 'error' ? '验证题没有加载出来，请点“换一题”' : '验证题（正在加载）') : `验证题：${challenge.question}`}
            required
            help="为防止恶意提交，请算一算，填写数字答案"
            problem={problems.answer ?? (error?.code.startsWith('CHALLENGE') === true ? error.message : fieldMessage(error, 'demand.challenge.answer'))}
          >
            {(a) => <input {...a} type="text" inputMode="numeric" autoComplete="off" value={answer} onChange={(e) => setAnswer(e.target.value)} maxLength={8} />}
          </Field>
          <button type="button" className="btn" onClick={newChallenge}>
            换一题
          </button>
        </div>
        {error !== null && <ErrorNotice error={error} />}
        <button type="submit" className="btn primary block" disabled={sending || challenge === null}>
          {sending ? '正在提交，请稍候…' : '提交需求'}
        </button>
      </form>
    </Page>
  );
}

function Photos({ photos, onChange, problem }: { photos: File[]; onChange: (p: File[]) => void; problem: string | undefined }) {
  // A wrong pick is said at once, not only when sending.
  const shown = photoProblem(photos) ?? problem;
  return (
    <div className="field">
      <span className="label" id="photos-label">
        现场照片<span className="muted">（可不传，最多{MAX_PHOTOS}张）</span>
      </span>
      {photos.length > 0 && (
        <ul className="photos" aria-labelledby="photos-label">
          {photos.map((p, i) => (
            <li key={`${p.name}-${i}`}>
              <Thumb file={p} alt={`第${i + 1}张照片`} />
              <button type="button" className="btn" onClick={() => onChange(photos.filter((_, j) => j !== i))} aria-label={`删除第${i + 1}张照片`}>
                删除
              </button>
            </li>
          ))}
        </ul>
      )}
      {photos.length < MAX_PHOTOS && (
        <label className="btn block">
          ＋ 拍照或从相册选择
          <input
            type="file"
            accept="image/jpeg,image/png"
            multiple
            className="sr-only"
            aria-describedby="photos-help"
            onChange={(e) => {
              const picked = Array.from(e.target.files ?? []);
              e.target.value = '';
              onChange(checkPhotos([...photos, ...picked]));
            }}
          />
        </label>
      )}
      <p className="help" id="photos-help">
        只收 JPG、PNG 照片，每张不超过 8 MB。
      </p>
      {shown !== undefined && <p className="problem">{shown}</p>}
    </div>
  );
}

/** A picked photo's preview; its object URL lives as long as the element. */
function Thumb({ file, alt }: { file: File; alt: string }) {
  const img = useRef<HTMLImageElement>(null);
  useEffect(() => {
    const url = URL.createObjectURL(file);
    if (img.current !== null) img.current.src = url;
    return () => URL.revokeObjectURL(url);
  }, [file]);
  return <img ref={img} alt={alt} />;
}

function PrivacyNotice() {
  return (
    <details className="card notice-text">
      <summary>《个人信息收集使用告知》（请点开阅读）</summary>
      <p>
        <strong>谁收集：</strong>您所在的镇（街道）和村（社区），通过东莞市“民生微实事”信息管理系统。
      </p>
      <p>
        <strong>收集什么：</strong>您填写的姓名或称呼、手机号、需求地点和内容，以及您上传的照片。
      </p>
      <p>
        <strong>用来做什么：</strong>只用于受理和办理您的需求、向您反馈办理进度和结果、开展满意度回访；不用于其他用途。
      </p>
      <p>
        <strong>公开什么：</strong>项目公示时，姓名只显示姓氏（如“陈**”），手机号只显示前三位和后四位（如“138****1234”）。
      </p>
      <p>
        <strong>保存多久：</strong>按档案管理规定随需求和项目的办理记录保存，到期后删除或匿名化处理。
      </p>
      <p>
        <strong>您的权利：</strong>您可以向所在村（社区）查询、更正您的个人信息，或撤回同意（撤回不影响此前已进行的办理）。不同意本告知将无法在网上提交，您也可以拨打 12345 或到村（社区）党群服务中心反映。
      </p>
    </details>
  );
}
