/**
 * People (coordinator): accounts, who reviews the current cohort, the issue-type taxonomy, and the
 * audit log of every change.
 */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useAnnounce } from '../components/announce.js';
import { Badge, Card, ErrorNote, Loading } from '../components/status.js';
import { useLoad } from '../components/use-load.js';
import type { CohortSummary, Role } from '../types.js';

export function People({ cohort }: { cohort: CohortSummary | null }) {
  const users = useLoad(() => api.users(), 'users');
  return (
    <section aria-labelledby="people-title">
      <h1 id="people-title" tabIndex={-1}>
        People
      </h1>
      <Card title="Accounts">
        {users.error && <ErrorNote message={users.error} />}
        {!users.data && !users.error && <Loading what="accounts" />}
        {users.data && <UserTable users={users.data.users} cohort={cohort} onChange={users.reload} />}
        <CreateUser onCreated={users.reload} />
      </Card>
      <IssueTypes />
      <AuditLog />
    </section>
  );
}

function UserTable(props: {
  users: { name: string; role: Role; cohorts: number[] }[];
  cohort: CohortSummary | null;
  onChange: () => void;
}) {
  const { cohort } = props;
  const [error, setError] = useState('');
  const announce = useAnnounce();
  const change = async (name: string, assign: boolean): Promise<void> => {
    if (!cohort) return;
    try {
      await (assign ? api.assign(cohort.id, name) : api.unassign(cohort.id, name));
      setError('');
      announce(`${name} ${assign ? 'assigned to' : 'removed from'} ${cohort.name} v${cohort.version}.`);
      props.onChange();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      {error && <ErrorNote message={error} />}
      <table class="plain">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Cohorts</th>
            <th scope="col">{cohort ? `${cohort.name} v${cohort.version}` : 'Current cohort'}</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => {
            const assigned = cohort !== null && u.cohorts.includes(cohort.id);
            return (
              <tr key={u.name}>
                <th scope="row">{u.name}</th>
                <td>
                  <span class={`role role-${u.role}`}>{u.role}</span>
                </td>
                <td>{u.role === 'coordinator' ? 'all' : u.cohorts.join(', ') || '—'}</td>
                <td>
                  {u.role === 'reviewer' && cohort && (
                    <button
                      type="button"
                      class={assigned ? 'quiet' : ''}
                      onClick={() => change(u.name, !assigned)}
                      aria-label={`${assigned ? 'Unassign' : 'Assign'} ${u.name} ${assigned ? 'from' : 'to'} ${cohort.name} v${cohort.version}`}
                    >
                      {assigned ? 'Unassign' : 'Assign'}
                    </button>
                  )}
                  {assigned && (
                    <>
                      {' '}
                      <Badge tone="good">assigned</Badge>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('reviewer');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const announce = useAnnounce();
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (password.length < 12) return setError('The initial password needs at least 12 characters.');
    try {
      await api.createUser(name.trim(), role, password);
      announce(`Account ${name} created. Give them the initial password in person.`);
      setName('');
      setPassword('');
      setError('');
      onCreated();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <form class="inline-form" onSubmit={submit} aria-labelledby="create-user-title">
      <h3 id="create-user-title">Create an account</h3>
      <div class="field">
        <label for="new-user-name">Name</label>
        <input id="new-user-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="new-user-role">Role</label>
        <select id="new-user-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          <option value="reviewer">reviewer</option>
          <option value="coordinator">coordinator</option>
        </select>
      </div>
      <div class="field">
        <label for="new-user-password">Initial password (12+ characters)</label>
        <input
          id="new-user-password"
          type="password"
          autocomplete="new-password"
          required
          minLength={12}
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </div>
      <div class="field field-button">
        <button type="submit" class="primary">
          Create
        </button>
      </div>
      <p class="form-error" role="alert">
        {error}
      </p>
    </form>
  );
}

function IssueTypes() {
  const types = useLoad(() => api.issueTypes(), 'issue-types');
  const [id, setId] = useState('');
  const [label, setLabel] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState('');
  const announce = useAnnounce();
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    try {
      await api.addIssueType({ id: id.trim(), label: label.trim(), description: description.trim() });
      announce(`Issue type “${label}” added.`);
      setId('');
      setLabel('');
      setDescription('');
      setError('');
      types.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card title="Issue types">
      {types.error && <ErrorNote message={types.error} />}
      <ul class="issue-types">
        {(types.data?.issueTypes ?? []).map((t) => (
          <li key={t.id}>
            <strong>{t.label}</strong> <code class="small">{t.id}</code>{' '}
            <Badge tone={t.builtIn ? 'neutral' : 'info'}>{t.builtIn ? 'built in' : 'added'}</Badge>
            <span class="muted small block">{t.description}</span>
          </li>
        ))}
      </ul>
      <form class="inline-form" onSubmit={submit} aria-labelledby="add-issue-title">
        <h3 id="add-issue-title">Add an issue type</h3>
        <div class="field">
          <label for="issue-id">Id (kebab-case)</label>
          <input
            id="issue-id"
            required
            pattern="[a-z][a-z0-9\-]{1,47}"
            value={id}
            onInput={(e) => setId(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="issue-label">Label</label>
          <input
            id="issue-label"
            required
            maxLength={80}
            value={label}
            onInput={(e) => setLabel(e.currentTarget.value)}
          />
        </div>
        <div class="field wide">
          <label for="issue-description">Description</label>
          <input
            id="issue-description"
            maxLength={400}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </div>
        <div class="field field-button">
          <button type="submit" class="primary">
            Add
          </button>
        </div>
        <p class="form-error" role="alert">
          {error}
        </p>
      </form>
    </Card>
  );
}

function AuditLog() {
  const audit = useLoad(() => api.audit(), 'audit');
  return (
    <Card title="Audit log">
      <div class="actions">
        <button type="button" class="quiet" onClick={audit.reload}>
          Refresh
        </button>
      </div>
      {audit.error && <ErrorNote message={audit.error} />}
      {audit.data && (
        <div class="table-scroll audit">
          <table class="plain">
            <caption class="visually-hidden">Every change, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.entries.map((e, i) => (
                <tr key={i}>
                  <td class="nowrap">{e.at.replace('T', ' ').slice(0, 19)}</td>
                  <td>{e.actor}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{e.subject ?? '—'}</td>
                  <td class="small">
                    {Object.entries(e.detail)
                      .map(([k, v]) => `${k}: ${String(v)}`)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
