/**
 * The tables behind the demo company ("Acme Corp"): names, offices, departments and teams, the
 * cross-cutting groups, and the app catalogue with how each app is granted. `demo.ts` turns them
 * into an org; nothing here is random.
 */

/** The company. `.example` is a reserved TLD (RFC 2606), so no real mailbox is ever named. */
export const company = { name: 'Acme Corp', domain: 'acme.example' } as const;

// Given names from many cultures, a few with diacritics (logins fold them to ASCII). 200 entries.
export const firstNames: readonly string[] = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen',
  'Daniel', 'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Sandra', 'Mark', 'Ashley', 'Steven', 'Emily',
  'Andrew', 'Michelle', 'Joshua', 'Amanda', 'Kevin', 'Melissa', 'Brian', 'Stephanie', 'Ryan', 'Rebecca',
  'Jacob', 'Laura', 'Nicholas', 'Hannah', 'Tyler', 'Olivia', 'Ethan', 'Emma', 'Noah', 'Ava',
  'Liam', 'Sophia', 'Lucas', 'Mia', 'Benjamin', 'Charlotte', 'Samuel', 'Amelia', 'Alexander', 'Harper',
  'Owen', 'Grace', 'Wei', 'Mei', 'Hiroshi', 'Yuki', 'Haruto', 'Sakura', 'Min-jun', 'Ji-woo',
  'Seo-yeon', 'Jae', 'Priya', 'Arjun', 'Ananya', 'Rohan', 'Aisha', 'Vikram', 'Sanjay', 'Deepa',
  'Kavya', 'Rahul', 'Neha', 'Aditya', 'Fatima', 'Omar', 'Layla', 'Hassan', 'Yusuf', 'Amira',
  'Zainab', 'Karim', 'Leila', 'Tariq', 'Chidi', 'Ngozi', 'Kwame', 'Amara', 'Oluwaseun', 'Folake',
  'Kofi', 'Abena', 'Tendai', 'Thandiwe', 'Sipho', 'Zanele', 'Mateo', 'Sofía', 'Santiago', 'Valentina',
  'Diego', 'Camila', 'Alejandro', 'Lucía', 'José', 'María', 'Javier', 'Inés', 'Carlos', 'Gabriela',
  'Raúl', 'Mónica', 'Andrés', 'Ximena', 'Luis', 'Paula', 'João', 'Beatriz', 'Thiago', 'Larissa',
  'Pedro', 'Mariana', 'François', 'Chloé', 'Renée', 'André', 'Anaïs', 'Noé', 'Élodie', 'Zoë',
  'Björn', 'Søren', 'Ingrid', 'Astrid', 'Lars', 'Freya', 'Mikael', 'Sigrid', 'Jürgen', 'Lena',
  'Felix', 'Greta', 'Łukasz', 'Agnieszka', 'Tomasz', 'Katarzyna', 'Dmitri', 'Anastasia', 'Ivan', 'Olga',
  'Nikola', 'Milica', 'Giorgos', 'Eleni', 'Marco', 'Giulia', 'Luca', 'Francesca', 'Ahmet', 'Elif',
  'Mehmet', 'Zeynep', 'Avi', 'Noa', 'Tal', 'Yael', 'Kai', 'Leilani', 'Malia', 'Koa',
  'Minh', 'Linh', 'Quang', 'Thảo', 'Siddharth', 'Meera', 'Ravi', 'Lakshmi', 'Jamal', 'Keisha',
  'Darnell', 'Imani', 'Marcus', 'Aaliyah', 'Jordan', 'Taylor', 'Morgan', 'Riley', 'Alex', 'Sam',
];

// Family names from many cultures, a few with diacritics or apostrophes. 220 entries.
export const lastNames: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
  'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis',
  'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Hill', 'Green', 'Adams',
  'Baker', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans',
  'Edwards', 'Collins', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper', 'Peterson',
  'Reed', 'Bailey', 'Bell', 'Kelly', 'Howard', 'Ward', 'Cox', 'Richardson', 'Wood', 'Brooks',
  'Bennett', 'Gray', 'Hughes', 'Price', 'Sanders', 'Myers', 'Long', 'Ross', 'Foster', "O'Brien",
  "O'Connor", 'McCarthy', 'Sullivan', 'Walsh', 'García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González',
  'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Rivera', 'Gómez', 'Díaz', 'Reyes', 'Cruz',
  'Morales', 'Ortiz', 'Gutiérrez', 'Chávez', 'Ramos', 'Ruiz', 'Álvarez', 'Jiménez', 'Núñez', 'Castillo',
  'Vargas', 'Silva', 'Santos', 'Oliveira', 'Costa', 'Pereira', 'Ferreira', 'Almeida', 'Carvalho', 'Wang',
  'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu',
  'Sun', 'Lin', 'Tanaka', 'Suzuki', 'Takahashi', 'Watanabe', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Sato',
  'Kim', 'Park', 'Choi', 'Jung', 'Kang', 'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Patel',
  'Shah', 'Sharma', 'Singh', 'Kumar', 'Gupta', 'Reddy', 'Iyer', 'Nair', 'Rao', 'Desai',
  'Mehta', 'Khan', 'Ahmed', 'Ali', 'Hussain', 'Rahman', 'Haddad', 'Nasser', 'Farah', 'Mansour',
  'Okafor', 'Adeyemi', 'Mensah', 'Owusu', 'Nkosi', 'Dlamini', 'Mwangi', 'Otieno', 'Abebe', 'Diallo',
  'Traoré', 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Wagner', 'Hoffmann', 'Dubois',
  'Lefèvre', 'Moreau', 'Laurent', 'Rossi', 'Russo', 'Bianchi', 'Romano', 'Esposito', 'Novak', 'Kowalski',
  'Nowak', 'Wiśniewski', 'Dvořák', 'Kovačević', 'Horváth', 'Ivanov', 'Petrov', 'Popescu', 'Öztürk', 'Yılmaz',
  'Çelik', 'Kaya', 'Andersson', 'Johansson', 'Nilsson', 'Sørensen', 'Hansen', 'Jensen', 'Larsen', 'Virtanen',
  'Korhonen', 'Cohen', 'Levi', 'Friedman', 'Kahananui', 'Fonoti', 'Van der Berg', 'De Luca', 'MacDonald', 'Fitzgerald',
];

/** An office; phone numbers come from ranges reserved for fiction (NANP 555-01xx, Ofcom 07700 900xxx). */
export interface Office {
  city: string;
  state: string;
  zipCode: string;
  countryCode: string;
  streetAddress: string;
  timezone: string;
  locale: string;
  /** The mobile number without its last `phoneDigits` digits. */
  phonePrefix: string;
  phoneDigits: number;
  weight: number;
}

export const offices: readonly Office[] = [
  { city: 'San Francisco', state: 'CA', zipCode: '94105', countryCode: 'US', streetAddress: '1 Acme Plaza', timezone: 'America/Los_Angeles', locale: 'en_US', phonePrefix: '+1 415-555-01', phoneDigits: 2, weight: 34 },
  { city: 'New York', state: 'NY', zipCode: '10013', countryCode: 'US', streetAddress: '200 Hudson Street', timezone: 'America/New_York', locale: 'en_US', phonePrefix: '+1 212-555-01', phoneDigits: 2, weight: 20 },
  { city: 'Austin', state: 'TX', zipCode: '78701', countryCode: 'US', streetAddress: '500 Congress Avenue', timezone: 'America/Chicago', locale: 'en_US', phonePrefix: '+1 512-555-01', phoneDigits: 2, weight: 16 },
  { city: 'Denver', state: 'CO', zipCode: '80202', countryCode: 'US', streetAddress: '1600 Larimer Street', timezone: 'America/Denver', locale: 'en_US', phonePrefix: '+1 303-555-01', phoneDigits: 2, weight: 8 },
  { city: 'Toronto', state: 'ON', zipCode: 'M5V 2T6', countryCode: 'CA', streetAddress: '100 King Street West', timezone: 'America/Toronto', locale: 'en_CA', phonePrefix: '+1 416-555-01', phoneDigits: 2, weight: 10 },
  { city: 'London', state: 'England', zipCode: 'EC2A 4NE', countryCode: 'GB', streetAddress: '30 Shoreditch High Street', timezone: 'Europe/London', locale: 'en_GB', phonePrefix: '+44 7700 900', phoneDigits: 3, weight: 12 },
];

/** A team inside a department; its members are ICs under a lead (and more managers as it grows). */
export interface TeamSpec {
  name: string;
  /** The function in manager titles: "Manager, Platform Engineering". */
  fn: string;
  weight: number;
  /** IC titles from junior to senior; levels are drawn with {@link levelWeights}. */
  titles: readonly string[];
}

export interface DepartmentSpec {
  name: string;
  division: string;
  /** Cost centers are `CC-<code>` for the head and `CC-<code + team number>` for teams. */
  code: number;
  weight: number;
  headTitle: string;
  teams: readonly TeamSpec[];
}

/** How likely each IC level is, by the number of levels a team has. */
export const levelWeights: Readonly<Record<number, readonly number[]>> = {
  2: [60, 40],
  3: [30, 50, 20],
  4: [20, 40, 28, 12],
  5: [14, 36, 30, 14, 6],
};

const eng = (level: string) => [`Associate ${level}`, level, `Senior ${level}`, `Staff ${level}`, `Principal ${level}`];

const rnd = 'Research & Development';
const gtm = 'Go-to-Market';
const ga = 'General & Administrative';

/** The CEO's own department (the CEO and executive assistants); it gets no share of the headcount. */
export const executive: DepartmentSpec = {
  name: 'Executive',
  division: 'Executive',
  code: 1000,
  weight: 0,
  headTitle: 'Chief Executive Officer',
  teams: [{ name: 'Office of the CEO', fn: 'Executive Operations', weight: 1, titles: ['Executive Assistant', 'Senior Executive Assistant'] }],
};

// Department heads and people managers have titles that the "Managers" group rule recognises
// ("Manager, …", "Director, …", "VP, …", "Chief …"); IC titles such as "Product Manager" do not.
export const departments: readonly DepartmentSpec[] = [
  {
    name: 'Engineering', division: rnd, code: 2000, weight: 28, headTitle: 'Chief Technology Officer',
    teams: [
      { name: 'Platform', fn: 'Platform Engineering', weight: 22, titles: eng('Site Reliability Engineer') },
      { name: 'Backend', fn: 'Backend Engineering', weight: 24, titles: eng('Software Engineer') },
      { name: 'Frontend', fn: 'Frontend Engineering', weight: 18, titles: eng('Frontend Engineer') },
      { name: 'Mobile', fn: 'Mobile Engineering', weight: 10, titles: eng('Mobile Engineer') },
      { name: 'Data', fn: 'Data Engineering', weight: 14, titles: eng('Data Engineer') },
      { name: 'Security', fn: 'Security Engineering', weight: 8, titles: eng('Security Engineer') },
    ],
  },
  {
    name: 'Product', division: rnd, code: 2100, weight: 6, headTitle: 'Chief Product Officer',
    teams: [
      { name: 'Core Product', fn: 'Product Management', weight: 50, titles: ['Associate Product Manager', 'Product Manager', 'Senior Product Manager', 'Group Product Manager'] },
      { name: 'Growth', fn: 'Growth', weight: 30, titles: ['Growth Analyst', 'Growth Product Manager', 'Senior Growth Product Manager'] },
      { name: 'Product Operations', fn: 'Product Operations', weight: 20, titles: ['Product Operations Analyst', 'Product Operations Manager', 'Technical Program Manager'] },
    ],
  },
  {
    name: 'Design', division: rnd, code: 2200, weight: 4, headTitle: 'VP, Design',
    teams: [
      { name: 'Product Design', fn: 'Product Design', weight: 60, titles: ['Product Designer', 'Senior Product Designer', 'Staff Product Designer'] },
      { name: 'Brand', fn: 'Brand Design', weight: 20, titles: ['Visual Designer', 'Senior Brand Designer'] },
      { name: 'UX Research', fn: 'UX Research', weight: 20, titles: ['UX Researcher', 'Senior UX Researcher'] },
    ],
  },
  {
    name: 'Sales', division: gtm, code: 3000, weight: 18, headTitle: 'Chief Revenue Officer',
    teams: [
      { name: 'Enterprise', fn: 'Enterprise Sales', weight: 30, titles: ['Account Executive', 'Senior Account Executive', 'Strategic Account Executive'] },
      { name: 'Mid-Market', fn: 'Mid-Market Sales', weight: 25, titles: ['Account Executive', 'Senior Account Executive'] },
      { name: 'Sales Development', fn: 'Sales Development', weight: 25, titles: ['Sales Development Representative', 'Senior Sales Development Representative'] },
      { name: 'Solutions Engineering', fn: 'Solutions Engineering', weight: 12, titles: ['Solutions Engineer', 'Senior Solutions Engineer', 'Principal Solutions Engineer'] },
      { name: 'Sales Operations', fn: 'Sales Operations', weight: 8, titles: ['Sales Operations Analyst', 'Senior Sales Operations Analyst'] },
    ],
  },
  {
    name: 'Marketing', division: gtm, code: 3100, weight: 8, headTitle: 'Chief Marketing Officer',
    teams: [
      { name: 'Demand Generation', fn: 'Demand Generation', weight: 35, titles: ['Marketing Specialist', 'Demand Generation Manager', 'Senior Demand Generation Manager'] },
      { name: 'Product Marketing', fn: 'Product Marketing', weight: 25, titles: ['Product Marketing Manager', 'Senior Product Marketing Manager'] },
      { name: 'Content', fn: 'Content', weight: 25, titles: ['Content Writer', 'Content Strategist', 'Senior Content Strategist'] },
      { name: 'Marketing Operations', fn: 'Marketing Operations', weight: 15, titles: ['Marketing Operations Analyst', 'Marketing Operations Manager'] },
    ],
  },
  {
    name: 'Customer Success', division: gtm, code: 3200, weight: 14, headTitle: 'VP, Customer Success',
    teams: [
      { name: 'Support', fn: 'Customer Support', weight: 50, titles: ['Support Engineer', 'Senior Support Engineer', 'Staff Support Engineer'] },
      { name: 'Onboarding', fn: 'Customer Onboarding', weight: 20, titles: ['Onboarding Specialist', 'Implementation Consultant'] },
      { name: 'Account Management', fn: 'Account Management', weight: 30, titles: ['Customer Success Manager', 'Senior Customer Success Manager'] },
    ],
  },
  {
    name: 'Finance', division: ga, code: 4000, weight: 5, headTitle: 'Chief Financial Officer',
    teams: [
      { name: 'Accounting', fn: 'Accounting', weight: 45, titles: ['Staff Accountant', 'Senior Accountant', 'Accounting Manager'] },
      { name: 'FP&A', fn: 'FP&A', weight: 35, titles: ['Financial Analyst', 'Senior Financial Analyst'] },
      { name: 'Procurement', fn: 'Procurement', weight: 20, titles: ['Procurement Specialist', 'Senior Procurement Specialist'] },
    ],
  },
  {
    name: 'People', division: ga, code: 4100, weight: 4, headTitle: 'Chief People Officer',
    teams: [
      { name: 'Recruiting', fn: 'Talent Acquisition', weight: 50, titles: ['Recruiting Coordinator', 'Recruiter', 'Senior Technical Recruiter'] },
      { name: 'People Operations', fn: 'People Operations', weight: 30, titles: ['People Operations Specialist', 'HR Business Partner', 'Senior HR Business Partner'] },
      { name: 'Learning & Development', fn: 'Learning & Development', weight: 20, titles: ['Learning Specialist', 'Learning & Development Partner'] },
    ],
  },
  {
    name: 'IT', division: ga, code: 4200, weight: 4, headTitle: 'Chief Information Officer',
    teams: [
      { name: 'Help Desk', fn: 'IT Support', weight: 45, titles: ['IT Support Specialist', 'Senior IT Support Specialist'] },
      { name: 'Corporate Systems', fn: 'Corporate Systems', weight: 35, titles: ['Systems Administrator', 'Senior Systems Engineer', 'Staff Systems Engineer'] },
      { name: 'Identity & Access', fn: 'Identity & Access Management', weight: 20, titles: ['IAM Engineer', 'Senior IAM Engineer'] },
    ],
  },
  {
    name: 'Legal', division: ga, code: 4300, weight: 2.5, headTitle: 'Chief Legal Officer',
    teams: [
      { name: 'Commercial', fn: 'Commercial Legal', weight: 60, titles: ['Paralegal', 'Commercial Counsel', 'Senior Commercial Counsel'] },
      { name: 'Privacy & Compliance', fn: 'Privacy & Compliance', weight: 40, titles: ['Compliance Analyst', 'Privacy Counsel'] },
    ],
  },
];

/** Groups that cut across the org chart. Some are filled by group rules (see `demo.ts`), the others by hand. */
export const crossGroups: readonly { name: string; description: string }[] = [
  { name: 'Leadership Team', description: 'The CEO and the heads of department' },
  { name: 'Managers', description: 'People managers (group rule on job title)' },
  { name: 'Contractors', description: 'Contractors and other non-employees (group rule on user type)' },
  { name: 'R&D - All', description: 'Everyone in Research & Development (group rule on division)' },
  { name: 'On-call', description: 'Engineers in the PagerDuty on-call rotation' },
  { name: 'Admins - IT', description: 'IT administrators: Okta, Google Workspace and device management' },
  { name: 'GitHub Admins', description: 'Owners of the acme GitHub organization' },
  { name: 'AWS Production Admins', description: 'Administrator access to the production AWS accounts (reviewed quarterly)' },
  { name: 'AWS Developers', description: 'Developer access to the non-production AWS accounts (group rule)' },
  { name: 'Figma Editors', description: 'Figma editor seats' },
  { name: 'Figma Viewers', description: 'Figma view-only access' },
  { name: 'Salesforce Users', description: 'Salesforce access outside Sales and Customer Success' },
  { name: 'Office - London', description: 'People based in the London office (group rule in draft)' },
];

/** Groups imported from Google Workspace (APP_GROUP): their members are managed in Google, not in Okta. */
export const googleGroups: readonly { name: string; description: string; size: number }[] = [
  { name: 'Engineering Announcements', description: 'Google group eng-announce@acme.example', size: 25 },
  { name: 'Acme Social Club', description: 'Google group social@acme.example', size: 40 },
];

export type DemoSignOnMode = 'SAML_2_0' | 'OPENID_CONNECT' | 'BOOKMARK';

/** Who gets an app through a group: the group's name, its priority and the app profile it gives. */
export interface GroupGrant {
  group: string;
  priority?: number;
  profile?: Record<string, unknown>;
}

/** Direct (scope USER) assignments: `count` ACTIVE people picked from these departments or teams ("Dept - Team"). */
export interface DirectGrant {
  count: number;
  from: readonly string[];
  profile?: Record<string, unknown>;
}

export interface AppSpec {
  /** The catalogue key (OIN app name); custom OIDC and bookmark apps use Okta's template names. */
  name: string;
  label: string;
  signOnMode: DemoSignOnMode;
  status?: 'INACTIVE';
  /** `settings.app`; for bookmarks it carries the url. */
  app?: Record<string, unknown>;
  /** For OIDC web apps: the app's base URL (redirect URIs hang off it). */
  baseUrl?: string;
  groups: readonly GroupGrant[];
  direct?: DirectGrant;
}

// Ordered roughly as a company adopts tools; app `created` times follow this order.
export const apps: readonly AppSpec[] = [
  { name: 'google', label: 'Google Workspace', signOnMode: 'SAML_2_0', app: { domain: company.domain }, groups: [{ group: 'Everyone' }] },
  { name: 'slack', label: 'Slack', signOnMode: 'SAML_2_0', app: { domain: 'acme-corp' }, groups: [{ group: 'Everyone' }] },
  { name: 'zoomus', label: 'Zoom', signOnMode: 'SAML_2_0', app: { subDomain: 'acme' }, groups: [{ group: 'Everyone' }] },
  { name: 'workday', label: 'Workday', signOnMode: 'SAML_2_0', app: { tenant: 'acme' }, groups: [{ group: 'Everyone' }] },
  { name: '1password', label: '1Password Business', signOnMode: 'SAML_2_0', groups: [{ group: 'Everyone' }] },
  {
    name: 'github', label: 'GitHub Enterprise', signOnMode: 'SAML_2_0', app: { githubOrg: 'acme' },
    groups: [{ group: 'GitHub Admins', priority: 0, profile: { role: 'owner' } }, { group: 'Engineering', priority: 1, profile: { role: 'member' } }],
    direct: { count: 4, from: ['Product', 'Design'], profile: { role: 'member' } },
  },
  {
    name: 'amazon_aws', label: 'AWS', signOnMode: 'SAML_2_0', app: { awsEnvironmentType: 'aws.amazon', sessionDuration: 3600 },
    groups: [{ group: 'AWS Production Admins', priority: 0, profile: { role: 'ProductionAdmin' } }, { group: 'AWS Developers', priority: 1, profile: { role: 'Developer' } }],
  },
  {
    name: 'atlassian', label: 'Atlassian Cloud', signOnMode: 'SAML_2_0', app: { siteUrl: 'https://acme.atlassian.net' },
    groups: [{ group: 'Engineering' }, { group: 'Product' }],
  },
  { name: 'datadog', label: 'Datadog', signOnMode: 'SAML_2_0', groups: [{ group: 'Engineering' }] },
  { name: 'pagerduty', label: 'PagerDuty', signOnMode: 'SAML_2_0', app: { subdomain: 'acme' }, groups: [{ group: 'On-call' }] },
  {
    name: 'figma', label: 'Figma', signOnMode: 'SAML_2_0',
    groups: [{ group: 'Figma Editors', priority: 0, profile: { role: 'Editor' } }, { group: 'Figma Viewers', priority: 1, profile: { role: 'Viewer' } }],
  },
  { name: 'miro', label: 'Miro', signOnMode: 'SAML_2_0', groups: [{ group: 'Product' }, { group: 'Design' }] },
  { name: 'notion', label: 'Notion', signOnMode: 'SAML_2_0', groups: [{ group: 'R&D - All' }] },
  {
    name: 'salesforce', label: 'Salesforce', signOnMode: 'SAML_2_0', app: { instanceType: 'PRODUCTION' },
    groups: [{ group: 'Sales' }, { group: 'Customer Success' }, { group: 'Salesforce Users' }],
    direct: { count: 3, from: ['Finance'] },
  },
  { name: 'hubspot', label: 'HubSpot', signOnMode: 'SAML_2_0', groups: [{ group: 'Marketing' }] },
  {
    name: 'zendesk', label: 'Zendesk', signOnMode: 'SAML_2_0', app: { companySubdomain: 'acme' },
    groups: [{ group: 'Customer Success' }],
    direct: { count: 3, from: ['Product - Core Product', 'Product - Product Operations'] },
  },
  {
    name: 'docusign', label: 'DocuSign', signOnMode: 'SAML_2_0',
    groups: [{ group: 'Legal' }, { group: 'Finance' }, { group: 'People' }],
    direct: { count: 4, from: ['Sales - Enterprise', 'Sales - Mid-Market'] },
  },
  { name: 'boxnet', label: 'Box', signOnMode: 'SAML_2_0', groups: [{ group: 'Finance' }, { group: 'Legal' }, { group: 'People' }] },
  {
    name: 'tableau', label: 'Tableau Cloud', signOnMode: 'SAML_2_0',
    groups: [{ group: 'Finance - FP&A', profile: { role: 'Creator' } }],
    direct: { count: 6, from: ['Sales - Sales Operations', 'Marketing - Marketing Operations', 'Engineering - Data'], profile: { role: 'Explorer' } },
  },
  { name: 'okta_org2org', label: 'Okta Org2Org (Acme Labs)', signOnMode: 'SAML_2_0', groups: [{ group: 'Admins - IT' }] },
  { name: 'dropbox_for_business', label: 'Dropbox Business', signOnMode: 'SAML_2_0', status: 'INACTIVE', groups: [{ group: 'Marketing' }] },
  { name: 'oidc_client', label: 'Acme Intranet', signOnMode: 'OPENID_CONNECT', baseUrl: 'https://intranet.acme.example', groups: [{ group: 'Everyone' }] },
  {
    name: 'oidc_client', label: 'Acme Admin Console', signOnMode: 'OPENID_CONNECT', baseUrl: 'https://admin.acme.example',
    groups: [{ group: 'Admins - IT' }, { group: 'Engineering - Platform' }],
  },
  { name: 'bookmark', label: 'Benefits Portal', signOnMode: 'BOOKMARK', app: { requestIntegration: false, url: 'https://benefits.acme.example/' }, groups: [{ group: 'Everyone' }] },
  { name: 'bookmark', label: 'IT Help Center', signOnMode: 'BOOKMARK', app: { requestIntegration: false, url: 'https://help.acme.example/' }, groups: [{ group: 'Everyone' }] },
];
