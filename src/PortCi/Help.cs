using System.Text;
using System.Text.RegularExpressions;

namespace Port.Ci;

/// <summary>port-ci's help texts, from the commands' task.json in the words of ci-wording.json.</summary>
public static partial class Help
{
    public static string Overview()
    {
        var text = new StringBuilder($"""
            port-ci {PortCli.Version}: read and write Port (getport.io) from any CI or shell.

            Usage: port-ci <command> [flags]     port-ci <command> --help     port-ci --version

            Commands:

            """);
        foreach (var command in CliCommand.All)
        {
            text.AppendLine($"  {command.Name,-19}{TaskManifest.Load(command.Task).Description}");
        }

        text.Append("""

            Credentials: PORT_CLIENT_ID and PORT_CLIENT_SECRET, or --client-id with --client-secret-file PATH or
            --client-secret-stdin. API URL: --base-url, else PORT_BASE_URL, else PORT_API_URL, else https://api.getport.io.
            Results: one JSON object, the last line of stdout (GitHub Actions' and Azure Pipelines' command lines come
            before it); logs on stderr. Exit codes: 0 success, 1 failure, 2 bad usage or input (nothing sent), 130 after
            SIGINT, 143 after SIGTERM.
            """);
        return text.ToString();
    }

    public static string ForCommand(CliCommand command, TaskManifest manifest)
    {
        var text = new StringBuilder($"port-ci {command.Name}: {manifest.Description}\n\nFlags:\n");
        foreach (var input in CommandLine.FlagInputs(manifest))
        {
            var value = input.IsBoolean ? "" : input.Options.Count > 0 ? $" {string.Join("|", input.Options)}" : " VALUE";
            var facts = new List<string>();
            if (input.Required)
            {
                facts.Add("required");
            }

            if (CiWording.Instance.Default(input) is { Length: > 0 } defaultValue)
            {
                facts.Add($"default {defaultValue}");
            }

            var head = $"  {input.Flag}{value}{(facts.Count > 0 ? $"  ({string.Join(", ", facts)})" : "")}";
            text.AppendLine(head).AppendLine("      " + Plain(CiWording.Instance.Help(input)));
        }

        if (CommandLine.TakesSinceCommit(manifest))
        {
            text.AppendLine($"  {CommandLine.SinceCommitFlag} SHA").AppendLine("      With --lead-time-hours auto, port-ci reads git in the current directory, in every CI: " +
                "the lead time runs from the oldest commit after SHA up to HEAD. Default: the CI's previous tip of the branch (GitLab's CI_COMMIT_BEFORE_SHA, " +
                "a GitHub push's before, Jenkins' GIT_PREVIOUS_SUCCESSFUL_COMMIT), else HEAD's own commit. A shallow clone without the range: a warning, no lead time.");
        }

        text.AppendLine($"  {CommandLine.ClientSecretFileFlag} PATH").AppendLine("      Read the client secret from a file (with --client-id, or PORT_CLIENT_ID).");
        text.AppendLine($"  {CommandLine.ClientSecretStdinFlag}").AppendLine("      Read the client secret from standard input.");
        text.AppendLine($"  {CommandLine.DebugFlag}").AppendLine("      Log every request and answer, secrets removed (also PORT_DEBUG=1).");
        text.AppendLine($"  {CommandLine.NameFlag} STEP").AppendLine("      Export the outputs as PORT_STEP_NAME instead of PORT_NAME, so two steps of a job keep theirs.");
        text.AppendLine($"  {CommandLine.DotenvFlag} PATH").AppendLine("      Append the outputs to a dotenv file (GitLab: artifacts:reports:dotenv); a multi-line or long value goes to a file named by NAME_VALUE_FILE.");
        text.AppendLine($"  {CommandLine.EnvFileFlag} PATH").AppendLine("      KEY='value' lines for any CI, safe to source (set -a; . ./port.env) and read by dotenv readers; a value with a quote, a line break or over 5,000 characters goes to a file named by NAME_VALUE_FILE.");
        text.Append($"\nOutputs (the keys of the JSON object on stdout): {string.Join(", ", manifest.Outputs)}.");
        var exported = command.DefaultStepName is { } step ? OutputExport.For(step, TextWriter.Null).Name("NAME") : "PORT_NAME";
        text.Append($"\nIn GitHub Actions they also go to $GITHUB_OUTPUT, in CircleCI to $BASH_ENV, in Azure Pipelines to output variables, as {exported}" +
            (command.DefaultStepName is null ? "." : " (not PORT_NAME: PORT_RUN_ID stays the run that started the pipeline)."));
        return text.ToString();
    }

    /// <summary>task.json's help is Markdown: links become their text, code spans lose their backticks.</summary>
    private static string Plain(string markdown) => Link().Replace(markdown, "$1").Replace("`", "", StringComparison.Ordinal);

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]+\)")]
    private static partial Regex Link();
}
