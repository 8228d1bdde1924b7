using Port.Pipelines;

namespace Port.Ci;

/// <summary>
/// A step's log as its CI shows one: GitHub Actions' <c>::group::</c>, <c>::warning::</c> and <c>::error::</c> and
/// Azure Pipelines' <c>##[group]</c> and <c>task.logissue</c> on stdout, where those CIs read them; GitLab's
/// collapsible sections; plain lines elsewhere, in colour only on a terminal and never with NO_COLOR. Plain log lines
/// go to stderr everywhere, so stdout keeps only what a CI reads and the JSON result.
/// </summary>
public sealed class CiLog(CiSystem ci, TextWriter stdout, TextWriter stderr, bool colour)
{
    private string? _section;

    /// <summary>Colour when stderr is a terminal and NO_COLOR is not set (https://no-color.org).</summary>
    public static bool UseColour(IEnvironment environment) =>
        string.IsNullOrEmpty(environment.Get("NO_COLOR")) && !Console.IsErrorRedirected;

    /// <summary>A plain log line. Text from outside (Port's answers, user input) can never become a command of the CI.</summary>
    public void Line(string text) => Write(stderr, Plain(text));

    public void Group(string title)
    {
        switch (ci)
        {
            case CiSystem.GitHubActions:
                Write(stdout, "::group::" + OneLine(title));
                break;
            case CiSystem.AzurePipelines:
                Write(stdout, "##[group]" + Plain(OneLine(title)));
                break;
            case CiSystem.GitLab:
                _section = $"port_{Guid.NewGuid():N}"[..16];
                Write(stderr, $"\u001b[0Ksection_start:{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}:{_section}[collapsed=true]\r\u001b[0K{OneLine(title)}");
                break;
            default:
                Write(stderr, Paint("1", "== " + OneLine(title)));
                break;
        }
    }

    public void EndGroup()
    {
        switch (ci)
        {
            case CiSystem.GitHubActions:
                Write(stdout, "::endgroup::");
                break;
            case CiSystem.AzurePipelines:
                Write(stdout, "##[endgroup]");
                break;
            case CiSystem.GitLab when _section is not null:
                Write(stderr, $"\u001b[0Ksection_end:{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}:{_section}\r\u001b[0K");
                _section = null;
                break;
        }
    }

    public void Warning(string message) => Issue("warning", "33", message);

    public void Error(string message) => Issue("error", "31", message);

    private void Issue(string kind, string colourCode, string message)
    {
        switch (ci)
        {
            case CiSystem.GitHubActions:
                // GitHub's escaping of a workflow command's message: % first, then line breaks.
                Write(stdout, $"::{kind}::{message.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal)}");
                break;
            case CiSystem.AzurePipelines:
                Write(stdout, $"##vso[task.logissue type={kind}]{CommandEscaping.Data(message)}");
                break;
            default:
                Write(stderr, Paint(colourCode, $"{kind}: ") + message);
                break;
        }
    }

    /// <summary>
    /// Breaks what this CI would act on in plain text: Azure's "##vso[" and "##[" anywhere; GitHub's "::command::" at a
    /// line's start, where a zero-width space after the first colon keeps it readable and inert.
    /// </summary>
    private string Plain(string text) => ci switch
    {
        CiSystem.AzurePipelines => CommandEscaping.Neutralize(text),
        CiSystem.GitHubActions => string.Join('\n', text.Split('\n').Select(BreakWorkflowCommand)),
        _ => text,
    };

    private static string BreakWorkflowCommand(string line) =>
        line.TrimStart().StartsWith("::", StringComparison.Ordinal) ? line.Insert(line.IndexOf("::", StringComparison.Ordinal) + 1, "\u200B") : line;

    private string Paint(string code, string text) => colour ? $"\u001b[{code}m{text}\u001b[0m" : text;

    private static string OneLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ');

    private static void Write(TextWriter writer, string line)
    {
        writer.Write(line);
        writer.Write('\n');
        writer.Flush();
    }
}
