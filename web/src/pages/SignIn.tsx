import { Anchor, Button, Center, Divider, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useSession } from '../session.tsx';
import { ErrorAlert } from '../ui.tsx';

/** Sign in: with Okta (when the server offers it) or with the API token (the bootstrap admin). */
export function SignInPage() {
  const { signInWithToken, oktaEnabled } = useSession();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(() => {
    // Sign in with Okta comes back to /?signin_error=<code>&signin_message=<text> when it failed.
    const params = new URLSearchParams(window.location.search);
    const message = params.get('signin_message');
    return message ? new Error(message) : undefined;
  });
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420} component="main">
        <Stack>
          <div>
            <Title order={2}>Sign in to Gatehouse</Title>
            <Text size="sm" c="dimmed">
              Identity automation for your Okta org.
            </Text>
          </div>
          {oktaEnabled && (
            <>
              <Button component="a" href="/api/v1/session/okta" size="md" data-testid="sign-in-okta">
                Sign in with Okta
              </Button>
              <Divider label="or, as the bootstrap admin" labelPosition="center" />
            </>
          )}
          <form
            onSubmit={async (event) => {
              event.preventDefault();
              setBusy(true);
              setError(undefined);
              try {
                await signInWithToken(token.trim());
              } catch (e) {
                setError(e as Error);
              } finally {
                setBusy(false);
              }
            }}
          >
            <Stack>
              <PasswordInput
                label="API token"
                description={
                  <>
                    The token in <code>&lt;dataDir&gt;/api-token</code> (<code>cat data/api-token</code>).
                  </>
                }
                value={token}
                onChange={(e) => setToken(e.currentTarget.value)}
                required
                autoFocus
                data-testid="sign-in-token"
              />
              <ErrorAlert error={error} title="Not signed in" />
              <Button type="submit" loading={busy} disabled={!token.trim()} data-testid="sign-in-submit">
                Sign in
              </Button>
            </Stack>
          </form>
          {!oktaEnabled && (
            <Text size="xs" c="dimmed">
              Sign in with Okta appears here once an Okta org is connected for console sign-in. <Anchor href="/api/openapi.json">API reference</Anchor>
            </Text>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
