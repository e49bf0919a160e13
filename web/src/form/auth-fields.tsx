/** Outbound authentication of an HTTP action: Basic, client certificate or Active Directory OAuth. */
import { Field, SelectField, TextField, useForm } from './fields.js';
import { getPath, textOf } from './model.js';

export function AuthFields({ path, keptHint }: { path: string; keptHint: string | undefined }) {
  const f = useForm();
  const type = (getPath(f.doc, `${path}.type`) as string | undefined) ?? '';
  return (
    <fieldset class="group">
      <legend>Authentication</legend>
      <SelectField
        path={`${path}.type`}
        label="Type"
        options={[
          ['', 'none'],
          ['Basic', 'Basic'],
          ['ClientCertificate', 'Client certificate'],
          ['ActiveDirectoryOAuth', 'Active Directory OAuth'],
        ]}
        // A new type starts empty: the old type's members mean nothing to it.
        onPick={(t) => f.set(path, t ? { type: t } : undefined)}
      />
      {type === 'Basic' && (
        <>
          <TextField path={`${path}.username`} label="User name" />
          <TextField path={`${path}.password`} label="Password" type="password" hint={keptHint} />
        </>
      )}
      {type === 'ClientCertificate' && (
        <>
          <Field path={`${path}.pfx`} label="Certificate (PKCS#12 / .pfx file)" hint={keptHint}>
            <input
              id={`f-${path.replace(/\./g, '-')}-pfx`}
              name={`${path}.pfx`}
              type="file"
              accept=".pfx,.p12,application/x-pkcs12"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                if (!file) return;
                void file.arrayBuffer().then((buf) => {
                  let bin = '';
                  for (const b of new Uint8Array(buf)) bin += String.fromCharCode(b);
                  f.set(`${path}.pfx`, btoa(bin));
                });
              }}
            />
          </Field>
          <TextField path={`${path}.password`} label="Certificate password" type="password" hint={keptHint} />
          {getPath(f.doc, `${path}.certificateSubjectName`) !== undefined && (
            <p class="muted">
              Stored: {textOf(getPath(f.doc, `${path}.certificateSubjectName`))}, thumbprint{' '}
              {textOf(getPath(f.doc, `${path}.certificateThumbprint`))}
            </p>
          )}
        </>
      )}
      {type === 'ActiveDirectoryOAuth' && (
        <>
          <TextField path={`${path}.tenant`} label="Tenant" />
          <TextField path={`${path}.audience`} label="Audience" />
          <TextField path={`${path}.clientId`} label="Client id" />
          <TextField path={`${path}.secret`} label="Client secret" type="password" hint={keptHint} />
        </>
      )}
    </fieldset>
  );
}
