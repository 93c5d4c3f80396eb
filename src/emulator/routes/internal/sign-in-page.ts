/**
 * The HTML of the emulator's sign-in page (what Okta's hosted sign-in widget is for a real org): a
 * plain form that posts the authorize request's parameters back with a username and password. Every
 * interpolated value is HTML-escaped; the page loads nothing from elsewhere.
 */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface SignInPageInput {
  /** The label of the app the user signs in to. */
  appLabel: string;
  /** The authorize parameters, carried through the form as hidden fields. */
  params: Record<string, string>;
  /** The login typed before, kept after a failed attempt. */
  username?: string;
  /** The failure to show above the form. */
  error?: string;
  /** A few demo people to pick from (login and display name), shown as suggestions. */
  suggestions: { login: string; name: string }[];
  /** The password the seeded demo people share. */
  demoPassword: string;
}

/** Renders the sign-in page. */
export function signInPage(input: SignInPageInput): string {
  const hidden = Object.entries(input.params)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n      ');
  const options = input.suggestions.map((s) => `<option value="${escapeHtml(s.login)}">${escapeHtml(s.name)}</option>`).join('');
  const people = input.suggestions
    .slice(0, 5)
    .map((s) => `<li><code>${escapeHtml(s.login)}</code></li>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign In - Okta org emulator</title>
  <style>
    body { font-family: system-ui, sans-serif; background: #f4f5f7; margin: 0; }
    main { max-width: 380px; margin: 8vh auto; background: #fff; border-radius: 8px; padding: 32px; box-shadow: 0 2px 10px rgba(0,0,0,.08); }
    h1 { font-size: 1.3rem; margin: 0 0 4px; } p.app { color: #555; margin: 0 0 20px; }
    label { display: block; font-size: .9rem; margin: 12px 0 4px; }
    input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 9px; border: 1px solid #bbb; border-radius: 4px; }
    button { margin-top: 20px; width: 100%; padding: 10px; background: #1662dd; color: #fff; border: 0; border-radius: 4px; font-size: 1rem; cursor: pointer; }
    .error { background: #fdeaea; color: #a4161a; padding: 10px; border-radius: 4px; margin-bottom: 12px; }
    .hint { font-size: .8rem; color: #555; margin-top: 20px; }
  </style>
</head>
<body>
  <main>
    <h1>Sign In</h1>
    <p class="app">to ${escapeHtml(input.appLabel)}</p>
    ${input.error ? `<div class="error" role="alert">${escapeHtml(input.error)}</div>` : ''}
    <form method="post" action="/oauth2/v1/authorize">
      ${hidden}
      <label for="username">Username</label>
      <input id="username" name="username" type="text" autocomplete="username" list="people" value="${escapeHtml(input.username ?? '')}" required autofocus>
      <datalist id="people">${options}</datalist>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Sign In</button>
    </form>
    <div class="hint">Okta org emulator. Demo people sign in with the password <code>${escapeHtml(input.demoPassword)}</code>${people ? `, for example:<ul>${people}</ul>` : '.'}</div>
  </main>
</body>
</html>
`;
}

/** A page for authorize errors that cannot go back to the client (unknown client, unregistered redirect URI). */
export function errorPage(title: string, description: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 560px; margin: 10vh auto;">
  <h1>${escapeHtml(title)}</h1>
  <p>${escapeHtml(description)}</p>
</body></html>
`;
}
