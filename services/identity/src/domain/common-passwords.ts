/**
 * Passwords that pass the length and letters-and-digits rules yet sit near the top of every
 * leaked-password list, so a guesser tries them first. Lower case; compared case-insensitively.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password1', 'password12', 'password123', 'password1234', 'password2024', 'password2025', 'password2026',
  'passw0rd123', 'p@ssw0rd123', 'qwerty1234', 'qwerty12345', 'qwerty123456', 'qwertyuiop1', 'qwertyuiop123',
  'abc1234567', 'abcd123456', 'abcd1234567', 'abc123456789', 'a123456789', 'a1234567890', 'aa123456789',
  '1qaz2wsx3edc', '1q2w3e4r5t', '1q2w3e4r5t6y', 'zaq12wsxcde3', 'iloveyou123', 'iloveyou12',
  'admin12345', 'admin123456', 'administrator1', 'welcome123', 'welcome1234', 'letmein123',
  'changeme123', 'test123456', 'test1234567', 'user123456', 'root123456', 'china123456',
  'woaini1314', 'woaini520', '5201314abc', 'aini1314520', 'asdf123456', 'asdfgh123456', 'zxcvbnm123',
  'football123', 'monkey12345', 'dragon12345', 'master12345', 'shadow12345', 'sunshine123',
]);
