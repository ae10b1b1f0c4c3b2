/** The short guides init leaves in the folders it creates, so the next person knows what the folder is for. */

export function playbooksReadme(docs: string): string {
  return `# Playbooks

This team's crisis playbooks. crisis reads its bundled playbooks first and then this folder
(\`playbook_dirs\` in \`crisis.config.yaml\`): a playbook here with the same \`id\` as a bundled one
replaces it, and a new \`id\` adds a playbook.

- \`crisis playbooks\` lists every playbook and says whether it is \`bundled\` or \`local\`.
- \`crisis init --playbooks <id>\` copies another bundled playbook here to customise; files that
  already exist are left alone.
- Keep \`extends: common\`: the shared steps (declare, triage, contain, ... learn) then come from the
  bundled spine and improve when crisis is upgraded. \`crisis init --spine\` copies the spine here
  too, if the team wants to change the shared steps (it then replaces the bundled spine).
- \`crisis lint\` checks this folder; the CI workflow runs it on every pull request.
- Rehearse with \`crisis start <id> --drill\`.

The format is described in ${docs}/playbook-format.md.
`;
}

export function templatesReadme(docs: string): string {
  return `# Message templates

Message drafts used by the playbooks' steps. A template is a text file
\`messages/<group>/<name>.txt\`, named in a playbook by its id \`<group>/<name>\` (for example
\`data-breach/holding-statement\`). It starts with front matter between \`---\` lines:

\`\`\`
---
title: Holding statement
kind: holding
audience: public
---
We are aware of {{what_happened}} and are looking into it. Next update by {{next_update_time}}.
\`\`\`

A template here with the same id as a bundled one replaces it (\`template_dirs\` in
\`crisis.config.yaml\`). Variables come from \`crisis.config.yaml\` (\`{{brand}}\`, \`{{hub_url}}\`, ...),
from the incident (\`{{incident_title}}\`, \`{{next_update_time}}\`, ...) and from the answers to the
step's prompts. \`crisis lint\` checks every variable and each channel's length limit.

Details: ${docs}/playbook-format.md.
`;
}
