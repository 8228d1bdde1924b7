using System.Text.RegularExpressions;

namespace EndToEnd.Tests;

/// <summary>One logging command, parsed as the agent's Command.TryParse parses it.</summary>
public sealed record LoggingCommand(string Name, IReadOnlyDictionary<string, string> Properties, string Data)
{
    public static LoggingCommand? Parse(string line)
    {
        var start = line.IndexOf("##vso[", StringComparison.Ordinal);
        var close = start < 0 ? -1 : line.IndexOf(']', start);
        if (close < 0)
        {
            return null;
        }

        var head = line[(start + 6)..close];
        var space = head.IndexOf(' ');
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (space >= 0)
        {
            foreach (var pair in head[(space + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq > 0)
                {
                    properties[pair[..eq].Trim()] = Unescape(pair[(eq + 1)..]);
                }
            }
        }

        return new LoggingCommand((space < 0 ? head : head[..space]).ToLowerInvariant(), properties, Unescape(line[(close + 1)..]));
    }

    // CommandStringConvertor.Unescape: %AZP25 last, so an escaped "%0A" stays literal.
    private static string Unescape(string value) => value
        .Replace("%3B", ";", StringComparison.OrdinalIgnoreCase).Replace("%0D", "\r", StringComparison.OrdinalIgnoreCase)
        .Replace("%0A", "\n", StringComparison.OrdinalIgnoreCase).Replace("%5D", "]", StringComparison.OrdinalIgnoreCase)
        .Replace("%AZP25", "%", StringComparison.OrdinalIgnoreCase);
}

/// <summary>What a task run left behind, read as the agent reads it.</summary>
public sealed class AgentRun(int exitCode, IReadOnlyList<string> lines)
{
    public int ExitCode => exitCode;

    public IReadOnlyList<string> Lines => lines;

    public IReadOnlyList<LoggingCommand> Commands { get; } = lines.Select(LoggingCommand.Parse).OfType<LoggingCommand>().ToList();

    /// <summary>The agent's verdict: a non-zero exit fails the step whatever task.complete said.</summary>
    public string Result => exitCode != 0 ? "Failed" : Commands.LastOrDefault(c => c.Name == "task.complete")?.Properties["result"] ?? "Succeeded";

    public string? CompleteMessage => Commands.LastOrDefault(c => c.Name == "task.complete")?.Data;

    public IReadOnlyList<string> Errors => Commands.Where(c => c.Name == "task.logissue" && c.Properties["type"] == "error").Select(c => c.Data).ToList();

    public IReadOnlyDictionary<string, string> Outputs => Commands
        .Where(c => c.Name == "task.setvariable" && string.Equals(c.Properties.GetValueOrDefault("isOutput"), "true", StringComparison.OrdinalIgnoreCase))
        .GroupBy(c => c.Properties["variable"]).ToDictionary(g => g.Key, g => g.Last().Data);

    public IReadOnlyList<string> RegisteredSecrets => Commands.Where(c => c.Name == "task.setsecret").Select(c => c.Data).ToList();

    /// <summary>Every line but the setsecret commands: what the agent would act on or print.</summary>
    public IEnumerable<string> LinesOtherThanSetSecret => lines.Where(l => LoggingCommand.Parse(l)?.Name != "task.setsecret");

    public override string ToString() => $"exit {exitCode}\n{string.Join('\n', lines)}";

    public bool Mentions(string pattern) => lines.Any(l => Regex.IsMatch(l, pattern));
}
