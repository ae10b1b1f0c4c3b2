import { argChoice, defineCommand } from "./define.js";

export const completion = defineCommand({
  name: "completion",
  description: "print a shell completion script (commands, options, playbook and incident ids)",
  args: { shell: argChoice("<shell>", "the shell", ["bash", "zsh", "fish"]) },
  options: {},
  examples: [
    "crisis completion bash > ~/.local/share/bash-completion/completions/crisis",
    "echo 'source <(crisis completion bash)' >> ~/.bashrc",
    'crisis completion zsh > "${fpath[1]}/_crisis"',
    "crisis completion fish > ~/.config/fish/completions/crisis.fish",
  ],
  helpAfter: `
With crisis as a devDependency (npx crisis), write the bash script once from the repository and
load the file: it completes npx crisis … too.
  $ npx crisis completion bash > ~/.crisis-completion.bash
  $ echo 'source ~/.crisis-completion.bash' >> ~/.bashrc
See docs/completion.md.
`,
  /** The command and option lists come from the wired program, so they cannot drift from what it parses. */
  describesCli: true,
  async run(io, { args, program }) {
    const { completionScript } = await import("../core/completion/script.js");
    const { VERSION } = await import("../version.js");
    io.stdout.write(completionScript(args.shell, program, VERSION));
  },
});
