/**
 * The password policy (等保 level 3 practice): at least 12 characters, three of the four character classes,
 * not the username, not a known weak password. Returns every problem, in Chinese, so the form can list them.
 */

export const PASSWORD_MIN_LENGTH = 12;

/**
 * Common passwords and their keyboard / year variants that still pass the length and class rules.
 * Compared case-insensitively after removing non-alphanumerics at the ends.
 */
const WEAK_PASSWORDS = new Set([
  'password1234', 'password@123', 'password@1234', 'passw0rd1234', 'p@ssw0rd1234', 'p@ssword1234', 'admin@123456',
  'admin1234567', 'administrator', 'qwerty123456', 'qwer1234qwer', 'qwerasdfzxcv', '1qaz2wsx3edc', '1qaz@wsx3edc',
  'abc123456789', 'abcd12345678', 'a12345678910', 'iloveyou1234', 'welcome12345', 'welcome@1234', 'changeme1234',
  'letmein12345', 'zaq12wsxcde3', 'woaini123456', 'woaini520131', 'aa1234567890', 'huawei@12345', 'root@1234567',
  'dongguan1234', 'dongguan@123', 'dongguan2026', 'dongguan@2026', 'minsheng1234', 'minsheng@123', 'minsheng2026',
  'admin@dongguan', 'test12345678', 'test@1234567', 'abc@12345678', '123456789abc', 'asdf1234asdf', 'zxcvbnm12345',
  'qwertyuiop12', '1q2w3e4r5t6y', '1q2w3e4r5t6y7u', 'p@55w0rd1234', 'sunshine1234', 'football1234',
]);

export interface PasswordProblem {
  readonly code: 'TOO_SHORT' | 'TOO_FEW_CLASSES' | 'CONTAINS_USERNAME' | 'WEAK';
  readonly message: string;
}

export function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

export function checkPassword(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    problems.push({ code: 'TOO_SHORT', message: `密码至少 ${PASSWORD_MIN_LENGTH} 位` });
  }
  if (characterClasses(password) < 3) {
    problems.push({ code: 'TOO_FEW_CLASSES', message: '密码须包含大写字母、小写字母、数字、符号中的至少三类' });
  }
  const lower = password.toLowerCase();
  const user = username.trim().toLowerCase();
  if (user.length > 0 && (lower.includes(user) || lower.includes([...user].reverse().join('')))) {
    problems.push({ code: 'CONTAINS_USERNAME', message: '密码不能包含用户名' });
  }
  const core = lower.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  if (WEAK_PASSWORDS.has(lower) || WEAK_PASSWORDS.has(core)) {
    problems.push({ code: 'WEAK', message: '该密码过于常见，请换一个' });
  }
  return problems;
}
