/**
 * 满意度测评 (附件3, R6.5): by a one-time link (/m/survey/<token>, GET /api/public/survey-links/:token) or by project
 * (/m/survey/project/<id>, one answer per phone number). Eight items on the five levels as big radio buttons,
 * suggestions, an optional signature; a thank-you page; a clear page when the survey is closed or the link used.
 * /m/survey alone lists the projects whose survey is open.
 */
import { useState, type SyntheticEvent } from 'react';
import { asPortalError, client, fieldMessage, type PortalError, type Questionnaire, type RequestOf } from '../api.js';
import { formatDate, normalizeMobile } from '../format.js';
import { Link } from '../router.js';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../ui.js';

type Level = RequestOf<'submitPublicSurveyResponse'>['answers']['overall'];
const LEVEL_KEYS: readonly Level[] = ['verySatisfied', 'satisfied', 'basicallySatisfied', 'dissatisfied', 'veryDissatisfied'];
const isLevel = (v: string): v is Level => (LEVEL_KEYS as readonly string[]).includes(v);
type Answers = RequestOf<'submitPublicSurveyResponse'>['answers'];
const QUESTION_KEYS = ['overall', 'quality', 'effect', 'attitude', 'efficiency', 'closeness', 'openness', 'other'] as const;
type QuestionKey = (typeof QUESTION_KEYS)[number];
const isQuestion = (v: string): v is QuestionKey => (QUESTION_KEYS as readonly string[]).includes(v);

export function SurveyIndex() {
  const { load, reload } = useLoad(async () => {
    const list = await client.GET('/api/public/projects', { params: { query: { list: 'publicity', phase: 'ended', limit: 100 } } });
    return list.items.filter((p) => p.participation.survey);
  }, 'open');
  return (
    <Page title="满意度测评">
      <Notice kind="info" lead="怎样参加测评">
        <p>用手机扫描社区发放的测评二维码，就能直接打开测评表；也可以在下面选择正在测评的项目，用手机号填写，每个手机号每个项目只能填一次。</p>
      </Notice>
      <h2 className="section-title">正在测评的项目</h2>
      {load.state === 'loading' && <Loading />}
      {load.state === 'error' && <ErrorNotice error={load.error} retry={reload} />}
      {load.state === 'ready' &&
        (load.data.length === 0 ? (
          <p className="card muted">目前没有正在测评的项目。</p>
        ) : (
          <ul className="plist">
            {load.data.map((p) => (
              <li key={p.id}>
                <Link to={`/survey/project/${p.id}`} className="pitem">
                  <span className="name">{p.name}</span>
                  <span className="meta">{p.communityName}</span>
                </Link>
              </li>
            ))}
          </ul>
        ))}
    </Page>
  );
}

export function SurveyByToken({ token }: { token: string }) {
  const wellFormed = /^[A-Za-z0-9_-]{43}$/.test(token);
  const { load, reload } = useLoad(
    () => (wellFormed ? client.GET('/api/public/survey-links/{token}', { params: { path: { token } } }) : Promise.resolve(null)),
    token,
  );
  return (
    <Page title="满意度测评">
      {(!wellFormed || (load.state === 'ready' && load.data === null)) && <LinkUnusable />}
      {load.state === 'loading' && wellFormed && <Loading />}
      {load.state === 'error' && (load.error.code === 'SURVEY_TOKEN_INVALID' || load.error.status === 404 ? <LinkUnusable /> : <ErrorNotice error={load.error} retry={reload} />)}
      {load.state === 'ready' && load.data !== null && <SurveyForm questionnaire={load.data} token={token} />}
    </Page>
  );
}

export function SurveyByProject({ projectId }: { projectId: number }) {
  const { load, reload } = useLoad(() => client.GET('/api/public/survey/{projectId}', { params: { path: { projectId } } }), String(projectId));
  return (
    <Page title="满意度测评">
      {load.state === 'loading' && <Loading />}
      {load.state === 'error' && (load.error.status === 404 ? <Notice kind="warn" lead="找不到这个项目的测评">请确认二维码或链接是否完整。</Notice> : <ErrorNotice error={load.error} retry={reload} />)}
      {load.state === 'ready' && <SurveyForm questionnaire={load.data} token={null} />}
    </Page>
  );
}

function LinkUnusable() {
  return (
    <Notice kind="warn" lead="这个测评链接已经不能使用">
      <p>每个测评二维码（链接）只能提交一次。如果已经提交过，感谢您的参与；如果还没有填写，请向社区工作人员重新领取测评二维码。</p>
      <Link to="/" className="btn block">
        回到首页
      </Link>
    </Notice>
  );
}

/** A refused answer in plain words: already answered, link used, survey over, or the server's own message. */
function SubmitRefusal({ error }: { error: PortalError }) {
  if (error.code === 'DUPLICATE_RESPONSE')
    return (
      <Notice kind="warn" lead="您已经评过这个项目了">
        <p>每个手机号（每个测评二维码）对一个项目只能提交一次，这次的内容没有保存。感谢您的参与！</p>
      </Notice>
    );
  if (error.code === 'SURVEY_TOKEN_INVALID') return <LinkUnusable />;
  if (error.code === 'SURVEY_NOT_OPEN')
    return (
      <Notice kind="warn" lead="测评已经结束">
        <p>这个项目现在不接受测评，这次的内容没有保存。</p>
      </Notice>
    );
  return <ErrorNotice error={error} />;
}

function Closed({ q }: { q: Questionnaire }) {
  return (
    <Notice kind="warn" lead="测评已经结束">
      <p>“{q.projectName}”目前不在满意度测评期，暂时不能填写。感谢您的关注。</p>
      <Link to={`/projects/${q.projectId}`} className="btn block">
        查看项目情况
      </Link>
    </Notice>
  );
}

function SurveyForm({ questionnaire: q, token }: { questionnaire: Questionnaire; token: string | null }) {
  const [answers, setAnswers] = useState<Partial<Record<QuestionKey, Level>>>({});
  const [suggestion, setSuggestion] = useState('');
  const [signature, setSignature] = useState('');
  const [phone, setPhone] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<PortalError | null>(null);
  const [sending, setSending] = useState(false);
  const [answeredOn, setAnsweredOn] = useState<string | null>(null);

  if (!q.open) return <Closed q={q} />;
  if (answeredOn !== null) {
    return (
      <Notice kind="ok" lead="提交成功，谢谢您！">
        <p>
          您对“{q.projectName}”的评价已于 {formatDate(answeredOn)} 收到。测评结果会和项目结项情况一起公开。
        </p>
        <Link to="/" className="btn block">
          回到首页
        </Link>
      </Notice>
    );
  }

  const questions = q.questions.filter((x) => isQuestion(x.key));
  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    for (const question of questions) if (question.required && answers[question.key as QuestionKey] === undefined) found[question.key] = '请选择一项';
    if (token === null && normalizeMobile(phone) === null) found.phone = '请填写11位手机号（每个手机号只能评一次）';
    return found;
  };
  const problems = tried ? validate() : {};

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    setTried(true);
    const found = validate();
    const mobile = normalizeMobile(phone);
    const first = Object.keys(found)[0];
    if (first !== undefined) {
      (document.getElementById(`q-${first}`) ?? document.querySelector('[aria-invalid="true"]'))?.scrollIntoView({ block: 'center' });
      return;
    }
    const overall = answers.overall;
    if (overall === undefined) return;
    const body: Answers = { ...answers, overall };
    setSending(true);
    setError(null);
    try {
      const result = await client.POST('/api/public/survey/{projectId}/responses', {
          params: { path: { projectId: q.projectId } },
          body: {
            ...(token === null ? {} : { token }),
            ...(token === null && mobile !== null ? { phone: mobile } : {}),
            answers: body,
            ...(suggestion.trim() === '' ? {} : { suggestion: suggestion.trim() }),
            ...(signature.trim() === '' ? {} : { signature: signature.trim() }),
          },
        });
      setAnsweredOn(result.answeredOn);
      window.scrollTo(0, 0);
    } catch (err) {
      setError(asPortalError(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <section className="card">
        <h2>{q.projectName}</h2>
        <p className="muted">{q.communityName}</p>
        <p>请根据您的了解，对这个项目逐项选择满意程度。带“必填”的请一定选择，大约需要2分钟。</p>
      </section>
      {questions.map((question, i) => {
        const key = question.key as QuestionKey;
        const problem = problems[key] ?? fieldMessage(error, `answers.${key}`);
        return (
          <fieldset key={key} id={`q-${key}`} className="levels" aria-describedby={problem === undefined ? undefined : `q-${key}-problem`}>
            <legend>
              {i + 1}. {question.label}
              {question.required ? <span className="req">（必填）</span> : <span className="muted">（可不选）</span>}
            </legend>
            <div className="opts">
              {q.levels.filter((l) => isLevel(l.key)).map((level) => (
                <label key={level.key}>
                  <input
                    type="radio"
                    name={key}
                    value={level.key}
                    checked={answers[key] === level.key}
                    onChange={() => isLevel(level.key) && setAnswers((a) => ({ ...a, [key]: level.key }))}
                  />
                  {level.label}
                </label>
              ))}
            </div>
            {problem !== undefined && (
              <p className="problem" id={`q-${key}-problem`}>
                {problem}
              </p>
            )}
          </fieldset>
        );
      })}
      <div className="card">
        <Field label="其他意见或建议" problem={fieldMessage(error, 'suggestion')}>
          {(a) => <textarea {...a} value={suggestion} onChange={(e) => setSuggestion(e.target.value)} maxLength={1000} />}
        </Field>
        {token === null && (
          <Field label="手机号" required help="每个手机号对每个项目只能评一次，号码不会公开" problem={problems.phone ?? fieldMessage(error, 'phone')}>
            {(a) => <input {...a} type="tel" inputMode="numeric" autoComplete="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={20} />}
          </Field>
        )}
        <Field label="签名" help="填写姓名即可，不会公开" problem={fieldMessage(error, 'signature')}>
          {(a) => <input {...a} type="text" autoComplete="name" value={signature} onChange={(e) => setSignature(e.target.value)} maxLength={50} />}
        </Field>
      </div>
      {error !== null && <SubmitRefusal error={error} />}
      <button type="submit" className="btn primary block" disabled={sending}>
        {sending ? '正在提交…' : '提交测评'}
      </button>
    </form>
  );
}
