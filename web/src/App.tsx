import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Navigate, NavLink as RouterNavLink, Route, Routes, useLocation } from 'react-router';
import { AccessPage } from './pages/Access.tsx';
import { ApplicationsPage } from './pages/Applications.tsx';
import { ApprovalsPage } from './pages/Approvals.tsx';
import { AuditPage } from './pages/Audit.tsx';
import { ChatPage } from './pages/Chat.tsx';
import { AppDetail, AppsList, DirectoryTabs, GroupDetail, GroupsList, UserDetail, UsersList } from './pages/Directory.tsx';
import { ReviewDetail, ReviewsPage } from './pages/Reviews.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { CatalogPage, RunDetail, RunsPage, WorkflowDetail, WorkflowsPage } from './pages/Workflows.tsx';
import { useSession } from './session.tsx';
import { AdminOnly, Loading } from './ui.tsx';

interface NavItem {
  to: string;
  label: string;
  admin: boolean;
  testId: string;
}

const nav: NavItem[] = [
  { to: '/applications', label: 'Applications', admin: true, testId: 'nav-applications' },
  { to: '/directory', label: 'Directory', admin: true, testId: 'nav-directory' },
  { to: '/workflows', label: 'Workflows', admin: true, testId: 'nav-workflows' },
  { to: '/runs', label: 'Runs', admin: true, testId: 'nav-runs' },
  { to: '/approvals', label: 'Approvals', admin: false, testId: 'nav-approvals' },
  { to: '/access', label: 'Access', admin: false, testId: 'nav-access' },
  { to: '/reviews', label: 'Reviews', admin: false, testId: 'nav-reviews' },
  { to: '/audit', label: 'Audit', admin: true, testId: 'nav-audit' },
  { to: '/chat', label: 'Chat', admin: false, testId: 'nav-chat' },
];

const admin = (element: React.ReactNode) => <AdminOnly>{element}</AdminOnly>;

export function App() {
  const { session, loading, isAdmin, signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();

  if (loading) return <Loading label="Opening Gatehouse…" />;
  if (!session) return <SignInPage />;

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Title order={3} style={{ letterSpacing: -0.5 }}>
              Gatehouse
            </Title>
          </Group>
          <Group gap="sm">
            <Text size="sm" data-testid="current-user" aria-label="Signed in as">
              {session.user.name ? `${session.user.name} · ` : ''}
              {session.user.login}
              {isAdmin ? ' (admin)' : ''}
            </Text>
            <Button size="xs" variant="default" onClick={() => void signOut()} data-testid="sign-out">
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <ScrollArea>
          <Stack gap={2} component="nav">
            {nav
              .filter((item) => isAdmin || !item.admin)
              .map((item) => (
                <NavLink
                  key={item.to}
                  component={RouterNavLink}
                  to={item.to}
                  label={item.label}
                  active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
                  onClick={close}
                  data-testid={item.testId}
                />
              ))}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <div style={{ maxWidth: 1200 }}>
          <Routes>
            <Route path="/" element={<Navigate to={isAdmin ? '/applications' : '/access'} replace />} />
            <Route path="/applications" element={admin(<ApplicationsPage />)} />
            <Route path="/applications/:tab" element={admin(<ApplicationsPage />)} />
            <Route path="/directory" element={<Navigate to="/directory/users" replace />} />
            <Route path="/directory/users" element={admin(<DirectoryTabs tab="users"><UsersList /></DirectoryTabs>)} />
            <Route path="/directory/users/:id" element={admin(<UserDetail />)} />
            <Route path="/directory/groups" element={admin(<DirectoryTabs tab="groups"><GroupsList /></DirectoryTabs>)} />
            <Route path="/directory/groups/:id" element={admin(<GroupDetail />)} />
            <Route path="/directory/apps" element={admin(<DirectoryTabs tab="apps"><AppsList /></DirectoryTabs>)} />
            <Route path="/directory/apps/:id" element={admin(<AppDetail />)} />
            <Route path="/workflows" element={admin(<WorkflowsPage />)} />
            <Route path="/workflows/catalog" element={admin(<CatalogPage />)} />
            <Route path="/workflows/:id" element={admin(<WorkflowDetail />)} />
            <Route path="/runs" element={admin(<RunsPage />)} />
            <Route path="/runs/:id" element={admin(<RunDetail />)} />
            <Route path="/approvals" element={<ApprovalsPage />} />
            <Route path="/access" element={<AccessPage />} />
            <Route path="/access/:tab" element={<AccessPage />} />
            <Route path="/reviews" element={<ReviewsPage />} />
            <Route path="/reviews/:id" element={<ReviewDetail />} />
            <Route path="/audit" element={admin(<AuditPage />)} />
            <Route path="/chat" element={<ChatPage />} />
            <Route path="/sign-in" element={<Navigate to="/" replace />} />
            <Route path="*" element={<Text data-testid="not-found">There is no page at {location.pathname}. Pick one from the menu.</Text>} />
          </Routes>
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
